"""What the resident's fault form shows before a report is filed: the emergencies for the
chosen flat ("water cut in your building until 14:00") and the building's open reports about
shared spaces, each with a "me too" instead of a duplicate report."""

from __future__ import annotations

from dataclasses import dataclass

from ...models import User
from ..faults import SharedReport, shared_reports
from .reading import AnnouncementItem, flat_emergencies


@dataclass(frozen=True)
class FaultFormNotices:
    emergencies: list[AnnouncementItem]
    shared: list[SharedReport]
    flat_id: int


def fault_form_notices(user: User, flat_id: int, language: str) -> FaultFormNotices:
    """Emergencies and open shared-space reports for one of the user's flats (``NotFound`` for
    any other flat)."""
    return FaultFormNotices(
        flat_emergencies(user, flat_id, language), shared_reports(user, flat_id), flat_id
    )

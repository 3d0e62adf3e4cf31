"""The maintenance company's page behind the signed link: what it shows, the one change it
saves (status, visit time and a note for the resident, all or nothing), and the report's photos.

Every change is logged with the company's name as the actor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from ...db import write_txn
from ...domain import faults as rules
from ...models import FaultPhoto, FaultReport, Flat
from .core import FaultError, PhotoFile, ReportView, photo_file, photos_of, timeline
from .links import report_for_maintenance
from .status import change_status, maintenance_note, reschedule_visit


@dataclass(frozen=True)
class MaintenanceView(ReportView):
    """The report as the maintenance company sees it (``flat`` with building, housing company
    and maintenance company); the public timeline only, never the desk's internal notes."""

    flat: Flat


def _company_label(flat: Flat) -> str:
    """The name the company's changes are signed with."""
    company = flat.housing_company.maintenance_company
    return company.name if company is not None else _("Maintenance company")


def _view(report: FaultReport, flat: Flat) -> MaintenanceView:
    return MaintenanceView(report, timeline(report), photos_of(report), flat)


def maintenance_view(token: str, open_only: bool = True) -> MaintenanceView:
    """The page behind the link; ``LinkInvalid`` or ``LinkClosed`` when the link does not open
    (``open_only`` False: also a closed report, to answer a change refused meanwhile)."""
    return _view(*report_for_maintenance(token, open_only))


@dataclass(frozen=True)
class MaintenanceChange:
    """What the company's form sends: the version it was read at, maybe a new status, maybe a
    visit time (Helsinki-aware), maybe a note."""

    version: int
    status: str = ""
    visit_at: datetime | None = None
    note: str = ""


def maintenance_update(token: str, change: MaintenanceChange) -> MaintenanceView:
    """Save the company's change in one transaction: a new status (with its visit time), or a
    moved visit, and the note; nothing of it when any part is refused (``FaultError``, e.g.
    "conflict" when the report changed since the form was read). Returns the page afresh; once
    the change closes the report, the link no longer opens it, but this answer still shows it."""
    report, flat = report_for_maintenance(token)
    label = _company_label(flat)
    note = change.note.strip()
    with write_txn():
        if change.version != report.version:
            raise FaultError("conflict")
        if change.status:
            change_status(
                report.id,
                change.status,
                actor_kind=rules.MAINTENANCE,
                version=change.version,
                actor_label=label,
                visit_at=change.visit_at,
            )
        elif change.visit_at is not None:
            reschedule_visit(
                report.id, change.visit_at, version=change.version, actor_label=label
            )
        if note:
            maintenance_note(report.id, note, label)
    return _view(FaultReport.get_by_id(report.id), flat)


def maintenance_photo(token: str, photo_id: int, thumb: bool = False) -> PhotoFile:
    """A photo of this link's report; ``PhotoNotFound`` for any other."""
    report, _flat = report_for_maintenance(token)
    return photo_file(
        FaultPhoto.get_or_none((FaultPhoto.id == photo_id) & (FaultPhoto.report == report.id)),
        thumb,
    )

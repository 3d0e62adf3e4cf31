"""What the household topics share: the refusal with words of its own, and today."""

from __future__ import annotations

from ..bookings.common import today
from ..errors import ServiceError

__all__ = ["HouseholdError", "today"]


class HouseholdError(ServiceError):
    """A contact-details or occupants rule said no; ``code`` picks the words (and the field
    they are shown next to), ``params`` fill them in. Nothing was changed."""

"""What the resident booking views share: the flat a page is about, the words for hours, dates
and money, and leaving a waiting list (the same for a sauna hour and a parking kind)."""

from __future__ import annotations

from flask_login import current_user

from ...i18n import house_date, money
from ...labels import weekday_name
from ...params import id_arg
from ...services import access
from ...services import bookings as service
from .answers import attempt


def pick_flat(required: str | None, preferred: str | None = None) -> int:
    """The flat the page or form is about (the ``flat`` argument, checked by ``access``)."""
    return access.pick_flat(current_user, id_arg("flat"), required, preferred)


def flat_choices(capability: str | None = None):
    flats = access.started_flats(current_user)
    return access.describe([fa for fa in flats if capability is None or fa.can(capability)])


def can(flat_id: int, capability: str) -> bool:
    return any(
        fa.flat_id == flat_id and fa.can(capability) for fa in access.started_flats(current_user)
    )


def hours_text(hour) -> str:
    return f"{hour.start_hour}–{hour.start_hour + 1}"


def hour_text(hour) -> str:
    """The hour as "Monday 17–18" in the page's language."""
    return f"{weekday_name(hour.weekday)} {hours_text(hour)}"


def leave_queue(entry_id: int, capability: str, prefix: str, answer, notice: str):
    """Take the flat off its waiting list (``capability`` "sauna" or "parking"; the entry's
    queue key starts with ``prefix``), answered by ``answer``."""
    flat_id = pick_flat(capability)
    service.flat_waiting_entry(flat_id, entry_id, prefix)
    return attempt(
        answer,
        flat_id,
        lambda: service.leave_queue(current_user, flat_id, entry_id, capability),
        lambda _none: notice,
    )


#: Dates in the messages: the house style of the page's language.
d = house_date

__all__ = [
    "can",
    "d",
    "flat_choices",
    "hour_text",
    "hours_text",
    "leave_queue",
    "money",
    "pick_flat",
]

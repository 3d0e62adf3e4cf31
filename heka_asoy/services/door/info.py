"""The resident's door-opening page: whom to call now, and who of the flat is in the register.

Why the register matters here: for safety the door is opened only for people in the resident
register who show a photo ID, so a resident locked out with an unregistered partner learns it
before they need it, not at the door at night.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from ...domain.office_hours import desk_open, urgent_phone
from ...models import Occupancy, Resident, User
from .. import access
from ..access import FlatSummary
from ..bookings.common import today

ADULT_AGE = 18


@dataclass(frozen=True)
class RegisterEntry:
    name: str
    adult: bool
    in_register: bool


@dataclass(frozen=True)
class DoorInfo:
    flat: FlatSummary
    flats: list[FlatSummary]
    phone_now: str
    desk_open_now: bool
    people: list[RegisterEntry]

    @property
    def adults(self) -> list[RegisterEntry]:
        return [p for p in self.people if p.adult]

    @property
    def adults_missing(self) -> list[RegisterEntry]:
        return [p for p in self.adults if not p.in_register]

    @property
    def all_adults_in_register(self) -> bool:
        return bool(self.adults) and not self.adults_missing


def _adult(birth_date: date | None, on: date) -> bool:
    """18 or older on ``on``; a person without a birth date counts as an adult (the rule must
    not pass over someone the register does not know well)."""
    if birth_date is None:
        return True
    had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (0 if had_birthday else 1) >= ADULT_AGE


def door_info(user: User, flat_id: int | None, now: datetime | None = None) -> DoorInfo:
    """The page for ``flat_id`` (or the user's first flat): ``NotFound`` for a flat not the
    user's, ``Refused`` without the flat_info right."""
    chosen = access.pick_flat(user, flat_id, "flat_info")
    allowed = [fa for fa in access.started_flats(user) if fa.can("flat_info")]
    summaries = access.describe(allowed)
    day = today()
    rows = (
        Occupancy.select(Occupancy.in_register, Resident.first_names, Resident.last_name,
                         Resident.birth_date)
        .join(Resident)
        .where((Occupancy.flat == chosen) & Occupancy.current_on(day))
        .order_by(Resident.last_name, Resident.first_names, Resident.id)
    )
    people = [
        RegisterEntry(row.resident.full_name, _adult(row.resident.birth_date, day),
                      row.in_register)
        for row in rows
    ]
    moment = now or datetime.now(UTC)
    return DoorInfo(
        flat=next(s for s in summaries if s.flat_id == chosen),
        flats=summaries,
        phone_now=urgent_phone(moment),
        desk_open_now=desk_open(moment),
        people=people,
    )

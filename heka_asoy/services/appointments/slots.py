"""Which office times can be booked and how many desks each still has.

The office's appointment hours, holidays and the Tuesday walk-in rule live in
``domain.office_hours``; this module adds what only the database knows: the days the desk closed
and the visits already holding a slot. Slots are offered as aware Helsinki datetimes; the database
keeps naive UTC (``models.base.utcnow``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from peewee import fn

from ...domain.clock import file_stamp, helsinki_now
from ...domain.office_hours import HELSINKI, Hours, appointment_slots
from ...models import Appointment, OfficeClosure

#: Statuses that hold their slot (a proposed time is kept for the person until they answer).
HOLDING = ("proposed", "confirmed")


@dataclass(frozen=True)
class Slot:
    """One bookable time: its start and end (Helsinki) and how many desks are still free."""

    starts_at: datetime
    ends_at: datetime
    free: int

    @property
    def value(self) -> str:
        """The slot as a form value: its UTC start, ``20261202-0700``."""
        return slot_value(self.starts_at)


def desks() -> int:
    """Visits one slot can hold at once (``OFFICE_DESKS``)."""
    return max(1, int(current_app.config.get("OFFICE_DESKS", 2)))


def slot_minutes() -> int:
    return int(current_app.config.get("OFFICE_SLOT_MINUTES", 30))


def to_utc(value: datetime) -> datetime:
    """Naive UTC, as stored."""
    return value.astimezone(UTC).replace(tzinfo=None)


def to_local(value: datetime) -> datetime:
    """Aware Helsinki time of a stored (naive UTC) datetime."""
    return value.replace(tzinfo=UTC).astimezone(HELSINKI)


def slot_value(starts_at: datetime) -> str:
    return file_stamp(to_utc(starts_at))


def parse_slot(value: str) -> datetime | None:
    """The aware start behind a form value, or None when it is not one."""
    try:
        parsed = datetime.strptime(value or "", "%Y%m%d-%H%M")
    except ValueError:
        return None
    if not 2000 <= parsed.year <= 2999:
        return None
    return parsed.replace(tzinfo=UTC).astimezone(HELSINKI)


def closed_days(first: date, last: date) -> frozenset[date]:
    query = OfficeClosure.select(OfficeClosure.day).where(OfficeClosure.day.between(first, last))
    return frozenset(row.day for row in query)


def _hours(first: date, last: date) -> Hours:
    return Hours(closed_dates=closed_days(first, last))


def held_counts(first: date, last: date) -> dict[datetime, int]:
    """Visits holding a slot per start (naive UTC) between two Helsinki days."""
    start = to_utc(datetime.combine(first, datetime.min.time(), tzinfo=HELSINKI))
    end = to_utc(datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=HELSINKI))
    query = (
        Appointment.select(Appointment.starts_at, fn.COUNT(Appointment.id).alias("n"))
        .where(
            Appointment.slot_key.is_null(False),
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
        )
        .group_by(Appointment.starts_at)
        .tuples()
    )
    return {starts: n for starts, n in query}


def day_slots(first: date, last: date, now: datetime | None = None) -> list[Slot]:
    """Every offered slot from ``first`` to ``last`` (Helsinki days) that starts after ``now``,
    full ones included (``free`` 0): the staff calendar shows them all."""
    now = now or helsinki_now()
    hours = _hours(first, last)
    held = held_counts(first, last)
    length = timedelta(minutes=slot_minutes())
    capacity = desks()
    out: list[Slot] = []
    day = first
    while day <= last:
        for start in appointment_slots(day, slot_minutes(), hours):
            if start <= now:
                continue
            free = max(0, capacity - held.get(to_utc(start), 0))
            out.append(Slot(start, start + length, free))
        day += timedelta(days=1)
    return out


def free_slots(first: date, last: date, now: datetime | None = None) -> list[Slot]:
    """The slots a person can still take."""
    return [slot for slot in day_slots(first, last, now) if slot.free > 0]


def rebook_window(now: datetime | None = None) -> tuple[date, date]:
    """Today and four weeks on (``OFFICE_BOOKING_DAYS``): the times a rebooking offers."""
    today = (now or helsinki_now()).date()
    return today, today + timedelta(days=int(current_app.config.get("OFFICE_BOOKING_DAYS", 28)))


def is_offered(starts_at: datetime, now: datetime | None = None) -> bool:
    """Is ``starts_at`` one of the office's slots, in the future, on a day not closed?"""
    now = now or helsinki_now()
    local = starts_at.astimezone(HELSINKI)
    day = local.date()
    if local <= now:
        return False
    return local in appointment_slots(day, slot_minutes(), _hours(day, day))

"""Desk and office hours, Finnish public holidays, and which phone number applies when.

Why this matters: urgent faults (water leaks, sewer blockages, electrical faults) and door
openings must be phoned, and the right number depends on the moment: Heka customer service
(09 5767 3000) Mon-Fri 9-12, the on-call service (09 5767 3100) at all other times, including
Finnish public holidays. The same desk hours decide when staff are expected to react, so overdue
flags count only desk-open time.

All times are Europe/Helsinki. Aware datetimes are converted; naive ones are taken to be Helsinki
wall-clock time. Every function takes an optional :class:`Hours` so configuration and tests can
override the opening hours without touching the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import cast
from zoneinfo import ZoneInfo

import holidays

from .contacts import HEKA_CUSTOMER_SERVICE_PHONE, ONCALL_PHONE

HELSINKI = ZoneInfo("Europe/Helsinki")

#: How far ahead next_desk_opening() looks before giving up (hours configured with no open day).
_SEARCH_DAYS = 400

Window = tuple[time, time]


def _as_time(value: int | time) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23:
        raise ValueError(f"opening hour must be 0-23 or a datetime.time, not {value!r}")
    return time(value)


@dataclass(frozen=True)
class WeeklyHours:
    """Opening window per weekday (0 = Monday ... 6 = Sunday); missing days are closed.

    Windows are half-open: ``WeeklyHours({0: (9, 12)})`` is open on Mondays from 9:00 up to but
    not including 12:00. Hours may be given as ints or as :class:`datetime.time`.
    """

    days: Mapping[int, tuple[int | time, int | time]]

    def __post_init__(self) -> None:
        normalized: dict[int, Window] = {}
        for weekday, (start, end) in self.days.items():
            if not 0 <= weekday <= 6:
                raise ValueError(f"weekday must be 0-6, not {weekday!r}")
            window = (_as_time(start), _as_time(end))
            if window[0] >= window[1]:
                raise ValueError(f"opening window {window} must start before it ends")
            normalized[weekday] = window
        object.__setattr__(self, "days", MappingProxyType(normalized))

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.days.items())))

    def window(self, weekday: int) -> Window | None:
        """``(opens, closes)`` on ``weekday``, or None when closed that weekday."""
        return cast("Window | None", self.days.get(weekday))


#: asoy desk phone and Heka customer service: Mon-Fri 9-12.
DESK_HOURS = WeeklyHours({0: (9, 12), 1: (9, 12), 2: (9, 12), 3: (9, 12), 4: (9, 12)})
#: Customer service office (Viborgsgatan 2): walk-in on Tuesdays 9-15.
OFFICE_WALK_IN_HOURS = WeeklyHours({1: (9, 15)})
#: Customer service office: by appointment Wed 9-12 and Thu 12-15.
OFFICE_APPOINTMENT_HOURS = WeeklyHours({2: (9, 12), 3: (12, 15)})


@dataclass(frozen=True)
class Hours:
    """All opening hours in one overridable bundle."""

    desk: WeeklyHours = DESK_HOURS
    office_walk_in: WeeklyHours = OFFICE_WALK_IN_HOURS
    office_appointment: WeeklyHours = OFFICE_APPOINTMENT_HOURS
    #: Finnish public holidays close the desk and the office.
    observe_holidays: bool = True
    #: Extra closed days (e.g. a staff training day).
    closed_dates: frozenset[date] = field(default_factory=frozenset)


DEFAULT_HOURS = Hours()


class OfficeStatus(StrEnum):
    """What the customer service office is doing at a given moment."""

    WALK_IN = "walk_in"
    APPOINTMENT = "appointment"
    CLOSED = "closed"


# --- holidays -----------------------------------------------------------------------------------


@lru_cache(maxsize=128)
def _holidays(year: int, language: str) -> Mapping[date, str]:
    """Finnish public holidays of one year (cached; the holidays object is not thread-safe)."""
    calendar = holidays.country_holidays("FI", years=year, language=language)
    return MappingProxyType(dict(calendar.items()))


def to_helsinki(dt: datetime) -> datetime:
    """``dt`` as an aware Helsinki datetime (naive input is taken as Helsinki wall time)."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=HELSINKI)
    return dt.astimezone(HELSINKI)


def _as_date(day: date | datetime) -> date:
    if isinstance(day, datetime):
        return to_helsinki(day).date()
    return day


def is_holiday(day: date | datetime) -> bool:
    """True on Finnish public holidays (incl. Midsummer Eve and Christmas Eve)."""
    d = _as_date(day)
    return d in _holidays(d.year, "fi")


def holiday_name(day: date | datetime, language: str = "fi") -> str | None:
    """The holiday's name (``'fi'``, ``'sv_FI'`` or ``'en_US'``), or None on ordinary days."""
    d = _as_date(day)
    return _holidays(d.year, language).get(d)


def _closed_day(day: date, hours: Hours) -> bool:
    return (hours.observe_holidays and is_holiday(day)) or day in hours.closed_dates


def _open_in(weekly: WeeklyHours, local: datetime, hours: Hours) -> bool:
    window = weekly.window(local.weekday())
    if window is None or _closed_day(local.date(), hours):
        return False
    start, end = window
    return start <= local.time() < end


# --- the desk -----------------------------------------------------------------------------------


def desk_open(dt: datetime, hours: Hours = DEFAULT_HOURS) -> bool:
    """True while the asoy desk and Heka customer service answer (Mon-Fri 9-12, not holidays)."""
    return _open_in(hours.desk, to_helsinki(dt), hours)


def urgent_phone(dt: datetime, hours: Hours = DEFAULT_HOURS) -> str:
    """The number to phone urgent faults and door openings to at ``dt``."""
    return HEKA_CUSTOMER_SERVICE_PHONE if desk_open(dt, hours) else ONCALL_PHONE


def next_desk_opening(dt: datetime, hours: Hours = DEFAULT_HOURS) -> datetime:
    """The next moment the desk opens (aware, Helsinki); ``dt`` itself when open right now."""
    local = to_helsinki(dt)
    if desk_open(local, hours):
        return local
    for offset in range(_SEARCH_DAYS):
        day = local.date() + timedelta(days=offset)
        window = hours.desk.window(day.weekday())
        if window is None or _closed_day(day, hours):
            continue
        opening = datetime.combine(day, window[0], tzinfo=HELSINKI)
        if opening > local:
            return opening
    raise ValueError("the desk never opens with these hours")


def business_hours_between(
    start: datetime, end: datetime, hours: Hours = DEFAULT_HOURS
) -> timedelta:
    """Desk-open time between ``start`` and ``end`` (zero when ``end`` is not after ``start``).

    Used for overdue flags: a message sent on Friday evening has not waited at all by Monday 9.
    """
    lo, hi = to_helsinki(start), to_helsinki(end)
    total = timedelta(0)
    if hi <= lo:
        return total
    day = lo.date()
    while day <= hi.date():
        window = hours.desk.window(day.weekday())
        if window is not None and not _closed_day(day, hours):
            opens = datetime.combine(day, window[0], tzinfo=HELSINKI)
            closes = datetime.combine(day, window[1], tzinfo=HELSINKI)
            overlap_start = max(opens, lo).astimezone(UTC)
            overlap_end = min(closes, hi).astimezone(UTC)
            if overlap_end > overlap_start:
                total += overlap_end - overlap_start
        day += timedelta(days=1)
    return total


def latest_start_within(limit: timedelta, now: datetime, hours: Hours = DEFAULT_HOURS) -> datetime:
    """The earliest moment ``s`` (aware UTC) with ``business_hours_between(s, now, hours) <=
    limit``: walk back from ``now`` over the open windows until ``limit`` is used up.

    So anything started at or before ``s - 1 µs`` has waited *more* than ``limit`` at ``now``.
    Queues use it to turn a business-time limit into one SQL cutoff per request instead of
    counting business hours once per row (the fault queue's overdue filter, the desk inbox's
    SLA)."""
    local_now = to_helsinki(now)
    remaining = limit
    day = local_now.date()
    for _ in range(_SEARCH_DAYS):
        window = hours.desk.window(day.weekday())
        if window is not None and not _closed_day(day, hours):
            opens = datetime.combine(day, window[0], tzinfo=HELSINKI).astimezone(UTC)
            closes = datetime.combine(day, window[1], tzinfo=HELSINKI).astimezone(UTC)
            end = min(closes, now.astimezone(UTC))
            if end > opens:
                if remaining == timedelta(0):
                    return end  # the closed time after this window adds nothing
                available = end - opens
                if available > remaining:
                    return end - remaining
                remaining -= available
        day -= timedelta(days=1)
    raise ValueError("no business hours to count back over")  # pragma: no cover


# --- the customer service office ----------------------------------------------------------------


def office_status(dt: datetime, hours: Hours = DEFAULT_HOURS) -> OfficeStatus:
    """Walk-in, by appointment, or closed at ``dt``."""
    local = to_helsinki(dt)
    if _open_in(hours.office_walk_in, local, hours):
        return OfficeStatus.WALK_IN
    if _open_in(hours.office_appointment, local, hours):
        return OfficeStatus.APPOINTMENT
    return OfficeStatus.CLOSED


def appointment_slots(
    day: date, slot_minutes: int = 30, hours: Hours = DEFAULT_HOURS
) -> list[datetime]:
    """Start times of the bookable appointment slots on ``day`` (none on holidays).

    Only whole slots that end by closing time are offered.
    """
    if slot_minutes <= 0:
        raise ValueError("slot_minutes must be positive")
    if isinstance(day, datetime):
        day = _as_date(day)
    window = hours.office_appointment.window(day.weekday())
    if window is None or _closed_day(day, hours):
        return []
    slot = timedelta(minutes=slot_minutes)
    current = datetime.combine(day, window[0], tzinfo=HELSINKI)
    closes = datetime.combine(day, window[1], tzinfo=HELSINKI)
    slots: list[datetime] = []
    while current + slot <= closes:
        slots.append(current)
        current += slot
    return slots


# --- the public contact page: what applies right now ----------------------------------------------

#: The ``holidays`` package's language codes for the portal's languages.
HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


@dataclass(frozen=True)
class OfficeDay:
    """The customer service office on one day: how it serves (walk-in, by appointment or not at
    all) and when. ``holiday`` is true when a public holiday (or an extra closed date) closes a
    day that would otherwise be open or not."""

    day: date
    status: OfficeStatus
    window: Window | None
    holiday: bool


def office_day(day: date | datetime, hours: Hours = DEFAULT_HOURS) -> OfficeDay:
    """How the office serves on ``day``: walk-in Tue 9-15, appointments Wed 9-12 and Thu 12-15,
    closed Mon, Fri, weekends and holidays (with the default hours)."""
    d = _as_date(day)
    if _closed_day(d, hours):
        return OfficeDay(d, OfficeStatus.CLOSED, None, True)
    for status, weekly in (
        (OfficeStatus.WALK_IN, hours.office_walk_in),
        (OfficeStatus.APPOINTMENT, hours.office_appointment),
    ):
        window = weekly.window(d.weekday())
        if window is not None:
            return OfficeDay(d, status, window, False)
    return OfficeDay(d, OfficeStatus.CLOSED, None, False)


def next_office_day(after: date | datetime, hours: Hours = DEFAULT_HOURS) -> OfficeDay | None:
    """The first day after ``after`` when the office serves (None when it never does)."""
    start = _as_date(after)
    for offset in range(1, _SEARCH_DAYS):
        candidate = office_day(start + timedelta(days=offset), hours)
        if candidate.status is not OfficeStatus.CLOSED:
            return candidate
    return None


@dataclass(frozen=True)
class RightNow:
    """What the contact page says about the moment it is shown (Helsinki time).

    ``phone`` is the number to call now about urgent faults and door openings: Heka customer
    service while the desk answers (Mon-Fri 9-12, not on public holidays), otherwise the on-call
    number. ``office_phase`` places the moment in today's office window: ``before``, ``open``,
    ``after``, or ``closed`` (no opening today)."""

    moment: datetime
    phone: str
    desk_open: bool
    next_desk_opening: datetime
    holiday: str | None
    office_now: OfficeStatus
    office_today: OfficeDay
    office_next: OfficeDay | None

    @property
    def on_call(self) -> bool:
        return self.phone == ONCALL_PHONE

    @property
    def office_phase(self) -> str:
        window = self.office_today.window
        if window is None:
            return "closed"
        now = self.moment.time()
        if now < window[0]:
            return "before"
        return "open" if now < window[1] else "after"


def right_now(dt: datetime, language: str = "fi", hours: Hours = DEFAULT_HOURS) -> RightNow:
    """The contact page's model at ``dt``: the number that applies, whether the desk answers and
    when it next does, today's holiday (its name in ``language``: fi, sv or en), and the office's
    service today and on its next open day."""
    local = to_helsinki(dt)
    today = local.date()
    closed_today = _closed_day(today, hours)
    holiday = None
    if closed_today:
        holiday = holiday_name(today, HOLIDAY_LANGUAGES.get(language, "fi")) or ""
    return RightNow(
        moment=local,
        phone=urgent_phone(local, hours),
        desk_open=desk_open(local, hours),
        next_desk_opening=next_desk_opening(local, hours),
        holiday=holiday,
        office_now=office_status(local, hours),
        office_today=office_day(today, hours),
        office_next=next_office_day(today, hours),
    )

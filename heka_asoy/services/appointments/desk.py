"""The asoy desk's office calendar (issue 11 §1, the staff side).

``calendar`` is the whole page of a day or an ISO week in one call and three queries whatever
the number of visits: the days (appointment hours, Tuesday walk-in, holidays with their names,
days the desk closed), each slot with its visits and free desks, and the requests waiting for a
time. The actions below check the desk's input (a slot value, a reason, a day) and call
``booking``; every refusal is an ``AppointmentError`` whose code the page says in words.
Requests the desk files by hand are in ``filing``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from peewee import JOIN

from ...domain.clock import helsinki_now
from ...domain.office_hours import (
    HELSINKI,
    Hours,
    appointment_slots,
    holiday_name,
    is_holiday,
)
from ...models import Appointment, Identification, Message, OfficeClosure, User
from ..errors import NotFound
from . import booking
from .errors import AppointmentError
from .slots import (
    HOLDING,
    Slot,
    desks,
    free_slots,
    parse_slot,
    rebook_window,
    slot_minutes,
    slot_value,
    to_local,
    to_utc,
)

#: Statuses a visit shows in the calendar with (a time given, kept or done).
ON_CALENDAR = (*HOLDING, "came", "no_show")
#: The most requests the waiting list shows (the oldest first).
MAX_WAITING = 200
#: The longest decline, cancel or closing reason.
REASON_MAX = 1000
#: Holiday names in the page's language (the ``holidays`` package's language codes).
HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


@dataclass(frozen=True)
class SlotRow:
    """One appointment slot of a day: its visits (held, or done) and how many desks are free."""

    starts_at: datetime
    ends_at: datetime
    visits: list[Appointment]
    free: int
    past: bool

    @property
    def value(self) -> str:
        return slot_value(self.starts_at)


@dataclass(frozen=True)
class DayPlan:
    """One day of the calendar. ``kind``: ``appointments`` (slots offered), ``walk_in``
    (Tuesday, never booked), ``holiday``, ``closed`` (the desk closed it) or ``none`` (no
    office hours)."""

    day: date
    kind: str
    slots: list[SlotRow] = field(default_factory=list)
    holiday: str | None = None
    closure: OfficeClosure | None = None
    #: Visits on the day outside its slots (e.g. hours changed since they were booked).
    others: list[Appointment] = field(default_factory=list)
    past: bool = False

    @property
    def held(self) -> int:
        """Visits still holding a time on the day (a closing is refused while there are any)."""
        visits = [v for s in self.slots for v in s.visits] + self.others
        return sum(1 for v in visits if v.status in HOLDING)

    @property
    def can_close(self) -> bool:
        return self.kind == "appointments" and not self.past

    @property
    def can_reopen(self) -> bool:
        return self.kind == "closed" and not self.past


@dataclass(frozen=True)
class CalendarPage:
    view: str  # "week" or "day"
    first: date
    last: date
    today: date
    days: list[DayPlan]
    #: Requests waiting for a time (oldest first), and times proposed awaiting the person.
    waiting: list[Appointment]
    proposed: list[Appointment]
    desks: int

    @property
    def previous(self) -> date:
        return self.first - timedelta(days=7 if self.view == "week" else 1)

    @property
    def next(self) -> date:
        return self.first + timedelta(days=7 if self.view == "week" else 1)

    @property
    def week_number(self) -> int:
        return self.first.isocalendar()[1]


@dataclass(frozen=True)
class RequestView:
    """One request with what the desk can do with it."""

    appointment: Appointment
    #: Free slots to confirm or propose (today and the booking window ahead).
    slots: list[Slot]
    #: The mailbox case of the mail it was filed from, if any.
    thread_id: int | None
    started: bool

    @property
    def day(self) -> date | None:
        """The Helsinki day of its time, if it has one."""
        starts_at = self.appointment.starts_at
        return to_local(starts_at).date() if starts_at else None

    @property
    def can_answer(self) -> bool:
        return self.appointment.status in ("requested", "proposed")

    @property
    def can_move(self) -> bool:
        return self.appointment.status == "confirmed" and not self.started

    @property
    def can_cancel(self) -> bool:
        return self.appointment.status in HOLDING and not self.started

    @property
    def can_record_outcome(self) -> bool:
        return self.started and self.appointment.status in ("confirmed", "came", "no_show")


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first, datetime.min.time(), tzinfo=HELSINKI)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=HELSINKI)
    return to_utc(start), to_utc(end)


def _visits(first: date, last: date) -> list[Appointment]:
    start, end = _bounds(first, last)
    return list(
        Appointment.select(Appointment, Identification)
        .join(Identification, JOIN.LEFT_OUTER, on=(Appointment.identification == Identification.id))
        .where(
            Appointment.status.in_(ON_CALENDAR),
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
        )
        .order_by(Appointment.starts_at, Appointment.id)
    )


def _waiting() -> tuple[list[Appointment], list[Appointment]]:
    rows = list(
        Appointment.select()
        .where(Appointment.status.in_(("requested", "proposed")))
        .order_by(Appointment.created_at, Appointment.id)
        .limit(MAX_WAITING)
    )
    return [a for a in rows if a.status == "requested"], [a for a in rows if a.status == "proposed"]


def _day_plan(
    day: date,
    closures: dict[date, OfficeClosure],
    visits: list[Appointment],
    now: datetime,
    language: str,
) -> DayPlan:
    capacity = desks()
    length = timedelta(minutes=slot_minutes())
    past = day < now.date()
    if is_holiday(day):
        name = holiday_name(day, HOLIDAY_LANGUAGES.get(language, "fi"))
        return DayPlan(day, "holiday", holiday=name, others=visits, past=past)
    if day in closures:
        return DayPlan(day, "closed", closure=closures[day], others=visits, past=past)
    starts = appointment_slots(day, slot_minutes(), Hours())
    if not starts:
        kind = "walk_in" if day.weekday() == 1 else "none"
        return DayPlan(day, kind, others=visits, past=past)
    by_start: dict[datetime, list[Appointment]] = {}
    for visit in visits:
        by_start.setdefault(visit.starts_at, []).append(visit)
    rows = []
    for start in starts:
        here = by_start.pop(to_utc(start), [])
        held = sum(1 for v in here if v.slot_key)
        rows.append(SlotRow(start, start + length, here, max(0, capacity - held), start <= now))
    others = [v for group in by_start.values() for v in group]
    return DayPlan(day, "appointments", slots=rows, others=others, past=past)


def calendar(first: date, view: str = "week", language: str = "fi") -> CalendarPage:
    """The office calendar of the ISO week holding ``first`` (Mon–Fri), or of the day
    ``first`` (``view="day"``), with the waiting requests: three queries."""
    if view == "week":
        first = week_start(first)
        last = first + timedelta(days=4)
    else:
        view = "day"
        last = first
    now = helsinki_now()
    closures = {
        c.day: c for c in OfficeClosure.select().where(OfficeClosure.day.between(first, last))
    }
    per_day: dict[date, list[Appointment]] = {}
    for visit in _visits(first, last):
        per_day.setdefault(to_local(visit.starts_at).date(), []).append(visit)
    days = []
    day = first
    while day <= last:
        days.append(_day_plan(day, closures, per_day.get(day, []), now, language))
        day += timedelta(days=1)
    waiting, proposed = _waiting()
    return CalendarPage(view, first, last, now.date(), days, waiting, proposed, desks())


def visit_day(appointment: Appointment) -> date:
    """The Helsinki day of a visit's time."""
    return to_local(appointment.starts_at).date()


def waiting_count() -> int:
    """Requests waiting for a time (the staff home's badge): one count."""
    return Appointment.select().where(Appointment.status == "requested").count()


def waiting_list() -> tuple[list[Appointment], list[Appointment]]:
    """Requests waiting for a time (oldest first) and times proposed awaiting the person."""
    return _waiting()


def _intake_thread(appointment: Appointment) -> int | None:
    if not appointment.intake_ref:
        return None
    row = Message.select(Message.thread).where(Message.message_id == appointment.intake_ref).first()
    return row.thread_id if row else None


def request_view(appointment_id: int) -> RequestView:
    appointment = (
        Appointment.select(Appointment, Identification)
        .join(Identification, JOIN.LEFT_OUTER, on=(Appointment.identification == Identification.id))
        .where(Appointment.id == appointment_id)
        .first()
    )
    if appointment is None or appointment.status == "unverified":
        raise NotFound("appointment")
    first, last = rebook_window()
    offered = free_slots(first, last)
    started = (
        appointment.starts_at is not None and to_local(appointment.starts_at) <= helsinki_now()
    )
    return RequestView(appointment, offered, _intake_thread(appointment), started)


# --- the desk's actions -----------------------------------------------------------------------


def _slot(value: str) -> datetime:
    starts_at = parse_slot(value)
    if starts_at is None:
        raise AppointmentError("slot_unavailable")
    return starts_at


def _reason(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise AppointmentError("reason_required")
    if len(text) > REASON_MAX:
        raise AppointmentError("reason_too_long")
    return text


def confirm(staff: User, appointment_id: int, slot: str) -> Appointment:
    """Give the request (or move the visit to) the slot ``slot`` (a form value)."""
    return booking.confirm(appointment_id, _slot(slot), staff)


def propose(staff: User, appointment_id: int, slot: str) -> Appointment:
    return booking.propose(appointment_id, _slot(slot), staff)


def decline(staff: User, appointment_id: int, reason: str) -> Appointment:
    """Turn the request down; the reason is mailed to the person, so it is required."""
    return booking.decline(appointment_id, _reason(reason), staff)


def cancel(staff: User, appointment_id: int, reason: str) -> Appointment:
    """Cancel a visit with a time (illness, a day to close); the person is told why."""
    return booking.cancel_by_desk(appointment_id, _reason(reason), staff)


def record_outcome(staff: User, appointment_id: int, came: bool) -> Appointment:
    return booking.record_outcome(appointment_id, came, staff)


def _office_day(day: date) -> None:
    if day < helsinki_now().date():
        raise AppointmentError("day_past")
    if not appointment_slots(day, slot_minutes(), Hours(observe_holidays=False)):
        raise AppointmentError("no_hours")


def close_day(staff: User, day: date, reason: str) -> OfficeClosure:
    """Close a coming appointment day (refused while visits hold times that day)."""
    _office_day(day)
    return booking.close_day(day, _reason(reason), staff)


def reopen_day(staff: User, day: date) -> None:
    _office_day(day)
    booking.reopen_day(day, staff)

"""Every change of an appointment: asking, the desk's answer, the person's cancel or rebooking,
the visit's outcome, and closing a day.

**Capacity.** A slot holds at most ``slots.desks()`` visits. A visit holds its slot by writing
``<start>#<desk>`` into the unique ``slot_key``: taking a slot tries desk 1, 2, … each in its own
savepoint, so two confirmations racing for the last desk cannot both win: on PostgreSQL the second
insert waits on the unique index and then fails over to the next desk (or to "full"); on SQLite
``write_txn`` already serialises the writers. No counter in memory, nothing to go stale.

Each change is written, mailed (``mails``) and audited in one transaction: a mail is never sent
for a change that did not happen, and a change is never lost because SMTP is down (outbox).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from peewee import IntegrityError

from ...db import database, locked, write_txn
from ...domain.clock import file_stamp
from ...domain.office_hours import HELSINKI
from ...models import Appointment, OfficeClosure, User, utcnow
from .. import audit
from ..errors import NotFound
from . import mails
from .errors import AppointmentError
from .slots import HOLDING, desks, is_offered, slot_minutes, to_utc


def _locked(appointment_id: int) -> Appointment:
    row = locked(Appointment.select().where(Appointment.id == appointment_id)).first()
    if row is None:
        raise NotFound("appointment")
    return row


def _require(appointment: Appointment, *states: str) -> None:
    if appointment.status not in states:
        raise AppointmentError("wrong_state", status=appointment.status)


def _hold(appointment: Appointment, starts_at: datetime, now: datetime | None = None) -> None:
    """Give ``appointment`` the slot at ``starts_at`` (aware), releasing the one it held.

    Call inside ``write_txn`` with the row locked."""
    if not is_offered(starts_at, now):
        raise AppointmentError("slot_unavailable")
    start = to_utc(starts_at)
    if appointment.slot_key and appointment.starts_at == start:
        return  # already there
    stamp = file_stamp(start)
    for desk in range(1, desks() + 1):
        key = f"{stamp}#{desk}"
        try:
            with database().atomic():  # the row is locked: its link version is current
                _set(
                    appointment,
                    slot_key=key,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=slot_minutes()),
                    link_version=appointment.link_version + 1,
                )
        except IntegrityError:
            continue
        return
    raise AppointmentError("slot_full")


def _set(appointment: Appointment, **changes) -> None:
    changes["updated_at"] = utcnow()
    Appointment.update(**changes).where(Appointment.id == appointment.id).execute()
    for key, value in changes.items():
        setattr(appointment, key, value)


def _release(appointment: Appointment, status: str, **changes) -> None:
    """End the appointment's hold on its slot (the time stays on the row, for the history)."""
    _set(
        appointment,
        status=status,
        slot_key=None,
        link_version=appointment.link_version + 1,
        **changes,
    )


# --- the desk --------------------------------------------------------------------------------


def confirm(appointment_id: int, starts_at: datetime, staff: User) -> Appointment:
    """The desk gives a requested (or proposed) visit its time; the person gets the confirmation
    with the ``.ics`` and the cancel/rebook link."""
    with write_txn():
        appointment = _locked(appointment_id)
        _require(appointment, "requested", "proposed", "confirmed")
        _hold(appointment, starts_at)
        _set(appointment, status="confirmed", confirmed_by=staff, reminded_at=None)
        mails.tell_person(appointment, "confirmed")
        audit.record(
            "appointment_confirmed", staff, appointment, starts_at=str(appointment.starts_at)
        )
    return appointment


def propose(appointment_id: int, starts_at: datetime, staff: User) -> Appointment:
    """The desk offers another time than the person asked for; the slot is kept for them until
    they accept it, rebook or cancel through the mailed link."""
    with write_txn():
        appointment = _locked(appointment_id)
        _require(appointment, "requested", "proposed")
        _hold(appointment, starts_at)
        _set(appointment, status="proposed", confirmed_by=staff)
        mails.tell_person(appointment, "proposed")
        audit.record(
            "appointment_proposed", staff, appointment, starts_at=str(appointment.starts_at)
        )
    return appointment


def decline(appointment_id: int, reason: str, staff: User) -> Appointment:
    """The desk turns the request down, with the reason mailed to the person (e.g. "this is
    agreed by phone with the property manager")."""
    with write_txn():
        appointment = _locked(appointment_id)
        _require(appointment, "requested", "proposed", "confirmed")
        _release(appointment, "declined", decline_reason=reason.strip())
        mails.tell_person(appointment, "declined")
        audit.record("appointment_declined", staff, appointment)
    return appointment


def cancel_by_desk(appointment_id: int, reason: str, staff: User) -> Appointment:
    """The desk cancels a confirmed visit (e.g. illness); the person is told why."""
    with write_txn():
        appointment = _locked(appointment_id)
        _require(appointment, "proposed", "confirmed")
        _release(appointment, "cancelled", decline_reason=reason.strip())
        mails.tell_person(appointment, "cancelled_by_desk")
        audit.record("appointment_cancelled", staff, appointment, by="desk")
    return appointment


def record_outcome(appointment_id: int, came: bool, staff: User) -> Appointment:
    """After the visit: the person came, or did not."""
    with write_txn():
        appointment = _locked(appointment_id)
        _require(appointment, "confirmed", "came", "no_show")
        if appointment.starts_at is None or appointment.starts_at > utcnow():
            raise AppointmentError("not_yet")
        _set(appointment, status="came" if came else "no_show")
        audit.record("appointment_outcome", staff, appointment, came=came)
    return appointment


def close_day(day: date, reason: str, staff: User) -> OfficeClosure:
    """No appointments on ``day``. Refused while visits still hold a time that day: the desk
    moves or cancels them first, so nobody comes to a closed office unawares."""
    with write_txn():
        if visits_on(day):
            raise AppointmentError("day_has_visits")
        closure, created = OfficeClosure.get_or_create(
            day=day, defaults={"reason": reason.strip(), "created_by": staff}
        )
        if created:
            audit.record("office_day_closed", staff, closure, day=day.isoformat())
    return closure


def reopen_day(day: date, staff: User) -> None:
    with write_txn():
        deleted = OfficeClosure.delete().where(OfficeClosure.day == day).execute()
        if deleted:
            audit.record("office_day_reopened", staff, None, day=day.isoformat())


def visits_on(day: date) -> int:
    """Visits holding a time on the Helsinki day ``day``."""
    start = to_utc(datetime.combine(day, datetime.min.time(), tzinfo=HELSINKI))
    end = to_utc(datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=HELSINKI))
    return (
        Appointment.select()
        .where(
            Appointment.status.in_(HOLDING),
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
            Appointment.slot_key.is_null(False),
        )
        .count()
    )


# --- the person, through the mailed link ------------------------------------------------------


def accept(appointment: Appointment) -> Appointment:
    """The person takes the time the desk proposed."""
    with write_txn():
        appointment = _locked(appointment.id)
        _require(appointment, "proposed")
        _set(appointment, status="confirmed", link_version=appointment.link_version + 1)
        mails.tell_person(appointment, "confirmed")
        mails.tell_desk(appointment, "accepted")
        audit.record("appointment_accepted", None, appointment, actor_label=appointment.email)
    return appointment


def rebook(appointment: Appointment, starts_at: datetime) -> Appointment:
    """The person moves their visit to another free slot; the old one is freed in the same
    write, and the new time is confirmed at once (it is one of the desk's offered slots)."""
    with write_txn():
        appointment = _locked(appointment.id)
        _require(appointment, "proposed", "confirmed")
        old = appointment.starts_at
        _hold(appointment, starts_at)
        _set(appointment, status="confirmed", reminded_at=None)
        mails.tell_person(appointment, "rebooked")
        mails.tell_desk(appointment, "rebooked", old_start=old)
        audit.record(
            "appointment_rebooked",
            None,
            appointment,
            actor_label=appointment.email,
            old=str(old),
            new=str(appointment.starts_at),
        )
    return appointment


def cancel(appointment: Appointment) -> Appointment:
    """The person cancels; the slot is free again at once."""
    with write_txn():
        appointment = _locked(appointment.id)
        _require(appointment, "proposed", "confirmed")
        _release(appointment, "cancelled")
        mails.tell_person(appointment, "cancelled")
        mails.tell_desk(appointment, "cancelled")
        audit.record(
            "appointment_cancelled", None, appointment, actor_label=appointment.email, by="person"
        )
    return appointment

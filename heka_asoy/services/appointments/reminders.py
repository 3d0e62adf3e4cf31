"""The reminder mail of a confirmed visit, on the working day before it (``domain.appointments
.reminder_day``: Monday to Friday, not a Finnish public holiday).

The periodic job runs every hour; from ``APPOINTMENT_REMINDER_HOUR`` (8 Helsinki time) on the
reminder day it mails each visit once. Sent once also under two runs at the same time: a visit
is claimed by a conditional update of ``reminded_at`` in the transaction that queues its mail,
so the second run finds it claimed (PostgreSQL re-reads the row after the first commit; SQLite
serialises the writers). A rebooking clears ``reminded_at`` (``booking.rebook``), so the new
time is reminded too; a cancelled visit is never reminded.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from ...db import write_txn
from ...domain.appointments import reminder_day
from ...domain.clock import helsinki_now
from ...models import Appointment, utcnow
from . import mails
from .requests import expire_unverified
from .slots import to_local, to_utc

#: A reminder day lies at most this far before its visit (Christmas and Easter included).
LOOK_AHEAD = timedelta(days=8)


def _due(now: datetime) -> list[int]:
    """Ids of the confirmed, not yet reminded visits whose reminder day has come."""
    today = now.date()
    candidates = Appointment.select(Appointment.id, Appointment.starts_at).where(
        (Appointment.status == "confirmed")
        & Appointment.reminded_at.is_null()
        & (Appointment.starts_at > to_utc(now))
        & (Appointment.starts_at < to_utc(now + LOOK_AHEAD))
    )
    return [
        a.id
        for a in candidates
        if reminder_day(to_local(a.starts_at).date()) <= today < to_local(a.starts_at).date()
    ]


def _remind(appointment_id: int) -> bool:
    """Claim and mail one visit's reminder; False when another run (or a change) came first."""
    with write_txn():
        claimed = (
            Appointment.update(reminded_at=utcnow())
            .where(
                (Appointment.id == appointment_id)
                & (Appointment.status == "confirmed")
                & Appointment.reminded_at.is_null()
            )
            .execute()
        )
        if claimed != 1:
            return False
        mails.tell_person(Appointment.get_by_id(appointment_id), "reminder")
    return True


def send_reminders(now: datetime | None = None) -> int:
    """Mail the reminders due now; the number sent. Nothing before the reminder hour."""
    now = now or helsinki_now()
    if now.hour < int(current_app.config.get("APPOINTMENT_REMINDER_HOUR", 8)):
        return 0
    return sum(1 for appointment_id in _due(now) if _remind(appointment_id))


def run(now: datetime | None = None) -> dict[str, int]:
    """The hourly job: reminders, and the public requests never confirmed."""
    now = now or helsinki_now()
    return {"reminded": send_reminders(now), "expired": expire_unverified(now)}

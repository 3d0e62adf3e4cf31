"""What operators watch: the outbox and the job queue, for the staff home and the metrics.

The staff home is one call (``staff_home``) with a constant number of queries: two on the
outbox whatever its size (both on indexes), and for admins the queue's length and the last run
of each periodic job, read from the queue's own store (huey's SQLite file or Redis), not from
the app's database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from peewee import fn

from ..domain.clock import helsinki_today
from ..domain.office_hours import HELSINKI
from ..models import OutboxMail, utcnow
from . import jobs

#: A mail is sent within about a day of being queued (12 attempts, backoff capped at six hours,
#: about 26 hours in all), so "sent today" looks at mails queued in the last three days only:
#: the count stays on the ``created_at`` index however long the outbox grows.
SENT_LOOKBACK = timedelta(days=3)
WAITING = ("pending", "sending")


@dataclass(frozen=True)
class OutboxState:
    pending: int
    dead: int
    sent_today: int
    oldest_pending_at: datetime | None
    oldest_pending_age: float  # seconds; 0 when nothing waits


@dataclass(frozen=True)
class JobState:
    queued: int | None  # None: the queue did not answer
    last_runs: list


@dataclass(frozen=True)
class StaffHome:
    outbox: OutboxState
    #: The job queue, for admins only (None for the desk).
    jobs: JobState | None
    #: Office appointment requests waiting for a time.
    office_waiting: int = 0


def _to_naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _as_datetime(value) -> datetime | None:
    """SQLite hands MIN() of a timestamp back as text."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def outbox_state() -> OutboxState:
    """Mails waiting (and the oldest's age), given up for good, and sent today: two queries."""
    waiting = dead = 0
    oldest = None
    rows = (
        OutboxMail.select(OutboxMail.status, fn.COUNT(OutboxMail.id), fn.MIN(OutboxMail.created_at))
        .where(OutboxMail.status.in_([*WAITING, "dead"]))
        .group_by(OutboxMail.status)
        .tuples()
    )
    for status, count, first in rows:
        if status == "dead":
            dead = count
            continue
        waiting += count
        first = _as_datetime(first)
        if first is not None and (oldest is None or first < oldest):
            oldest = first
    since = _to_naive_utc(datetime.combine(helsinki_today(), time(0), tzinfo=HELSINKI))
    sent_today = (
        OutboxMail.select(fn.COUNT(OutboxMail.id))
        .where(
            (OutboxMail.created_at >= since - SENT_LOOKBACK)
            & (OutboxMail.status == "sent")
            & (OutboxMail.sent_at >= since)
        )
        .scalar()
    )
    age = max((utcnow() - oldest).total_seconds(), 0.0) if oldest else 0.0
    return OutboxState(waiting, dead, sent_today or 0, oldest, age)


def queue_length() -> int | None:
    """Jobs waiting in the queue (None when it does not answer)."""
    return jobs.queue_length()


def staff_home(user) -> StaffHome:
    """The staff home's state: the outbox for every desk worker; the job queue and the periodic
    jobs' last runs for admins."""
    job_state = None
    if getattr(user, "is_admin", False):
        job_state = JobState(jobs.queue_length(), jobs.last_runs())
    from .appointments.desk import waiting_count

    return StaffHome(outbox_state(), job_state, waiting_count())

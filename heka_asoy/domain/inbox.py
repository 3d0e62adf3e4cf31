"""The desk inbox's rules: the kinds of case in one queue, each kind's statuses mapped to the
queue's three (open / waiting / closed), and the SLA of a first answer.

Pure: no Flask, no database. The services turn these into SQL conditions.

The SLA (issue 10 §4): the desk answers a case for the first time within 2 business days,
counted in business hours (Mon-Fri 8-16, Finnish public holidays excluded) -- the same working
day the fault queue counts its overdue time in (``faults.MAINTENANCE_BUSINESS``), so 2 business
days are 16 business hours. A case is overdue while it has no first answer and has waited longer
than that. Fault reports have no "first answer" of their own: they keep the fault queue's
overdue rule (time in a status, ``faults.overdue``), so one report is flagged the same in both
queues.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from types import MappingProxyType

from . import faults
from .office_hours import business_hours_between, latest_start_within

# --- the kinds of case --------------------------------------------------------------------------

FAULT = "fault"
MESSAGE = "message"  # a thread started on the pages (or by staff on behalf)
MAILBOX = "mailbox"  # a thread that came in by mail to the desk mailbox
REQUEST = "request"
KINDS: tuple[str, ...] = (FAULT, MESSAGE, MAILBOX, REQUEST)

#: The three tables behind the queue, ranked for the keyset order (newest activity first, then
#: the table, then the id, all descending). Messages and mailbox cases share the thread table.
FAULT_TABLE, THREAD_TABLE, REQUEST_TABLE = 1, 2, 3
TABLES: tuple[int, ...] = (FAULT_TABLE, THREAD_TABLE, REQUEST_TABLE)
#: Which table holds each kind.
TABLE_OF: MappingProxyType[str, int] = MappingProxyType(
    {FAULT: FAULT_TABLE, MESSAGE: THREAD_TABLE, MAILBOX: THREAD_TABLE, REQUEST: REQUEST_TABLE}
)

#: A thread's ``source`` for mail that came to the desk mailbox.
EMAIL_SOURCE = "email"


def thread_kind(source: str) -> str:
    """A thread is a mailbox case when it came in by mail, else a message."""
    return MAILBOX if source == EMAIL_SOURCE else MESSAGE


# --- statuses -----------------------------------------------------------------------------------

OPEN = "open"  # the desk has something to do
WAITING = "waiting"  # waiting for the resident or someone else (maintenance, parts)
CLOSED = "closed"
STATES: tuple[str, ...] = (OPEN, WAITING, CLOSED)
#: The queue's default: everything not closed.
ACTIVE = "active"
ALL = "all"
STATE_FILTERS: tuple[str, ...] = (ACTIVE, OPEN, WAITING, CLOSED, ALL)

_FAULT_STATES = {
    faults.REVIEW: OPEN,
    faults.RECEIVED: OPEN,
    faults.SENT_TO_MAINTENANCE: OPEN,
    faults.IN_PROGRESS: OPEN,
    faults.VISIT_AGREED: WAITING,
    faults.WAITING_FOR_PARTS: WAITING,
    faults.DONE: CLOSED,
    faults.CANCELLED: CLOSED,
    faults.REDIRECTED: CLOSED,
}
_THREAD_STATES = {"open": OPEN, "answered": WAITING, "closed": CLOSED}
_REQUEST_STATES = {
    "received": OPEN,
    "in_progress": OPEN,
    "waiting_for_resident": WAITING,
    "decided": CLOSED,
    "closed": CLOSED,
}
#: Each table's own statuses and the queue state each one means. A fault report nobody has
#: confirmed yet ("unconfirmed", a public report before its e-mailed link is opened) is in no
#: state: the desk never sees it.
STATE_MAP: MappingProxyType[int, MappingProxyType[str, str]] = MappingProxyType(
    {
        FAULT_TABLE: MappingProxyType(_FAULT_STATES),
        THREAD_TABLE: MappingProxyType(_THREAD_STATES),
        REQUEST_TABLE: MappingProxyType(_REQUEST_STATES),
    }
)


def state_of(table: int, status: str) -> str | None:
    """The queue state of a ``table``'s own ``status``; None when the desk never sees it."""
    return STATE_MAP[table].get(status)


def statuses_for(table: int, state_filter: str) -> tuple[str, ...]:
    """A table's own statuses that a state filter (``STATE_FILTERS``) shows, sorted (an SQL
    ``IN`` list); an unknown filter shows what ``ACTIVE`` shows."""
    wanted = {
        OPEN: {OPEN},
        WAITING: {WAITING},
        CLOSED: {CLOSED},
        ALL: set(STATES),
    }.get(state_filter, {OPEN, WAITING})
    return tuple(sorted(s for s, state in STATE_MAP[table].items() if state in wanted))


# --- the SLA ------------------------------------------------------------------------------------

#: The working day the SLA counts in (Mon-Fri 8-16, Finnish holidays excluded).
SLA_HOURS = faults.MAINTENANCE_BUSINESS
#: A first answer within 2 business days of 8 hours.
SLA_LIMIT = timedelta(hours=16)
_ONE = timedelta(microseconds=1)


def _require_aware(**values: datetime) -> None:
    for name, value in values.items():
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be a timezone-aware datetime")


def sla_overdue(created_at: datetime, first_answered_at: datetime | None, now: datetime) -> bool:
    """True when a case made at ``created_at`` has no first answer and has waited, at ``now``,
    more business time than ``SLA_LIMIT``. Aware datetimes only."""
    _require_aware(created_at=created_at, now=now)
    if first_answered_at is not None:
        return False
    return business_hours_between(created_at, now, SLA_HOURS) > SLA_LIMIT


def sla_cutoff(now: datetime) -> datetime:
    """The latest creation moment (aware UTC) that is overdue at ``now`` when unanswered:
    ``sla_overdue(c, None, now)`` is exactly ``c <= sla_cutoff(now)``. One cutoff per request
    lets the queue filter and flag in SQL without counting business hours per row."""
    _require_aware(now=now)
    return latest_start_within(SLA_LIMIT, now, SLA_HOURS) - _ONE

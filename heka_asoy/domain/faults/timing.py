"""Timing rules: the "not fixed" window, when a report goes to maintenance, and when a report
has waited too long in a status (business time, Finnish public holidays included).

Every datetime argument must be timezone-aware; a naive one raises ValueError.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import MappingProxyType

from ..office_hours import (
    DEFAULT_HOURS,
    HELSINKI,
    Hours,
    WeeklyHours,
    business_hours_between,
    desk_open,
    next_desk_opening,
    to_helsinki,
)
from .statuses import (
    IN_PROGRESS,
    RECEIVED,
    REVIEW,
    SENT_TO_MAINTENANCE,
    VISIT_AGREED,
    WAITING_FOR_PARTS,
)

REOPEN = "reopen"
NEW_REPORT = "new_report"
#: "Not fixed" within this long after "done" reopens the report; later it opens a linked new one.
REOPEN_WINDOW = timedelta(days=14)


def _require_aware(**values: datetime) -> None:
    for name, value in values.items():
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be a timezone-aware datetime")


def feedback_outcome(done_at: datetime, answered_at: datetime) -> str:
    """``"reopen"`` when "not fixed" is answered within REOPEN_WINDOW of ``done_at`` (inclusive),
    else ``"new_report"``."""
    _require_aware(done_at=done_at, answered_at=answered_at)
    return REOPEN if answered_at - done_at <= REOPEN_WINDOW else NEW_REPORT


def forward_at(received_at: datetime, hours: Hours = DEFAULT_HOURS) -> datetime:
    """When a report received at ``received_at`` goes to maintenance.

    ``received_at`` itself while the desk is open (Mon-Fri 9-12, not on Finnish public holidays);
    otherwise the next desk opening, as an aware Helsinki datetime.
    """
    _require_aware(received_at=received_at)
    if desk_open(received_at, hours):
        return received_at
    return next_desk_opening(received_at, hours)


#: Maintenance companies' working hours (Mon-Fri 8-16), used to count overdue time. Built as an
#: :class:`Hours` because office_hours counts business time over ``Hours.desk``.
MAINTENANCE_HOURS = WeeklyHours({day: (8, 16) for day in range(5)})
MAINTENANCE_BUSINESS = Hours(desk=MAINTENANCE_HOURS)

#: Business time a report may spend in a status before it is flagged overdue.
OVERDUE_LIMITS: MappingProxyType[str, timedelta] = MappingProxyType(
    {
        REVIEW: timedelta(hours=8),
        RECEIVED: timedelta(hours=8),
        SENT_TO_MAINTENANCE: timedelta(hours=16),
        VISIT_AGREED: timedelta(hours=80),
        IN_PROGRESS: timedelta(hours=80),
        WAITING_FOR_PARTS: timedelta(hours=80),
    }
)


def overdue(
    status: str, since: datetime, now: datetime, hours: Hours = MAINTENANCE_BUSINESS
) -> bool:
    """True when a report in ``status`` since ``since`` has, at ``now``, spent more business time
    (Mon-Fri 8-16, Finnish public holidays excluded) than ``OVERDUE_LIMITS`` allows.

    Closed and unconfirmed reports are never overdue.
    """
    _require_aware(since=since, now=now)
    limit = OVERDUE_LIMITS.get(status)
    if limit is None:
        return False
    return business_hours_between(since, now, hours) > limit


def overdue_deadline(
    status: str, since: datetime, hours: Hours = MAINTENANCE_BUSINESS
) -> datetime | None:
    """The moment after which :func:`overdue` becomes true (aware, Helsinki), or None when the
    status has no limit. Store it with the status change so the desk queue can filter overdue
    reports in SQL: ``overdue(status, since, now) == (now > overdue_deadline(status, since))``.
    """
    _require_aware(since=since)
    limit = OVERDUE_LIMITS.get(status)
    if limit is None:
        return None
    remaining = limit
    current = next_desk_opening(since, hours)
    while True:
        window = hours.desk.window(current.weekday())
        if window is None:  # pragma: no cover - next_desk_opening only returns open moments
            raise AssertionError("next_desk_opening returned a closed day")
        closes = datetime.combine(current.date(), window[1], tzinfo=HELSINKI)
        # Durations in UTC: same-zone subtraction would ignore a DST change inside the window.
        available = closes.astimezone(UTC) - current.astimezone(UTC)
        if available > remaining:
            return to_helsinki(current.astimezone(UTC) + remaining)
        remaining -= available
        current = next_desk_opening(closes, hours)

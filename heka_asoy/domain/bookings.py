"""Pure rules of sauna turns and parking contracts: weeks, start windows and per-flat limits.

A weekly sauna turn (vakiovuoro) runs from its first evening until its end date; a cancelled
turn keeps running until the end of its notice period, and after that it no longer uses the
flat's quota. A parking contract likewise uses the flat's cap until it ends. Both kinds of
booking start within a window (a few months ahead): without one a flat could hold an hour or a
space from 2099 on, leaving it empty and out of everyone's reach.

Every date here is computed without ever passing ``date.max``: a far-off date from a form is
refused by a rule, never by an ``OverflowError`` (a 500).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from .notice import add_months_end


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def first_on_or_after(day: date, weekday: int) -> date | None:
    """The first date on or after ``day`` that falls on ``weekday`` (0 = Monday); None when that
    would be past the last date the calendar has."""
    ahead = (weekday - day.weekday()) % 7
    if (date.max - day).days < ahead:
        return None
    return day + timedelta(days=ahead)


def last_on_or_before(day: date, weekday: int) -> date:
    """The last date on or before ``day`` that falls on ``weekday``."""
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day when it is shorter:
    31 January + 1 month = 28 February); ``date.max`` when that is past the calendar's end."""
    if day.year * 12 + (day.month - 1) + months >= (date.max.year + 1) * 12:
        return date.max
    month_end = add_months_end(day, months)
    return month_end.replace(day=min(day.day, month_end.day))


def latest_start(today: date, window_months: int) -> date:
    """The last day a booking made ``today`` may start on."""
    return add_months(today, window_months)


def turn_runs_from(ends_on: date | None, weekday: int, week: date) -> bool:
    """Does a weekly turn on ``weekday`` that ends on ``ends_on`` (None: no end) still have an
    evening in the week starting on Monday ``week``, or later?

    Its last evening is the last ``weekday`` on or before ``ends_on``: a Friday turn ending on
    Thursday 30 April has its last evening on 24 April and does not run in the week of 27 April.
    """
    return ends_on is None or last_on_or_before(ends_on, weekday) >= week


def full_until(ends: Iterable[date | None], limit: int) -> date | None:
    """The last day on which bookings ending on ``ends`` (None: no end) still fill ``limit``.

    None when they do not fill it (a new booking fits); ``date.max`` when they fill it for good
    (only ending some of them makes room)."""
    ends = list(ends)
    if limit <= 0:
        return date.max
    over = len(ends) - limit
    if over < 0:
        return None
    ordered = sorted(ends, key=lambda end: date.max if end is None else end)
    return ordered[over] or date.max


def day_after(day: date) -> date | None:
    """The next day, or None after the calendar's last."""
    return None if day == date.max else day + timedelta(days=1)


def week_after(day: date) -> date | None:
    """The Monday after ``day``'s week, or None after the calendar's last week."""
    monday = week_start(day)
    if (date.max - monday).days < 7:
        return None
    return monday + timedelta(days=7)

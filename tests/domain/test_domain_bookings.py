"""Weeks, start windows and per-flat limits of sauna turns and parking contracts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heka_asoy.domain.bookings import (
    add_months,
    day_after,
    first_on_or_after,
    full_until,
    last_on_or_before,
    latest_start,
    turn_runs_from,
    week_after,
    week_start,
)

any_day = st.dates()  # the whole calendar: 0001-01-01 to 9999-12-31
weekday = st.integers(min_value=0, max_value=6)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 11), 3, date(2026, 6, 11)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # a shorter month: its last day
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(9999, 10, 1), 3, date.max),  # past the calendar's end: its last day, no error
        (date.max, 3, date.max),
        (date(9999, 9, 30), 3, date(9999, 12, 30)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_latest_start_is_the_window_from_today():
    assert latest_start(date(2026, 3, 11), 3) == date(2026, 6, 11)
    assert latest_start(date.max, 3) == date.max


@given(any_day, weekday)
def test_weekday_steps_never_overflow(day, wanted):
    """Do the week helpers answer for every date of the calendar, date.max too, without an
    OverflowError?"""
    first = first_on_or_after(day, wanted)
    assert first is None or (first >= day and first.weekday() == wanted)
    assert first is not None or (date.max - day).days < 6
    last = last_on_or_before(day, wanted) if day >= date.min + timedelta(days=6) else None
    assert last is None or (last <= day and last.weekday() == wanted)
    monday = week_start(day) if day.toordinal() > 6 else None
    assert monday is None or (monday.weekday() == 0 and 0 <= (day - monday).days < 7)
    after = week_after(day)
    assert after is None or (after.weekday() == 0 and 0 < (after - day).days <= 7)
    assert day_after(day) is None or day_after(day) == day + timedelta(days=1)


def test_the_last_days_of_the_calendar():
    assert date.max.weekday() == 4  # a Friday
    assert first_on_or_after(date.max, 4) == date.max
    assert first_on_or_after(date.max, 5) is None
    assert week_after(date.max) is None
    assert day_after(date.max) is None


@pytest.mark.parametrize(
    ("ends_on", "week", "runs"),
    [
        (None, date(2099, 1, 5), True),  # no end: every week
        (date(2026, 4, 30), date(2026, 4, 20), True),  # Friday 24 April is its last evening
        (date(2026, 4, 30), date(2026, 4, 27), False),  # ends on Thursday, before Friday
        (date(2026, 5, 1), date(2026, 4, 27), True),  # ends on its own Friday
        (date(2026, 4, 30), date(2026, 3, 9), True),
    ],
)
def test_a_friday_turn_runs_until_the_week_of_its_last_evening(ends_on, week, runs):
    assert turn_runs_from(ends_on, 4, week) is runs


@pytest.mark.parametrize(
    ("ends", "limit", "expected"),
    [
        ([], 1, None),  # room
        ([None], 2, None),
        ([None], 1, date.max),  # full for good
        ([date(2026, 4, 30)], 1, date(2026, 4, 30)),
        ([None, date(2026, 4, 30)], 1, date.max),  # the one without an end must go too
        ([date(2026, 6, 30), date(2026, 4, 30)], 2, date(2026, 4, 30)),
        ([date(2026, 6, 30), date(2026, 4, 30), None], 2, date(2026, 6, 30)),  # two must end
        ([date(2026, 6, 30), date(2026, 4, 30)], 1, date(2026, 6, 30)),
        ([], 0, date.max),
    ],
)
def test_full_until(ends, limit, expected):
    assert full_until(ends, limit) == expected

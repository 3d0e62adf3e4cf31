"""Notice periods (Act on Residential Leases 481/1995 §52-53)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heka_asoy.domain.notice import (
    RequestedEnd,
    add_months_end,
    earliest_end_if_requested,
    end_of_month,
    end_of_notice,
    lease_end_date,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@pytest.mark.parametrize(
    ("given_on", "expected"),
    [
        (date(2026, 3, 15), date(2026, 4, 30)),  # the example in the domain description
        (date(2026, 3, 1), date(2026, 4, 30)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 1, 20), date(2026, 2, 28)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 12, 1), date(2027, 1, 31)),  # over the year boundary
        (date(2026, 11, 30), date(2026, 12, 31)),
    ],
)
def test_lease_end_date(given_on: date, expected: date) -> None:
    assert lease_end_date(given_on) == expected


def test_longer_periods_for_parking_and_sauna() -> None:
    assert end_of_notice(date(2026, 3, 15), 3) == date(2026, 6, 30)
    assert end_of_notice(date(2026, 11, 2), 3) == date(2027, 2, 28)
    assert end_of_notice(date(2026, 3, 15), 0) == date(2026, 3, 31)
    assert lease_end_date(date(2026, 3, 15), months=2) == date(2026, 5, 31)
    with pytest.raises(ValueError, match="negative"):
        end_of_notice(date(2026, 3, 15), -1)


def test_helpers() -> None:
    assert end_of_month(date(2024, 2, 3)) == date(2024, 2, 29)
    assert add_months_end(date(2026, 1, 31), 13) == date(2027, 2, 28)


def test_requested_end() -> None:
    given_on = date(2026, 3, 15)
    assert earliest_end_if_requested(given_on, None) == RequestedEnd(date(2026, 4, 30), False)
    assert earliest_end_if_requested(given_on, date(2026, 3, 31)) == RequestedEnd(
        date(2026, 4, 30), True
    )
    assert earliest_end_if_requested(given_on, date(2026, 4, 30)) == (date(2026, 4, 30), False)
    later = earliest_end_if_requested(given_on, date(2026, 6, 15))
    assert later.end == date(2026, 6, 15)
    assert not later.moved
    assert earliest_end_if_requested(given_on, date(2026, 5, 1), months=3).end == date(2026, 6, 30)


@given(days, st.integers(min_value=0, max_value=24))
def test_end_is_last_day_of_the_right_month(given_on: date, months: int) -> None:
    end = end_of_notice(given_on, months)
    assert end.day == calendar.monthrange(end.year, end.month)[1]
    assert (end.year * 12 + end.month) - (given_on.year * 12 + given_on.month) == months
    assert end >= given_on


@given(days)
def test_one_month_notice_is_at_least_a_month(given_on: date) -> None:
    end = lease_end_date(given_on)
    # at least one whole calendar month after the notice month, at most two months of days
    assert timedelta(days=28) <= end - given_on <= timedelta(days=62)
    assert (end + timedelta(days=1)).day == 1


@given(days, days)
def test_requested_end_never_earlier_than_notice(given_on: date, wanted: date) -> None:
    result = earliest_end_if_requested(given_on, wanted)
    assert result.end >= lease_end_date(given_on)
    assert result.end >= wanted
    assert result.moved == (wanted < lease_end_date(given_on))

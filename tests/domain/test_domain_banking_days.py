"""Banking days: due dates on weekends, public holidays and bank holidays move forward."""

from __future__ import annotations

from datetime import date

import pytest

from heka_asoy.domain.banking_days import (
    bank_holidays,
    easter_sunday,
    is_banking_day,
    next_banking_day,
)


@pytest.mark.parametrize(
    ("year", "sunday"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
     (2027, date(2027, 3, 28)), (2038, date(2038, 4, 25))],
)
def test_easter_sunday(year, sunday):
    """Is Easter Sunday where the church calendar puts it?"""
    assert easter_sunday(year) == sunday


def test_bank_holidays_2026():
    """Are the Finnish bank holidays of 2026 the eleven the banks publish?"""
    assert sorted(bank_holidays(2026)) == [
        date(2026, 1, 1), date(2026, 1, 6), date(2026, 4, 3), date(2026, 4, 6),
        date(2026, 5, 1), date(2026, 5, 14), date(2026, 6, 19), date(2026, 12, 6),
        date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26),
    ]


def test_bank_holidays_2027():
    """And those of 2027 (Easter in March, Midsummer Eve on 25 June)?"""
    days = bank_holidays(2027)
    for day in (date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 6), date(2027, 6, 25),
                date(2027, 12, 24)):
        assert day in days


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 2), date(2026, 12, 2)),  # Wednesday: itself
        (date(2026, 5, 2), date(2026, 5, 4)),  # Saturday -> Monday
        (date(2026, 5, 1), date(2026, 5, 4)),  # May Day (Fri) -> Monday
        (date(2026, 4, 3), date(2026, 4, 7)),  # Good Friday -> Tuesday after Easter Monday
        (date(2026, 5, 14), date(2026, 5, 15)),  # Ascension Day (Thu) -> Friday
        (date(2026, 6, 19), date(2026, 6, 22)),  # Midsummer Eve (Fri) -> Monday
        (date(2026, 12, 24), date(2026, 12, 28)),  # Christmas Eve (Thu) -> Monday
        (date(2027, 1, 1), date(2027, 1, 4)),  # New Year's Day (Fri) -> Monday
        (date(2027, 1, 6), date(2027, 1, 7)),  # Epiphany (Wed) -> Thursday
        (date(2027, 3, 26), date(2027, 3, 30)),  # Good Friday 2027 -> Tuesday
        (date(2027, 5, 2), date(2027, 5, 3)),  # Sunday -> Monday
        (date(2027, 12, 6), date(2027, 12, 7)),  # Independence Day (Mon) -> Tuesday
        (date(2027, 12, 24), date(2027, 12, 27)),  # Christmas Eve (Fri) -> Monday
    ],
)
def test_next_banking_day(day, expected):
    """Does a due date on a day banks are closed move to the next banking day?"""
    assert next_banking_day(day) == expected


def test_all_saints_and_midsummer_day_fall_on_saturdays():
    """Are the Saturday holidays not banking days (weekend) and the Monday after one?"""
    assert not is_banking_day(date(2026, 10, 31))
    assert is_banking_day(date(2026, 11, 2))
    assert not is_banking_day(date(2027, 6, 26))

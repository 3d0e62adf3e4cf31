"""Finnish banking days: when a due date falling on a day banks do not settle moves forward.

Why: an invoice due on a Saturday, on Good Friday or on Christmas Eve cannot be paid on time
through the banks; the due date printed on the invoice (and carried in the virtual barcode) is
therefore moved to the next banking day, as Finnish creditors do.

A banking day is a weekday that is neither a Finnish public holiday (the ``holidays`` package,
through :mod:`heka_asoy.domain.office_hours`, which the desk hours share) nor a Finnish bank
holiday. The bank holidays are computed here too, so the rule does not
depend on which eves a version of the holidays package happens to list: New Year's Day,
Epiphany, Good Friday, Easter Monday, May Day, Ascension Day, Midsummer Eve, Independence Day,
Christmas Eve, Christmas Day and St Stephen's Day. Easter is computed here (the Gregorian
computus), as the domain imports no date library beyond the standard one and ``holidays``.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from .office_hours import is_holiday

#: Longest run of non-banking days there can be (Christmas plus a weekend) with a wide margin;
#: a loop that runs past it has a bug, not a calendar.
_MAX_SKIP = 14


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)


def _midsummer_eve(year: int) -> date:
    """The Friday between 19 and 25 June."""
    june19 = date(year, 6, 19)
    return june19 + timedelta(days=(4 - june19.weekday()) % 7)


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """The days Finnish banks do not settle payments in ``year`` (besides weekends)."""
    sunday = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),  # New Year's Day
            date(year, 1, 6),  # Epiphany
            sunday - timedelta(days=2),  # Good Friday
            sunday + timedelta(days=1),  # Easter Monday
            date(year, 5, 1),  # May Day
            sunday + timedelta(days=39),  # Ascension Day
            _midsummer_eve(year),
            date(year, 12, 6),  # Independence Day
            date(year, 12, 24),  # Christmas Eve
            date(year, 12, 25),  # Christmas Day
            date(year, 12, 26),  # St Stephen's Day
        }
    )


def is_banking_day(day: date) -> bool:
    """True on a weekday that is neither a public holiday nor a bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(day.year) and not is_holiday(day)


def next_banking_day(day: date) -> date:
    """``day`` itself when it is a banking day, else the first banking day after it."""
    current = day
    for _ in range(_MAX_SKIP):
        if is_banking_day(current):
            return current
        current += timedelta(days=1)
    raise AssertionError(f"no banking day within {_MAX_SKIP} days of {day}")  # pragma: no cover

"""Notice periods: when does a lease (or a parking contract, or a sauna turn) end?

Act on Residential Leases (481/1995) §52-53: the tenant's notice period is one month, counted from
the last day of the calendar month in which notice was given. So the contract always ends on the
last day of a month: notice on 15 March ends the lease on 30 April, notice on 20 January on the
last day of February. The same counting is reused for parking-space contracts and sauna turns,
which the housing companies end with their own number of months.

The resident pages show this date before the resident confirms the termination.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import NamedTuple


def end_of_month(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months_end(day: date, months: int) -> date:
    """The last day of the month ``months`` calendar months after ``day``'s month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    return end_of_month(date(year, month0 + 1, 1))


def end_of_notice(given: date, months: int) -> date:
    """End of a notice period of ``months`` counted from the end of the month of ``given``.

    ``months=0`` means "at the end of the current month".
    """
    if months < 0:
        raise ValueError("a notice period cannot be negative")
    return add_months_end(given, months)


def lease_end_date(notice_given: date, months: int = 1) -> date:
    """The last day of the lease when the tenant gives notice on ``notice_given``."""
    return end_of_notice(notice_given, months)


class RequestedEnd(NamedTuple):
    """Result of :func:`earliest_end_if_requested`."""

    #: The end date that applies.
    end: date
    #: True when the wanted date was earlier than the notice period allows and was moved.
    moved: bool


def earliest_end_if_requested(
    given: date, wanted_end: date | None, months: int = 1
) -> RequestedEnd:
    """The applicable end date when the resident asks for ``wanted_end``.

    A later date than the notice period gives is fine (the contract ends then); an earlier one is
    moved to the earliest possible end. ``None`` means "as soon as possible".
    """
    earliest = end_of_notice(given, months)
    if wanted_end is None:
        return RequestedEnd(earliest, False)
    if wanted_end < earliest:
        return RequestedEnd(earliest, True)
    return RequestedEnd(wanted_end, False)

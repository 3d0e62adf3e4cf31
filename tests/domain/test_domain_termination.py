"""The termination's end dates and refund IBAN (domain.termination)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heka_asoy.domain.termination import (
    EndWindow,
    end_date_problem,
    end_when_confirmed,
    end_window,
    refund_account,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@pytest.mark.parametrize(
    ("given_on", "earliest", "latest"),
    [
        (date(2026, 3, 15), date(2026, 4, 30), date(2027, 4, 30)),
        (date(2026, 1, 31), date(2026, 2, 28), date(2027, 2, 28)),
        (date(2027, 1, 1), date(2027, 2, 28), date(2028, 2, 29)),  # to a leap day
        (date(2026, 12, 31), date(2027, 1, 31), date(2028, 1, 31)),  # over the year
        (date(2026, 11, 30), date(2026, 12, 31), date(2027, 12, 31)),
    ],
)
def test_end_window(given_on, earliest, latest):
    assert end_window(given_on) == EndWindow(earliest, latest)


def test_end_date_problem():
    given_on = date(2026, 3, 15)
    assert end_date_problem(given_on, None) is None
    assert end_date_problem(given_on, date(2026, 4, 30)) is None
    assert end_date_problem(given_on, date(2026, 4, 29)) == "too_early"
    assert end_date_problem(given_on, date(2026, 3, 1)) == "too_early"
    assert end_date_problem(given_on, date(2026, 6, 15)) is None  # any later day, not only ends
    assert end_date_problem(given_on, date(2027, 4, 30)) is None
    assert end_date_problem(given_on, date(2027, 5, 1)) == "too_late"


@given(days, st.integers(min_value=0, max_value=500))
def test_window_holds_for_every_day(given_on, offset):
    window = end_window(given_on)
    wanted = window.earliest + timedelta(days=offset)
    problem = end_date_problem(given_on, wanted)
    assert problem == (None if wanted <= window.latest else "too_late")
    assert window.earliest > given_on
    assert (window.earliest + timedelta(days=1)).day == 1  # always a month's last day


def test_end_when_the_last_party_confirms():
    chosen = date(2026, 4, 30)  # the earliest end of a notice in March
    assert end_when_confirmed(date(2026, 3, 31), chosen) == (chosen, False)
    assert end_when_confirmed(date(2026, 4, 1), chosen) == (date(2026, 5, 31), True)
    later = date(2026, 8, 15)
    assert end_when_confirmed(date(2026, 4, 1), later) == (later, False)


def test_refund_account():
    account = refund_account(" fi21 1234 5600 0007 85 ")
    assert account.iban == "FI2112345600000785"
    assert account.formatted == "FI21 1234 5600 0007 85"
    assert account.bic == "NDEAFIHH"
    assert refund_account("SE45 5000 0000 0583 9825 7466").iban.startswith("SE")
    for bad in ("FI21 1234 5600 0007 86", "FI21", "", "not an iban", "FI2112345600000785X"):
        with pytest.raises(ValueError):  # noqa: PT011 - the domain's one error type
            refund_account(bad)

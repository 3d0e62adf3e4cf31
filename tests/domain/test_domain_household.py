"""The household rules apart from the database: phones, IBANs (schwifty), move dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from heka_asoy.domain import occupants as rules
from heka_asoy.domain.contact_details import (
    InvalidIban,
    InvalidPhone,
    check_iban,
    format_iban,
    normalize_phone,
)

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("040 123 4567", "040 123 4567"),
        ("  040   123  4567 ", "040 123 4567"),
        ("+358 40 123 4567", "+358 40 123 4567"),
        ("09 5767-4000", "09 5767-4000"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_phone_is_normalized(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["abc", "1234", "040 123 4567 ext", "++358401234567", "9" * 31])
def test_phone_refused(typed):
    with pytest.raises(InvalidPhone):
        normalize_phone(typed)


def test_iban_checked_and_bic_derived():
    """Is a Finnish IBAN typed in groups and lower case stored compact, with Nordea's BIC?"""
    checked = check_iban("fi21 1234 5600 0007 85")
    assert checked.compact == "FI2112345600000785"
    assert checked.formatted == "FI21 1234 5600 0007 85"
    assert checked.bic == "NDEAFIHH"
    assert check_iban("SE45 5000 0000 0583 9825 7466").bic == "ESSESESS"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("FI2112345600000786", "iban_invalid"),  # wrong check digits
        ("FI21123456000007", "iban_invalid"),  # too short
        ("12345", "iban_invalid"),
        ("", "iban_invalid"),
        ("BR1500000000000010932840814P2", "iban_not_sepa"),
    ],
)
def test_iban_refused(typed, code):
    with pytest.raises(InvalidIban) as caught:
        check_iban(typed)
    assert caught.value.code == code


def test_format_iban_in_groups_of_four():
    assert format_iban("FI2112345600000785") == "FI21 1234 5600 0007 85"


def test_move_dates():
    assert rules.move_date_problem(TODAY, TODAY) is None
    assert rules.move_date_problem(TODAY - timedelta(days=365), TODAY) is None
    assert rules.move_date_problem(TODAY - timedelta(days=366), TODAY) == rules.DATE_TOO_EARLY
    assert rules.move_date_problem(TODAY + timedelta(days=180), TODAY) is None
    assert rules.move_date_problem(TODAY + timedelta(days=181), TODAY) == rules.DATE_TOO_LATE


def test_birth_dates():
    assert rules.birth_date_problem(date(1990, 1, 1), TODAY, TODAY) is None
    assert rules.birth_date_problem(TODAY, TODAY, TODAY) is None  # a newborn
    assert rules.birth_date_problem(TODAY + timedelta(days=1), TODAY, TODAY) == (
        rules.BIRTH_IN_FUTURE
    )
    assert rules.birth_date_problem(
        TODAY - timedelta(days=1), TODAY - timedelta(days=2), TODAY
    ) == (rules.BIRTH_AFTER_MOVE)


def test_move_out_not_before_moving_in():
    moved_in = TODAY - timedelta(days=10)
    assert rules.move_out_problem(moved_in, moved_in, TODAY) is None
    assert rules.move_out_problem(moved_in - timedelta(days=1), moved_in, TODAY) == (
        rules.BEFORE_MOVED_IN
    )
    assert rules.move_out_problem(TODAY + timedelta(days=200), moved_in, TODAY) == (
        rules.DATE_TOO_LATE
    )

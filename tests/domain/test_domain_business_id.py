"""Business ID (Y-tunnus) check digit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heka_asoy.domain.business_id import (
    business_id_check_digit,
    is_valid_business_id,
    make_business_id,
)


def test_known_ids_by_hand() -> None:
    # 0737546: 0*7 + 7*9 + 3*10 + 7*5 + 5*8 + 4*4 + 6*2 = 196; 196 % 11 = 9 -> 11 - 9 = 2
    assert business_id_check_digit("0737546") == 2
    assert is_valid_business_id("0737546-2")
    # 1572860: 7 + 45 + 70 + 10 + 64 + 24 + 0 = 220; 220 % 11 = 0 -> 0
    assert business_id_check_digit("1572860") == 0
    assert is_valid_business_id("1572860-0")
    assert is_valid_business_id(" 1572860-0 ")


def test_remainder_one_has_no_valid_id() -> None:
    # 0000006: 6*2 = 12; 12 % 11 = 1 -> no valid check digit exists.
    assert business_id_check_digit("0000006") is None
    assert make_business_id(6) is None
    assert not any(is_valid_business_id(f"0000006-{c}") for c in range(10))


@pytest.mark.parametrize(
    "value",
    ["0737546-3", "0737546", "737546-2", "07375462", "0737546-22", "O737546-2", "", None],
)
def test_invalid(value: object) -> None:
    assert not is_valid_business_id(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("first7", ["123456", "12345678", "12345a7", "１２３４５６７"])
def test_check_digit_needs_seven_ascii_digits(first7: str) -> None:
    with pytest.raises(ValueError, match="seven digits"):
        business_id_check_digit(first7)


def test_make_business_id_pads_ints() -> None:
    assert make_business_id(737546) == "0737546-2"
    assert make_business_id("1572860") == "1572860-0"


@given(st.integers(min_value=0, max_value=9_999_999))
def test_generated_ids_validate(n: int) -> None:
    made = make_business_id(n)
    if made is None:
        assert business_id_check_digit(f"{n:07d}") is None
    else:
        assert is_valid_business_id(made)
        assert made.startswith(f"{n:07d}-")


@given(st.integers(min_value=0, max_value=9_999_999), st.integers(0, 9))
def test_exactly_one_check_digit_is_valid(n: int, check: int) -> None:
    made = make_business_id(n)
    candidate = f"{n:07d}-{check}"
    assert is_valid_business_id(candidate) == (candidate == made)

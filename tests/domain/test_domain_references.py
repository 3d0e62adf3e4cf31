"""Finnish reference numbers and RF creditor references."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heka_asoy.domain.references import (
    fi_check_digit,
    fi_reference,
    fi_reference_from_rf,
    format_fi_reference,
    format_rf_reference,
    is_valid_fi_reference,
    is_valid_rf_reference,
    rf_check_digits,
    rf_reference,
    split_rf_reference,
)

bases = st.integers(min_value=100, max_value=10**19 - 1)


def test_check_digit_by_hand() -> None:
    # base 1232, from the right: 2*7 + 3*3 + 2*1 + 1*7 = 14 + 9 + 2 + 7 = 32
    # check = (10 - 32 % 10) % 10 = 8
    assert fi_check_digit("1232") == 8
    assert fi_reference("1232") == "12328"
    # base 123456: 6*7 + 5*3 + 4*1 + 3*7 + 2*3 + 1*1 = 42+15+4+21+6+1 = 89 -> check 1
    assert fi_reference(123456) == "1234561"
    # base 234823: 3*7 + 2*3 + 8*1 + 4*7 + 3*3 + 2*1 = 21+6+8+28+9+2 = 74 -> check 6
    # (the national reference of Finance Finland's RF guide example)
    assert fi_reference("234823") == "2348236"
    # base 1111: 1*7 + 1*3 + 1*1 + 1*7 = 18 -> check 2 (sum ending in 0 gives 0, see below)
    assert fi_reference("1111") == "11112"
    # base 505: 5*7 + 0*3 + 5*1 = 40 -> check 0
    assert fi_reference("505") == "5050"


def test_fi_reference_input_forms() -> None:
    assert fi_reference(" 12 32 ") == "12328"
    assert fi_reference("0001232") == "12328"  # leading zeros carry no meaning


@pytest.mark.parametrize("base", ["12", "1" * 20, "12a4", "", "000", "１２３"])
def test_fi_reference_rejects_bad_base(base: str) -> None:
    with pytest.raises(ValueError, match="reference base"):
        fi_reference(base)


def test_fi_reference_rejects_negative_and_bool() -> None:
    with pytest.raises(ValueError, match="negative"):
        fi_reference(-123)
    with pytest.raises(TypeError):
        fi_reference(True)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("reference", "valid"),
    [
        ("12328", True),
        ("12 328", True),
        ("0012328", True),
        (12328, True),
        ("12327", False),
        ("1233", False),
        ("123", False),  # too short: base must have 3 digits
        ("1" * 21, False),  # too long
        ("12a28", False),
        ("", False),
        (None, False),
    ],
)
def test_is_valid_fi_reference(reference: object, valid: bool) -> None:
    assert is_valid_fi_reference(reference) is valid  # type: ignore[arg-type]


def test_shortest_and_longest_references() -> None:
    # base 123: 3*7 + 2*3 + 1*1 = 28 -> check 2, so "1232" (four digits) is the shortest form
    assert fi_reference("123") == "1232"
    assert is_valid_fi_reference("1232")
    longest = fi_reference("9" * 19)
    assert len(longest) == 20
    assert is_valid_fi_reference(longest)


def test_format_fi_reference() -> None:
    assert format_fi_reference("1234561") == "12 34561"
    assert format_fi_reference("12345") == "12345"
    assert format_fi_reference("1234567890") == "12345 67890"
    assert format_fi_reference("1234 5678 9012 3") == "123 45678 90123"


def test_rf_iso_example() -> None:
    assert is_valid_rf_reference("RF18539007547034")
    assert is_valid_rf_reference("RF18 5390 0754 7034")
    assert is_valid_rf_reference("rf18 5390 0754 7034")
    assert format_rf_reference("RF18539007547034") == "RF18 5390 0754 7034"
    assert split_rf_reference("RF18 5390 0754 7034") == ("18", "539007547034")
    assert not is_valid_rf_reference("RF19539007547034")


def test_rf_from_finnish_reference() -> None:
    # Finance Finland's example: 2348236 + "2715" + "00" -> 2348236271500 mod 97 = 65,
    # 98 - 65 = 33 -> RF33 2348 236
    assert 2348236271500 % 97 == 65
    assert rf_reference("2348236") == "RF332348236"
    assert format_rf_reference(rf_reference("2348236")) == "RF33 2348 236"
    assert fi_reference_from_rf("RF33 2348 236") == "2348236"


def test_rf_alphanumeric() -> None:
    # ISO 11649 allows letters; validity is computed with A=10 ... Z=35.
    ref = "RF" + rf_check_digits("ABC123") + "ABC123"
    assert is_valid_rf_reference(ref)
    with pytest.raises(ValueError, match="Finnish reference"):
        fi_reference_from_rf(ref)


@pytest.mark.parametrize(
    "reference",
    ["", "RF", "RF18", "XX18539007547034", "RF1A539007547034", "RF18" + "1" * 22, "RF18-539"],
)
def test_invalid_rf_shapes(reference: str) -> None:
    assert not is_valid_rf_reference(reference)
    with pytest.raises(ValueError, match="RF"):
        split_rf_reference(reference)


def test_rf_reference_needs_a_valid_national_reference() -> None:
    with pytest.raises(ValueError, match="Finnish reference"):
        rf_reference("2348237")
    assert not is_valid_rf_reference(None)  # type: ignore[arg-type]


@given(bases)
def test_generated_references_validate(base: int) -> None:
    ref = fi_reference(base)
    assert is_valid_fi_reference(ref)
    assert is_valid_fi_reference(format_fi_reference(ref))
    assert ref[:-1] == str(base)
    groups = format_fi_reference(ref).split(" ")
    assert all(len(g) == 5 for g in groups[1:])
    assert 1 <= len(groups[0]) <= 5


@given(bases, st.data())
def test_any_single_digit_change_breaks_fi_reference(base: int, data: st.DataObject) -> None:
    ref = fi_reference(base)
    index = data.draw(st.integers(min_value=0, max_value=len(ref) - 1))
    digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != ref[index]))
    changed = ref[:index] + digit + ref[index + 1 :]
    assert not is_valid_fi_reference(changed)


@given(bases)
def test_rf_round_trip(base: int) -> None:
    fi = fi_reference(base)
    rf = rf_reference(fi)
    assert is_valid_rf_reference(rf)
    assert is_valid_rf_reference(format_rf_reference(rf))
    assert rf.startswith("RF")
    assert split_rf_reference(rf) == (rf[2:4], fi)
    assert fi_reference_from_rf(format_rf_reference(rf)) == fi
    assert all(len(g) == 4 for g in format_rf_reference(rf).split(" ")[:-1])


@given(bases, st.data())
def test_any_single_char_change_breaks_rf_reference(base: int, data: st.DataObject) -> None:
    rf = rf_reference(fi_reference(base))
    index = data.draw(st.integers(min_value=2, max_value=len(rf) - 1))
    digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != rf[index]))
    changed = rf[:index] + digit + rf[index + 1 :]
    assert not is_valid_rf_reference(changed)

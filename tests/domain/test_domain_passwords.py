"""Password rules of the strong-identification and office-identification paths."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heka_asoy.domain.passwords import (
    MAX_LENGTH,
    PasswordRule,
    check_password,
    is_acceptable_password,
)

STRONG = PasswordRule.STRONG
OFFICE = PasswordRule.OFFICE


def test_rule_parameters() -> None:
    assert STRONG.min_length == 6
    assert OFFICE.min_length == 8
    assert STRONG.max_length == OFFICE.max_length == MAX_LENGTH == 256
    assert STRONG.required_classes == ("upper", "lower", "digit", "special")
    assert OFFICE.required_classes == ("upper", "special")


@pytest.mark.parametrize(
    ("password", "failures"),
    [
        ("Abc1!x", []),  # exactly six characters
        ("Abc1!", ["length"]),
        ("abc1!x", ["upper"]),
        ("ABC1!X", ["lower"]),
        ("Abcd!x", ["digit"]),
        ("Abc12x", ["special"]),
        ("", ["length", "upper", "lower", "digit", "special"]),
        ("Äpple1 ", []),  # space is special, Ä is upper-case
        ("äpplE1-", []),
    ],
)
def test_strong_rule(password: str, failures: list[str]) -> None:
    assert check_password(password, STRONG) == failures
    assert is_acceptable_password(password, STRONG) is (not failures)


@pytest.mark.parametrize(
    ("password", "failures"),
    [
        ("ABCDEFG!", []),  # no lower case or digit needed
        ("Abcdefg!", []),
        ("Abcdef!", ["length"]),
        ("abcdefg!", ["upper"]),
        ("Abcdefgh", ["special"]),
        ("Abcdefg1", ["special"]),  # a digit is not special
        ("Öljyä€€€", []),
    ],
)
def test_office_rule(password: str, failures: list[str]) -> None:
    assert check_password(password, OFFICE) == failures


def test_unicode_letters_are_not_special() -> None:
    # ä, ö and å are letters: a password of letters and digits has no special character.
    assert check_password("Ääkköset1", STRONG) == ["special"]
    assert check_password("ÅÄÖåäö12", OFFICE) == ["special"]


def test_too_long() -> None:
    password = "Aa1!" * 64
    assert len(password) == 256
    assert check_password(password, STRONG) == []
    assert check_password(password + "x", STRONG) == ["max_length"]
    assert check_password(password + "x", OFFICE) == ["max_length"]


def test_order_of_codes_is_stable() -> None:
    assert check_password("a", STRONG) == ["length", "upper", "digit", "special"]


@given(st.text(max_size=300))
def test_codes_are_known_and_consistent(password: str) -> None:
    for rule in PasswordRule:
        codes = check_password(password, rule)
        assert set(codes) <= {"length", "max_length", *rule.required_classes}
        assert ("length" in codes) == (len(password) < rule.min_length)
        assert ("max_length" in codes) == (len(password) > MAX_LENGTH)


@given(
    st.text(min_size=8, max_size=40),
    st.sampled_from("ABCÅÄÖÉ"),
    st.sampled_from("abcåäöé"),
    st.sampled_from("0123456789"),
    st.sampled_from("!#%&/()=?+-_.,;: €"),
)
def test_adding_one_of_each_class_satisfies_both_rules(
    base: str, upper: str, lower: str, digit: str, special: str
) -> None:
    password = base + upper + lower + digit + special
    assert check_password(password, STRONG) == []
    assert check_password(password, OFFICE) == []


@given(st.text(alphabet=st.characters(categories=["L", "Nd"]), max_size=40))
def test_letters_and_digits_alone_never_have_a_special(password: str) -> None:
    assert "special" in check_password(password, STRONG)
    assert "special" in check_password(password, OFFICE)

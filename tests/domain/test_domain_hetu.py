"""Personal identity code: validation, canonical hashing, masking and generation."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heka_asoy.domain.hetu import (
    CENTURY_SIGNS,
    CHECK_CHARS,
    Hetu,
    InvalidHetu,
    canonical_hetu,
    hetu_hash,
    is_valid_hetu,
    make_hetu,
    mask_hetu,
    parse_hetu,
)

KEY = b"test-key-not-secret"

SIGNS_BY_CENTURY = {
    century: sorted(s for s, c in CENTURY_SIGNS.items() if c == century)
    for century in (1800, 1900, 2000)
}

birth_dates = st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31))
individuals = st.integers(min_value=2, max_value=999)


@st.composite
def hetus(draw: st.DrawFn) -> tuple[date, int, str]:
    born = draw(birth_dates)
    individual = draw(individuals)
    sign = draw(st.sampled_from(SIGNS_BY_CENTURY[born.year // 100 * 100]))
    return born, individual, make_hetu(born, individual, sign)


def test_official_example_is_valid() -> None:
    # The Digital and Population Data Services Agency's example code.
    parsed = parse_hetu("131052-308T")
    assert parsed == Hetu(
        birth_date=date(1952, 10, 13),
        individual=308,
        code="131052-308T",
        canonical="131052-308T",
    )
    assert parsed.century_sign == "-"
    assert not parsed.is_temporary
    assert is_valid_hetu("131052-308T")


def test_check_character_by_hand() -> None:
    # 131052308 % 31 == 25 -> CHECK_CHARS[25] == "T"
    assert 131052308 % 31 == 25
    assert CHECK_CHARS[25] == "T"
    assert make_hetu(date(1952, 10, 13), 308) == "131052-308T"


def test_lower_case_and_whitespace_are_tolerated() -> None:
    assert parse_hetu("  131052-308t \n").code == "131052-308T"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "format"),
        ("131052-308", "format"),
        ("131052-308TT", "format"),
        ("131052*308T", "format"),  # unknown century sign
        ("131052G308T", "format"),  # G is not a century sign
        ("1310523308T", "format"),
        ("131052-308G", "format"),  # G is never a check character
        ("131052-000T", "format"),  # individual numbers 000 and 001 are not issued
        ("131052-001T", "format"),
        ("310252-308T", "date"),  # 31 February
        ("130052-308T", "date"),  # month 00
        ("290201-2345", "date"),  # 29 Feb 1901: not a leap year
        ("131052-308U", "checksum"),
    ],
)
def test_invalid_codes_carry_a_reason(code: str, reason: str) -> None:
    with pytest.raises(InvalidHetu) as info:
        parse_hetu(code)
    assert info.value.reason == reason
    assert isinstance(info.value, ValueError)
    assert not is_valid_hetu(code)


def test_check_character_ignores_the_century() -> None:
    # Same digits with a 2000s sign: a different (valid) person born in 2052.
    assert parse_hetu("131052A308T").birth_date == date(2052, 10, 13)


def test_non_string_is_a_format_error() -> None:
    with pytest.raises(InvalidHetu) as info:
        parse_hetu(131052308)  # type: ignore[arg-type]
    assert info.value.reason == "format"


def test_leap_day_2000_valid_1900_not() -> None:
    assert is_valid_hetu(make_hetu(date(2000, 2, 29), 123))
    # Same digits with a 1900s sign would be 29 Feb 1900, which did not exist.
    code = make_hetu(date(2000, 2, 29), 123).replace("A", "-")
    with pytest.raises(InvalidHetu) as info:
        parse_hetu(code)
    assert info.value.reason == "date"


def test_all_century_signs() -> None:
    assert parse_hetu(make_hetu(date(1899, 12, 31), 55)).birth_date == date(1899, 12, 31)
    for sign in "-YXWVU":
        assert parse_hetu(make_hetu(date(1990, 1, 1), 2, sign)).birth_date.year == 1990
    for sign in "ABCDEF":
        assert parse_hetu(make_hetu(date(2010, 1, 1), 2, sign)).birth_date.year == 2010


def test_new_signs_match_old_ones() -> None:
    old = make_hetu(date(1990, 1, 1), 234, "-")
    new = make_hetu(date(1990, 1, 1), 234, "Y")
    assert old != new
    assert canonical_hetu(new) == old
    assert hetu_hash(old, KEY) == hetu_hash(new, KEY)
    assert hetu_hash(make_hetu(date(2005, 5, 5), 234, "f"), KEY) == hetu_hash(
        make_hetu(date(2005, 5, 5), 234, "A"), KEY
    )


def test_hash_is_keyed_and_not_the_code() -> None:
    digest = hetu_hash("131052-308T", KEY)
    assert len(digest) == 64
    assert int(digest, 16) >= 0
    assert "131052" not in digest
    assert digest != hetu_hash("131052-308T", b"another key")
    assert digest == hetu_hash(" 131052-308t ", KEY)


def test_hash_distinguishes_centuries_and_people() -> None:
    assert hetu_hash("131052-308T", KEY) != hetu_hash("131052A308T", KEY)
    assert hetu_hash("131052-308T", KEY) != hetu_hash(make_hetu(date(1952, 10, 13), 309), KEY)


def test_hash_rejects_invalid_code_and_empty_key() -> None:
    with pytest.raises(InvalidHetu):
        hetu_hash("131052-308U", KEY)
    with pytest.raises(ValueError, match="key"):
        hetu_hash("131052-308T", b"")


def test_mask() -> None:
    assert mask_hetu(make_hetu(date(1990, 1, 1), 123)) == "010190-****"
    assert mask_hetu(make_hetu(date(1990, 1, 1), 123, "Y")) == "010190Y****"
    assert mask_hetu(make_hetu(date(2001, 2, 3), 45, "B")) == "030201B****"
    with pytest.raises(InvalidHetu):
        mask_hetu("not a code")


def test_temporary_codes() -> None:
    assert parse_hetu(make_hetu(date(1980, 2, 28), 900)).is_temporary
    assert not parse_hetu(make_hetu(date(1980, 2, 28), 899)).is_temporary


@pytest.mark.parametrize(
    ("born", "individual", "sign"),
    [
        (date(1799, 12, 31), 100, None),
        (date(2100, 1, 1), 100, None),
        (date(1990, 1, 1), 1, None),
        (date(1990, 1, 1), 1000, None),
        (date(1990, 1, 1), 100, "A"),
        (date(2005, 1, 1), 100, "-"),
        (date(1850, 1, 1), 100, "Y"),
    ],
)
def test_make_hetu_rejects_bad_input(born: date, individual: int, sign: str | None) -> None:
    with pytest.raises(ValueError, match=r"."):
        make_hetu(born, individual, sign)


@given(hetus())
def test_generated_codes_validate_and_round_trip(case: tuple[date, int, str]) -> None:
    born, individual, code = case
    parsed = parse_hetu(code)
    assert parsed.birth_date == born
    assert parsed.individual == individual
    assert parsed.code == code
    assert len(code) == 11
    assert parsed.canonical == make_hetu(born, individual)
    assert mask_hetu(code) == code[:7] + "****"


@given(hetus(), st.sampled_from([0, 1, 2, 3, 4, 5, 7, 8, 9]), st.sampled_from("0123456789"))
def test_any_single_digit_change_is_detected(
    case: tuple[date, int, str], index: int, digit: str
) -> None:
    # A one-digit change alters DDMMYYZZZ by d * 10**k with 0 < |d| < 10; 31 is prime and
    # divides neither, so the check character always catches it (if the date still exists).
    _, _, code = case
    changed = code[:index] + digit + code[index + 1 :]
    if changed != code:
        assert not is_valid_hetu(changed)


@given(hetus(), st.sampled_from(CHECK_CHARS))
def test_wrong_check_character_is_a_checksum_error(case: tuple[date, int, str], check: str) -> None:
    _, _, code = case
    changed = code[:10] + check
    if changed == code:
        assert is_valid_hetu(changed)
    else:
        with pytest.raises(InvalidHetu) as info:
            parse_hetu(changed)
        assert info.value.reason == "checksum"

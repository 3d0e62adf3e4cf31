"""Bank virtual barcode (bank bar code guide 5.3), versions 4 and 5."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from schwifty import IBAN

from heka_asoy.domain.barcode import (
    BARCODE_LENGTH,
    VirtualBarcode,
    parse_virtual_barcode,
    virtual_barcode,
)
from heka_asoy.domain.references import fi_reference, rf_reference

GUIDE_IBAN = "FI79 4405 2020 0360 82"


def test_guide_example_version_4() -> None:
    # Bank bar code guide, version 4 example: FI79 4405 2020 0360 82, EUR 4883.15,
    # reference 86851 62596 19897, due 12 June 2010 (also used by the bank-barcode crate tests).
    code = virtual_barcode(GUIDE_IBAN, Decimal("4883.15"), "86851 62596 19897", date(2010, 6, 12))
    assert code == "479440520200360820048831500000000868516259619897100612"


def test_guide_example_version_5() -> None:
    # Same payment with the RF form of the reference, RF09 8685 1625 9619 897:
    # 5 | 7944052020036082 | 004883 15 | 09 | 000000868516259619897 | 100612
    code = virtual_barcode(
        GUIDE_IBAN, Decimal("4883.15"), "RF09 8685 1625 9619 897", date(2010, 6, 12)
    )
    assert code == "579440520200360820048831509000000868516259619897100612"


@pytest.mark.parametrize(
    ("iban", "amount", "reference", "due", "expected"),
    [
        # Further guide examples (as reproduced in the bank-barcode crate's tests).
        (
            "FI58 1017 1000 0001 22",
            Decimal("482.99"),
            "55958 22432 94671",
            date(2012, 1, 31),
            "458101710000001220004829900000000559582243294671120131",
        ),
        (
            "FI02 5000 4640 0013 02",
            Decimal("693.80"),
            "69 87567 20834 35364",
            date(2011, 7, 24),
            "402500046400013020006938000000069875672083435364110724",
        ),
        # The virtuaaliviivakoodi npm package's README examples.
        (
            "FI37 1590 3000 0007 76",
            Decimal("12.25"),
            11112,
            date(2016, 12, 21),
            "437159030000007760000122500000000000000000011112161221",
        ),
        (
            "FI37 1590 3000 0007 76",
            Decimal("1.10"),
            "RF9811112",
            date(2017, 1, 1),
            "537159030000007760000011098000000000000000011112170101",
        ),
    ],
)
def test_published_examples(
    iban: str, amount: Decimal, reference: str | int, due: date, expected: str
) -> None:
    assert virtual_barcode(iban, amount, reference, due) == expected
    decoded = parse_virtual_barcode(expected)
    assert decoded.iban == IBAN(iban).compact
    assert decoded.amount == amount
    assert decoded.due_date == due


def test_no_due_date_and_no_amount() -> None:
    code = virtual_barcode(GUIDE_IBAN, None, "12328", None)
    assert code[17:25] == "00000000"
    assert code[-6:] == "000000"
    decoded = parse_virtual_barcode(code)
    assert decoded.amount is None
    assert decoded.due_date is None
    assert decoded.reference == "12328"


def test_amount_over_the_limit_is_no_amount() -> None:
    assert virtual_barcode(GUIDE_IBAN, Decimal("999999.99"), "12328")[17:25] == "99999999"
    assert virtual_barcode(GUIDE_IBAN, Decimal("1000000.00"), "12328")[17:25] == "00000000"


def test_zero_amount_decodes_as_no_amount() -> None:
    assert parse_virtual_barcode(virtual_barcode(GUIDE_IBAN, Decimal(0), "12328")).amount is None


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        (Decimal("-1.00"), ValueError),
        (Decimal("1.005"), ValueError),
        (Decimal("NaN"), ValueError),
        (Decimal("Infinity"), ValueError),
        (1.5, TypeError),
    ],
)
def test_bad_amounts(amount: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        virtual_barcode(GUIDE_IBAN, amount, "12328")  # type: ignore[arg-type]


def test_trailing_zero_decimals_are_fine() -> None:
    code = virtual_barcode(GUIDE_IBAN, Decimal("12.500"), "12328")
    assert code[17:25] == "00001250"


@pytest.mark.parametrize(
    "iban",
    [
        "DE89 3704 0044 0532 0130 00",  # valid, but not Finnish
        "FI79 4405 2020 0360 83",  # IBAN check digits wrong
        "FI79 4405",
        "not an iban",
    ],
)
def test_only_valid_finnish_ibans(iban: str) -> None:
    with pytest.raises(ValueError, match="IBAN"):
        virtual_barcode(iban, Decimal("1.00"), "12328")


@pytest.mark.parametrize("reference", ["12327", "RF19539007547034", "RF98ABC", "12"])
def test_invalid_references(reference: str) -> None:
    with pytest.raises(ValueError, match="reference"):
        virtual_barcode(GUIDE_IBAN, Decimal("1.00"), reference)


def test_alphanumeric_rf_does_not_fit() -> None:
    from heka_asoy.domain.references import rf_check_digits

    rf = "RF" + rf_check_digits("ABC123") + "ABC123"
    with pytest.raises(ValueError, match="numeric"):
        virtual_barcode(GUIDE_IBAN, Decimal("1.00"), rf)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "4" * 53,
        "x" * 54,
        "6" + "0" * 53,  # unknown version
        # version 4 with a non-zero reserve field
        "479440520200360820048831510000000868516259619897100612",
        # broken reference check digit
        "479440520200360820048831500000000868516259619898100612",
        # broken RF check digits
        "579440520200360820048831508000000868516259619897100612",
        # 31 June
        "479440520200360820048831500000000868516259619897100631",
        # wrong IBAN check digits
        "478440520200360820048831500000000868516259619897100612",
    ],
)
def test_parse_rejects_invalid_codes(code: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_virtual_barcode(code)


def test_parse_guide_example() -> None:
    decoded = parse_virtual_barcode("479440520200360820048831500000000868516259619897100612")
    assert decoded == VirtualBarcode(
        version=4,
        iban="FI7944052020036082",
        amount=Decimal("4883.15"),
        reference="868516259619897",
        due_date=date(2010, 6, 12),
    )
    v5 = parse_virtual_barcode("5794405202003608200488315 09000000868516259619897100612")
    assert v5.reference == "RF09868516259619897"


finnish_ibans = st.builds(
    lambda bank, account: IBAN.generate("FI", bank_code=bank, account_code=account).compact,
    st.integers(min_value=100, max_value=999).map(str),
    st.integers(min_value=0, max_value=10**10 - 1).map(lambda n: f"{n:010d}"),
)
amounts = st.none() | st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("999999.99"), places=2
)
dues = st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
fi_refs = st.integers(min_value=100, max_value=10**19 - 1).map(fi_reference)


@given(finnish_ibans, amounts, fi_refs, dues)
def test_version_4_round_trip(
    iban: str, amount: Decimal | None, ref: str, due: date | None
) -> None:
    code = virtual_barcode(iban, amount, ref, due)
    assert len(code) == BARCODE_LENGTH
    assert code.isdigit()
    assert code[0] == "4"
    assert parse_virtual_barcode(code) == VirtualBarcode(4, iban, amount, ref, due)


@given(finnish_ibans, amounts, fi_refs, dues)
def test_version_5_round_trip(
    iban: str, amount: Decimal | None, ref: str, due: date | None
) -> None:
    rf = rf_reference(ref)
    code = virtual_barcode(iban, amount, rf, due)
    assert len(code) == BARCODE_LENGTH
    assert code.isdigit()
    assert code[0] == "5"
    assert code[25:27] == rf[2:4]
    assert parse_virtual_barcode(code) == VirtualBarcode(5, iban, amount, rf, due)

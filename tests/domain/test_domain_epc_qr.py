"""The EPC QR payload ("BCD" SEPA credit transfer, version 002) a banking app reads."""

from __future__ import annotations

from decimal import Decimal

import pytest

from heka_asoy.domain.epc_qr import EpcPayment, build_epc_payload, parse_epc_payload

IBAN = "FI2112345600000785"
RF = "RF18539007547034"  # ISO 11649's own example


def payment(**kw) -> EpcPayment:
    data = {
        "name": "Helsingin kaupungin asunnot Oy",
        "iban": IBAN,
        "bic": "NDEAFIHH",
        "amount": Decimal("620.50"),
        "rf_reference": RF,
    }
    data.update(kw)
    return EpcPayment(**data)


def test_payload_has_the_guidelines_lines_in_order():
    """Are the elements BCD, 002, 1, SCT, BIC, name, IBAN, EUR amount, empty purpose and the
    RF reference, one a line, with nothing after the reference?"""
    assert build_epc_payload(payment()).split("\n") == [
        "BCD",
        "002",
        "1",
        "SCT",
        "NDEAFIHH",
        "Helsingin kaupungin asunnot Oy",
        IBAN,
        "EUR620.50",
        "",
        RF,
    ]


def test_spaced_and_lower_case_inputs_are_written_compact():
    """Are an IBAN and an RF reference typed with spaces written in their compact form?"""
    text = build_epc_payload(
        payment(iban="fi21 1234 5600 0007 85", rf_reference="rf18 5390 0754 7034", bic="")
    )
    lines = text.split("\n")
    assert lines[4] == ""  # version 002: the BIC may be empty
    assert lines[6] == IBAN
    assert lines[9] == RF


def test_payload_reads_back():
    """Does reading the payload give back the payee, account, amount and reference?"""
    back = parse_epc_payload(build_epc_payload(payment(name="Åke Mäkelä")))
    assert back == EpcPayment(
        name="Åke Mäkelä", iban=IBAN, amount=Decimal("620.50"), rf_reference=RF, bic="NDEAFIHH"
    )


def test_without_amount_the_line_stays_empty():
    """Is the amount line left empty (the reference keeps its place) when none is given?"""
    lines = build_epc_payload(payment(amount=None)).split("\n")
    assert lines[7] == ""
    assert lines[9] == RF
    assert parse_epc_payload("\n".join(lines)).amount is None


def test_whole_euros_get_two_decimals():
    assert build_epc_payload(payment(amount=Decimal("620"))).split("\n")[7] == "EUR620.00"


@pytest.mark.parametrize(
    "change",
    [
        {"iban": "FI2112345600000786"},  # check digits wrong
        {"bic": "NOTABIC"},
        {"rf_reference": "RF19539007547034"},
        {"rf_reference": "1232"},  # a national reference is not an RF reference
        {"name": ""},
        {"name": "x" * 71},
        {"name": "Heka\nOy"},
        {"amount": Decimal("0.00")},
        {"amount": Decimal("0.001")},
        {"amount": Decimal("1000000000.00")},
        {"amount": Decimal("-1")},
    ],
)
def test_broken_elements_are_refused(change):
    """Is a payload that breaks the guideline refused rather than written?"""
    with pytest.raises(ValueError, match=r"."):
        build_epc_payload(payment(**change))


@pytest.mark.parametrize(
    "text",
    [
        "BCD\n003\n1\nSCT\n\nX\nFI2112345600000785",
        "BCD\n002\n2\nSCT\n\nX\nFI2112345600000785",
        "XYZ\n002\n1\nSCT\n\nX\nFI2112345600000785",
        "BCD\n002\n1\nSCT\n\nX\nFI2112345600000785\nUSD1.00",
        "BCD\n002\n1\nSCT\n\nX\nFI2112345600000785\nEURabc",
    ],
)
def test_reading_refuses_other_payloads(text):
    with pytest.raises(ValueError, match=r"."):
        parse_epc_payload(text)

"""Bank file parsers: camt.054 (.001.02 and .001.08) and KTL, and the files they refuse whole."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from heka_asoy.domain.bank_files import (
    CAMT054,
    KTL,
    MAX_FILE_BYTES,
    BankFileError,
    parse,
    parse_camt054,
    parse_ktl,
)
from tests.bank_files import fixture, ktl_batch, ktl_file, ktl_payment, ktl_sum

AMOUNTS = [Decimal("450.00"), Decimal("200.00"), Decimal("350.00"), Decimal("75.00"),
           Decimal("450.00")]


@pytest.mark.parametrize(("name", "prefix"), [("camt054_001_02.xml", "261127593497A"),
                                              ("camt054_001_08.xml", "261127593497B")])
def test_camt054_versions_give_each_payment(name, prefix):
    """Do both camt.054 versions give every payment with its archive id, reference, amount,
    booking date, payer and bank, and skip the debit or reversal with its reason?"""
    parsed = parse(fixture(name))
    assert parsed.kind == CAMT054
    assert [e.amount for e in parsed.entries] == AMOUNTS
    assert [e.archive_id for e in parsed.entries] == [
        f"{prefix}{n}" for n in ("0001", "0002", "0003", "0004", "0001")
    ]
    first = parsed.entries[0]
    assert first.reference == "20261100017"
    assert parsed.entries[1].reference == "RF5920261100020"
    assert first.paid_on == date(2026, 11, 27)
    assert first.payer_name == "Maija Meikäläinen"
    assert first.bank == "OKOYFIHH"
    assert "TxDtls[1]" in first.position
    assert [(s.reason, s.amount) for s in parsed.skipped] == [
        ("debit" if name.endswith("02.xml") else "reversal", Decimal("2.50"))
    ]
    assert parsed.total == sum(AMOUNTS)


def test_ktl_file_gives_each_payment_and_skips_the_correction():
    """Does the KTL file give each record 3 with the padded reference trimmed, the amount from
    cents and the payment date, and list the correction for the desk?"""
    parsed = parse(fixture("ktl_payments.txt"))
    assert parsed.kind == KTL
    assert [e.amount for e in parsed.entries] == AMOUNTS
    first = parsed.entries[0]
    assert (first.archive_id, first.reference, first.paid_on) == (
        "1126593497KA0001", "20261100017", date(2026, 11, 26))
    assert first.payer_name == "MEIKÄLÄINEN"
    assert first.bank == "50"
    assert first.position == "line 2"
    assert [(s.reason, s.archive_id, s.amount) for s in parsed.skipped] == [
        ("correction", "1126593497KA0005", Decimal("20.00"))]


def test_ktl_utf8_and_lf_and_several_batches():
    """Are a UTF-8 file with LF line ends and two batches read alike?"""
    one = [ktl_payment("A1", "20261100017", "1.00", payer="ÅSTRÖM")]
    two = [ktl_payment("A2", "20261100020", "2.00")]
    text = "\n".join([ktl_batch(), *one, ktl_sum(one), ktl_batch(), *two, ktl_sum(two)]) + "\n"
    parsed = parse_ktl(text.encode("utf-8"))
    assert [(e.archive_id, e.payer_name) for e in parsed.entries] == [
        ("A1", "ÅSTRÖM"), ("A2", "MEIKALAINEN")]


def _refused(data: bytes) -> BankFileError:
    with pytest.raises(BankFileError) as caught:
        parse(data)
    return caught.value


def test_bad_xml_is_refused_with_its_line():
    error = _refused(fixture("camt054_bad_xml.xml"))
    assert error.code == "bad_xml"
    assert error.params["line"] == 55


def test_xxe_attempt_is_refused_before_any_entity_is_read():
    """Is a DOCTYPE with an external entity refused, never resolved?"""
    error = _refused(fixture("camt054_xxe.xml"))
    assert error.code == "xml_forbidden"
    assert "passwd" not in str(error)


def test_entity_bomb_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>')
    assert _refused(bomb).code == "xml_forbidden"


def test_non_euro_entry_refuses_the_camt_file():
    error = _refused(fixture("camt054_non_eur.xml"))
    assert error.code == "currency"
    assert error.params["value"] == "SEK"
    assert error.params["element"].endswith("TxDtls[3]/AmtDtls/TxAmt/Amt")


def test_wrong_record_length_refuses_the_ktl_file_with_its_line():
    error = _refused(fixture("ktl_wrong_length.txt"))
    assert (error.code, error.params) == ("record_length", {"line": 3, "length": 89})


def test_sum_record_mismatch_refuses_the_ktl_file():
    error = _refused(fixture("ktl_sum_mismatch.txt"))
    assert error.code == "sum_mismatch"
    assert error.params["line"] == 8
    assert error.params["total"] == Decimal("1524.00")
    assert error.params["summed"] == Decimal("1525.00")


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        ([ktl_payment("A1", "20261100017", "1.00")], "missing_batch_record"),
        ([ktl_batch(), ktl_payment("A1", "20261100017", "1.00")], "missing_sum_record"),
        ([ktl_batch(), ktl_payment("A1", "20261100017", "1.00", currency="2")], "currency"),
        ([ktl_batch(), "7".ljust(90)], "record_type"),
        ([ktl_batch(), ktl_payment("A1", "2026110001X", "1.00")], "bad_field"),
        ([ktl_batch(), ktl_payment("                ", "20261100017", "1.00")],
         "missing_archive_id"),
        ([ktl_batch(), ktl_payment("A1", "20261100017", "1.00", correction="7")], "bad_field"),
    ],
)
def test_malformed_ktl_records(lines, code):
    assert _refused("\r\n".join(lines).encode("ascii")).code == code


def test_bad_ktl_date_is_refused():
    record = ktl_payment("A1", "20261100017", "1.00")
    record = record[:21] + "261341" + record[27:]
    error = _refused("\n".join([ktl_batch(), record, ktl_sum([record])]).encode())
    assert (error.code, error.params["field"]) == ("bad_date", "payment_date")


def test_empty_and_too_large_files_are_refused():
    assert _refused(b"").code == "empty"
    assert _refused(b" " * (MAX_FILE_BYTES + 1)).code == "too_large"


def test_camt_with_other_root_is_refused():
    data = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>'
    assert _refused(data).code == "not_camt054"


def test_camt_entry_sum_must_match_its_payments():
    data = fixture("camt054_001_02.xml").replace(b"1525.00", b"1500.00")
    error = _refused(data)
    assert error.code == "sum_mismatch"
    assert error.params["summed"] == Decimal("1525.00")


def test_camt_amount_must_be_positive_euros_with_cents():
    data = fixture("camt054_001_02.xml").replace(b">75.00<", b">75.001<")
    assert _refused(data).code == "bad_amount"


def test_parsers_agree_with_the_dispatcher():
    assert parse_camt054(fixture("camt054_001_08.xml")).entries == parse(
        fixture("camt054_001_08.xml")).entries
    assert parse_ktl(ktl_file([ktl_payment("A", "123", "1")])).entries[0].reference == "123"


@pytest.mark.parametrize("version", ["03", "04", "05", "06", "07"])
def test_camt054_middle_versions_are_read(version):
    """Are .001.03 to .001.07 read like .001.02 (their payment elements are alike)?"""
    namespace = f"camt.054.001.{version}".encode()
    data = fixture("camt054_001_02.xml").replace(b"camt.054.001.02", namespace)
    assert [e.amount for e in parse(data).entries] == AMOUNTS


@pytest.mark.parametrize("version", ["01", "09", "10"])
def test_camt054_unknown_versions_are_refused(version):
    namespace = f"camt.054.001.{version}".encode()
    data = fixture("camt054_001_02.xml").replace(b"camt.054.001.02", namespace)
    assert _refused(data).code == "not_camt054"


# --- properties ----------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_payments = st.lists(
    st.tuples(
        st.text("ABCDEFGHJK0123456789", min_size=1, max_size=16),
        st.integers(100, 10**19 - 1),
        st.integers(1, 10**10 - 1),
        st.sampled_from("0001"),
    ),
    min_size=1,
    max_size=20,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(_payments)
def test_ktl_round_trip(payments):
    """Does any well-formed KTL file give back exactly its payments and corrections?"""
    records = [
        ktl_payment(archive, str(ref), Decimal(cents).scaleb(-2), correction=flag)
        for archive, ref, cents, flag in payments
    ]
    parsed = parse_ktl(ktl_file(records))
    assert [(e.archive_id, e.reference, e.amount) for e in parsed.entries] == [
        (a, str(r), Decimal(c).scaleb(-2)) for a, r, c, f in payments if f == "0"
    ]
    assert len(parsed.skipped) == sum(1 for *_, f in payments if f == "1")


@settings(max_examples=300)
@given(st.one_of(st.binary(max_size=600), st.binary(max_size=300).map(lambda b: b"<" + b),
                 st.binary(max_size=300).map(lambda b: b'<?xml version="1.0" ' + b)))
def test_any_bytes_are_parsed_or_refused_never_crash(data):
    """Does anything at all either parse or give a BankFileError (never another exception)?"""
    try:
        parse(data)
    except BankFileError:
        pass


@settings(max_examples=200)
@given(st.lists(st.text(max_size=95), min_size=1, max_size=6))
def test_any_text_lines_are_parsed_or_refused(lines):
    try:
        parse(("\n".join(lines)).encode("utf-8", "surrogatepass"))
    except BankFileError:
        pass


@settings(max_examples=150)
@given(st.data())
def test_mutated_camt_is_parsed_or_refused(data):
    """Does a camt.054 file with any one byte changed or cut either parse or refuse?"""
    original = fixture("camt054_001_08.xml")
    at = data.draw(st.integers(0, len(original) - 1))
    if data.draw(st.booleans()):
        mutated = original[:at]
    else:
        mutated = original[:at] + bytes([data.draw(st.integers(0, 255))]) + original[at + 1 :]
    try:
        parse(mutated)
    except BankFileError:
        pass


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b'<?xml version="1.0" encoding="foo"?><a/>', "xml_encoding"),
        (b'<?xml version="1.0" encoding="utf-16"?><a/>', "bad_xml"),
        (b'<a xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">', "bad_xml"),
    ],
)
def test_odd_xml_is_refused(data, code):
    assert _refused(data).code == code


def test_latin1_camt_is_read():
    """Is a camt.054 file declared ISO-8859-1 read with its payer's name intact?"""
    data = fixture("camt054_001_02.xml").decode("utf-8").replace(
        'encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("iso-8859-1")
    assert parse(data).entries[0].payer_name == "Maija Meikäläinen"


def test_ktl_direct_debit_record_is_a_payment_like_record_3():
    """Is a record 5 (direct debit, the same layout) booked like a reference payment, and its
    correction (code 1) skipped like any other?"""
    records = [ktl_payment("D1", "20261100017", "12.34", kind="5"),
               ktl_payment("D2", "20261100017", "1.00", kind="5", correction="1")]
    parsed = parse_ktl(ktl_file(records))
    assert [(e.archive_id, e.amount) for e in parsed.entries] == [("D1", Decimal("12.34"))]
    assert [s.reason for s in parsed.skipped] == ["correction"]

"""Invoice numbers, references, due dates and the lines of a monthly invoice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from heka_asoy.domain.barcode import parse_virtual_barcode, virtual_barcode
from heka_asoy.domain.invoicing import (
    FeeRow,
    month_index,
    month_start,
    monthly_due_date,
    monthly_number,
    monthly_reference,
    one_off_due_date,
    one_off_number,
    one_off_reference,
    plan_monthly_lines,
    rf_form,
    total,
)
from heka_asoy.domain.references import is_valid_fi_reference, is_valid_rf_reference

DEC = date(2026, 12, 1)


def test_month_helpers():
    """Do month starts and indexes count across year ends?"""
    assert month_start(date(2026, 11, 30), 1) == DEC
    assert month_start(date(2026, 12, 15), 1) == date(2027, 1, 1)
    assert month_start(date(2027, 1, 15), -3) == date(2026, 10, 1)
    assert month_index(date(2000, 1, 1)) == 0
    assert month_index(DEC) == 26 * 12 + 11


def test_references_are_valid_distinct_and_stable():
    """Are monthly and one-off references valid, the same for the same lease and month, and
    never equal across leases, months or kinds?"""
    ref = monthly_reference(42, DEC)
    assert ref == monthly_reference(42, DEC)
    assert is_valid_fi_reference(ref)
    assert ref.startswith("1420323")
    seen = set()
    for lease_id in (1, 12, 123, 1230, 50000):
        for period in (DEC, date(2027, 1, 1), date(2000, 1, 1)):
            seen.add(monthly_reference(lease_id, period))
        for seq in (1, 2, 323):
            seen.add(one_off_reference(lease_id, seq))
    assert len(seen) == 5 * 6
    assert is_valid_rf_reference(rf_form(ref))
    assert rf_form(ref).endswith(ref)


def test_numbers():
    assert monthly_number(42, DEC) == "202612-00042"
    assert one_off_number(42, date(2026, 11, 30), 3) == "202611-00042-K3"


def test_due_dates_move_to_banking_days():
    """Is the due day clamped to the month and moved past weekends and holidays?"""
    assert monthly_due_date(DEC, 2) == date(2026, 12, 2)  # a Wednesday
    assert monthly_due_date(date(2027, 1, 1), 2) == date(2027, 1, 4)  # Saturday -> Monday
    assert monthly_due_date(date(2027, 2, 1), 31) == date(2027, 3, 1)  # 28 Feb is a Sunday
    assert monthly_due_date(date(2026, 5, 1), 1) == date(2026, 5, 4)  # May Day
    assert one_off_due_date(date(2026, 12, 10), 14) == date(2026, 12, 28)  # 24.12. -> Monday


def _fee(fid, kind, amount, starts, ends=None, description=""):
    return FeeRow(fid, kind, description, Decimal(amount), starts, ends)


def test_monthly_lines():
    """Rent from the lease, water per person in the register, and only the fees in force;
    rent and water fee rows are not charged twice."""
    fees = [
        _fee(1, "rent", "620", date(2020, 1, 1)),
        _fee(2, "water", "40", date(2020, 1, 1)),
        _fee(3, "sauna", "15", date(2026, 6, 1), description="Saunavuoro ti 18-19"),
        _fee(4, "parking", "35", date(2026, 12, 20), description="Autopaikka P3"),
        _fee(5, "parking", "30", date(2026, 1, 1), date(2026, 11, 30)),  # ended
        _fee(6, "sauna", "12", date(2027, 1, 1)),  # not yet
        _fee(7, "sauna", "12", date(2026, 1, 1), date(2026, 12, 31)),  # ends this month
    ]
    lines = plan_monthly_lines(DEC, Decimal("620.00"), fees, 2, Decimal("20.00"))
    assert [(line.kind, line.amount, line.fee_id) for line in lines] == [
        ("rent", Decimal("620.00"), None),
        ("water", Decimal("40.00"), None),
        ("sauna", Decimal("12.00"), 7),
        ("sauna", Decimal("15.00"), 3),
        ("parking", Decimal("35.00"), 4),
    ]
    assert lines[1].description == "Vesimaksu 2 hlö x 20,00 €"
    assert total(lines) == Decimal("722.00")


def test_no_water_line_without_occupants():
    lines = plan_monthly_lines(DEC, Decimal("500"), [], 0, Decimal("20.00"))
    assert [line.kind for line in lines] == ["rent"]


def test_barcodes_of_a_monthly_invoice_decode_back():
    """Do the version 4 and 5 barcodes of an invoice carry its IBAN, amount, references and
    due date?"""
    ref = monthly_reference(42, DEC)
    due = monthly_due_date(DEC, 2)
    v4 = parse_virtual_barcode(virtual_barcode("FI2112345600000785", Decimal("722.00"), ref, due))
    v5 = parse_virtual_barcode(
        virtual_barcode("FI2112345600000785", Decimal("722.00"), rf_form(ref), due)
    )
    assert (v4.version, v4.reference, v4.amount, v4.due_date) == (4, ref, Decimal("722.00"), due)
    assert (v5.version, v5.reference) == (5, rf_form(ref))

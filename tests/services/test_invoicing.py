"""The invoicing service: next month's invoice for every running lease, one-off invoices, the
barcodes, and the daily job's schedule. Runs on SQLite and (TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from peewee import IntegrityError

from heka_asoy.db import write_txn
from heka_asoy.domain.banking_days import is_banking_day
from heka_asoy.domain.barcode import parse_virtual_barcode
from heka_asoy.domain.invoicing import month_start
from heka_asoy.domain.references import is_valid_fi_reference, is_valid_rf_reference
from heka_asoy.models import AuditLog, Fee, Invoice, InvoiceLine, Occupancy
from heka_asoy.services import billing, bookings
from tests.booking_factories import bookable_hours, make_parking_space, make_sauna
from tests.factories import (
    add_other_resident,
    make_flat,
    make_lease,
    make_resident,
    make_staff,
)


def _lease(persons: int = 1, **kw):
    flat = make_flat()
    residents = [make_resident() for _ in range(persons)]
    lease = make_lease(flat, residents[:1], starts_on=date(2025, 1, 1), **kw)
    for other in residents[1:]:
        add_other_resident(flat, other, moved_in=date(2025, 1, 1))
    return flat, lease


def test_monthly_invoice_has_rent_water_and_the_booked_fees(app, next_month):
    """Does a lease with two people, a sauna turn and a parking space booked through the
    bookings service get one invoice for next month with a line each, due on a banking day,
    with valid national and RF references?"""
    flat, lease = _lease(persons=2)
    staff = make_staff()
    sauna = make_sauna(flat.housing_company, monthly_fee=Decimal("15.00"))
    space = make_parking_space(flat.housing_company, fee="35.50")
    starts = billing.today() + timedelta(days=1)
    with app.test_request_context():
        bookings.book_turn(staff, flat.id, bookable_hours(sauna)[0].id, starts, by_staff=True)
        bookings.rent_space(staff, flat.id, space.id, starts, by_staff=True)

    result = billing.issue_month(next_month)

    assert (result.issued, result.existing) == (1, 0)
    invoice = Invoice.get(Invoice.lease == lease)
    lines = list(invoice.lines.order_by(InvoiceLine.id))
    assert [(line.kind, line.amount) for line in lines[:2]] == [
        ("rent", Decimal("620.00")),
        ("water", Decimal("40.00")),
    ]
    # The booked fees follow in the order they start (the turn starts on its weekday).
    assert sorted((line.kind, line.amount) for line in lines[2:]) == [
        ("parking", Decimal("35.50")),
        ("sauna", Decimal("15.00")),
    ]
    fee_ids = {f.id for f in Fee.select().where(Fee.lease == lease)}
    assert {line.fee_id for line in lines[2:]} == fee_ids
    assert invoice.amount == Decimal("710.50")
    assert (invoice.period, invoice.kind, invoice.status) == (next_month, "rent", "open")
    assert invoice.issued_on == billing.today()
    assert invoice.due_on >= next_month.replace(day=2)
    assert is_banking_day(invoice.due_on)
    assert invoice.due_on - next_month.replace(day=2) < timedelta(days=5)
    assert is_valid_fi_reference(invoice.reference)
    assert is_valid_rf_reference(invoice.rf_reference)
    assert invoice.rf_reference.endswith(invoice.reference)
    assert invoice.number == f"{next_month:%Y%m}-{lease.id:05d}"
    assert AuditLog.get(AuditLog.action == "invoices_issued").data["issued"] == 1


def test_a_second_run_makes_nothing(app, next_month):
    """Is the run idempotent: the second run of the month issues nothing and counts the
    invoices that are there?"""
    _lease()
    _lease()
    assert billing.issue_month(next_month).issued == 2
    again = billing.issue_month(next_month.replace(day=20))
    assert (again.issued, again.existing) == (0, 2)
    assert Invoice.select().count() == 2


def test_only_running_leases_and_fees_in_force(app, next_month):
    """Are leases that ended before the month or start after its first day left out, and
    fees that ended before the month or start after it?"""
    _flat, running = _lease()
    _lease(ends_on=next_month - timedelta(days=1))
    later_flat = make_flat()
    make_lease(later_flat, [make_resident()], starts_on=next_month + timedelta(days=3))
    Fee.create(lease=running, kind="parking", description="P old", monthly_amount=30,
               starts_on=date(2025, 1, 1), ends_on=next_month - timedelta(days=1))
    Fee.create(lease=running, kind="sauna", description="later", monthly_amount=12,
               starts_on=month_start(next_month, 1))
    Fee.create(lease=running, kind="other", description="Varasto", monthly_amount=8,
               starts_on=date(2025, 1, 1))
    assert billing.issue_month(next_month).issued == 1
    invoice = Invoice.get()
    assert invoice.lease_id == running.id
    assert [line.description for line in invoice.lines.order_by(InvoiceLine.id)][2:] == ["Varasto"]


def test_water_counts_the_people_on_the_first_day(app, next_month):
    """Does the water fee count those living there on the month's first day, at the
    configured rate, and no one who moved out before it?"""
    app.config["WATER_FEE_PER_PERSON"] = "21.50"
    flat, lease = _lease(persons=3)
    leaving = Occupancy.select().where(Occupancy.flat == flat).order_by(Occupancy.id.desc()).get()
    leaving.moved_out = next_month - timedelta(days=1)
    leaving.save()
    billing.issue_month(next_month)
    water = InvoiceLine.get(InvoiceLine.kind == "water")
    assert water.amount == Decimal("43.00")
    assert water.description == "Vesimaksu 2 hlö x 21,50 €"


def test_due_day_of_the_lease(app):
    """Does a lease's own due day apply, clamped to a short month, on a banking day?"""
    _flat, lease = _lease(due_day=31)
    billing.issue_month(date(2027, 2, 1))
    assert Invoice.get(Invoice.lease == lease).due_on == date(2027, 3, 1)  # 28.2. is a Sunday


def test_one_off_invoices_are_not_limited_to_one_a_month(app, next_month):
    """Do two door openings in one month get two invoices with their own numbers and
    references, beside the month's rent invoice?"""
    _flat, lease = _lease()
    billing.issue_month(next_month)
    line = billing.Line("door_opening", "Ovenavaus", Decimal("60.00"))
    first = billing.issue_single(lease, "door_opening", [line], issued_on=date(2026, 12, 10))
    second = billing.issue_single(lease.id, "door_opening", [line], issued_on=date(2026, 12, 10))
    assert first.reference != second.reference
    assert first.number != second.number
    assert first.due_on == date(2026, 12, 28)  # 24.12. is Christmas Eve, then the weekend
    assert (first.amount, first.kind, first.period) == (Decimal("60.00"), "door_opening",
                                                        date(2026, 12, 1))
    assert is_valid_rf_reference(second.rf_reference)
    assert Invoice.select().count() == 3


def test_issue_single_refuses_monthly_kind_and_no_lines(app):
    _flat, lease = _lease()
    with pytest.raises(billing.common.ServiceError):
        billing.issue_single(lease, "rent", [billing.Line("rent", "x", Decimal(1))])
    with pytest.raises(billing.common.ServiceError):
        billing.issue_single(lease, "door_opening", [])


def test_the_database_refuses_a_second_monthly_invoice(app, next_month):
    """Is the partial unique index there: a second rent invoice of the same lease and month
    fails in the database itself, whatever the service checks?"""
    _flat, lease = _lease()
    billing.issue_month(next_month)
    first = Invoice.get()
    with pytest.raises(IntegrityError), write_txn():
        Invoice.create(lease=lease, number="X-1", reference="1232", period=next_month,
                       issued_on=next_month, due_on=next_month, amount=1, kind="rent")
    assert Invoice.select().count() == 1
    assert Invoice.get().id == first.id


def test_virtual_barcodes(app, next_month):
    """Do the invoice's version 4 and 5 barcodes carry Heka's account, the open amount, the
    references and the due date?"""
    _lease()
    billing.issue_month(next_month)
    invoice = Invoice.get()
    v4 = parse_virtual_barcode(billing.virtual_barcode(invoice))
    v5 = parse_virtual_barcode(billing.virtual_barcode(invoice, 5))
    assert v4.iban == billing.creditor().iban == "FI2112345600000785"
    assert (v4.amount, v4.reference, v4.due_date) == (invoice.amount, invoice.reference,
                                                      invoice.due_on)
    assert (v5.version, v5.reference) == (5, invoice.rf_reference)
    invoice.paid_amount = Decimal("100.00")
    assert parse_virtual_barcode(billing.virtual_barcode(invoice)).amount == (
        invoice.amount - Decimal("100.00")
    )
    with pytest.raises(ValueError, match="4 or 5"):
        billing.virtual_barcode(invoice, 3)


def test_scheduled_run(app):
    """Does the daily job invoice next month from the invoicing day on, and nothing before?"""
    _lease()
    assert billing.scheduled_period(date(2026, 11, 14), 15) is None
    assert billing.scheduled_period(date(2026, 11, 15), 15) == date(2026, 12, 1)
    assert billing.scheduled_period(date(2026, 12, 31), 15) == date(2027, 1, 1)
    assert billing.run_scheduled(date(2026, 11, 14)) is None
    result = billing.run_scheduled(date(2026, 11, 20))
    assert (result.period, result.issued) == (date(2026, 12, 1), 1)

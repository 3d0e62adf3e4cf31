"""Importing bank files: matching by reference, paid / partly paid / overpaid, unmatched kept
for the desk, duplicates adding nothing, malformed files changing nothing, and the desk's
allocation by hand (audited)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from heka_asoy.models import AuditLog, BankFileImport, Invoice, Payment
from heka_asoy.services.billing import payment_desk, payment_import
from heka_asoy.services.billing.payment_desk import PaymentDeskError
from heka_asoy.services.billing.payment_import import PaymentFileRefused, import_bank_file
from heka_asoy.services.errors import NotFound, Refused
from tests.bank_files import fixture, ktl_file, ktl_payment
from tests.factories import make_payable_invoice, make_staff, make_tenant

FILES = ["camt054_001_02.xml", "camt054_001_08.xml", "ktl_payments.txt"]
MALFORMED = [
    ("camt054_bad_xml.xml", "bad_xml"),
    ("camt054_xxe.xml", "xml_forbidden"),
    ("camt054_non_eur.xml", "currency"),
    ("ktl_wrong_length.txt", "record_length"),
    ("ktl_sum_mismatch.txt", "sum_mismatch"),
]


@pytest.fixture
def invoices(app):
    """The three invoices the fixtures pay: in full, in part (by RF), beyond the amount."""
    return {
        "full": make_payable_invoice("20261100017", "450.00"),
        "part": make_payable_invoice("20261100020", "450.00"),
        "over": make_payable_invoice("20261100033", "300.00"),
    }


def _fresh(invoice: Invoice) -> Invoice:
    return Invoice.get_by_id(invoice.id)


@pytest.mark.parametrize("name", FILES)
def test_file_pays_in_full_in_part_beyond_and_keeps_the_unmatched(app, invoices, name):
    """Does each fixture mark one invoice paid, one partly paid, one overpaid, keep the
    unknown reference unmatched and count the repeated archive id as already imported?"""
    staff = make_staff()
    batch = import_bank_file(name, fixture(name), staff)
    assert (batch.paid, batch.partly_paid, batch.overpaid, batch.unmatched, batch.duplicates) == (
        1, 1, 1, 1, 1)
    assert batch.entries == 5
    assert batch.skipped == 1
    assert batch.booked_total == Decimal("1075.00")
    assert batch.imported_by_id == staff.id
    full, part, over = (_fresh(invoices[k]) for k in ("full", "part", "over"))
    assert (full.status, full.paid_amount) == ("paid", Decimal("450.00"))
    assert (part.status, part.paid_amount) == ("partly_paid", Decimal("200.00"))
    assert (over.status, over.paid_amount) == ("overpaid", Decimal("350.00"))
    unmatched = Payment.get(Payment.invoice.is_null())
    assert unmatched.lease_id is None
    assert unmatched.amount == Decimal("75.00")
    assert unmatched.bank_import_id == batch.id
    paid = Payment.get(Payment.invoice == full.id)
    assert paid.lease_id == full.lease_id
    assert paid.payer_name
    assert Payment.select().count() == 4
    log = AuditLog.get(AuditLog.action == "bank_file_imported")
    assert log.data["unmatched"] == 1


@pytest.mark.parametrize("name", FILES)
def test_same_file_twice_adds_nothing(app, invoices, name):
    staff = make_staff()
    import_bank_file(name, fixture(name), staff)
    again = import_bank_file(name, fixture(name), staff)
    assert (again.paid, again.partly_paid, again.overpaid, again.unmatched) == (0, 0, 0, 0)
    assert again.duplicates == 5
    assert again.booked_total == 0
    assert Payment.select().count() == 4
    assert _fresh(invoices["full"]).paid_amount == Decimal("450.00")
    assert BankFileImport.select().count() == 2
    assert again.sha256 == BankFileImport.get_by_id(1).sha256


@pytest.mark.parametrize(("name", "code"), MALFORMED)
def test_malformed_file_changes_nothing(app, invoices, name, code):
    """Is a malformed file refused whole with its reason, and nothing written?"""
    with pytest.raises(PaymentFileRefused) as caught:
        import_bank_file(name, fixture(name), make_staff())
    assert caught.value.code == code
    assert Payment.select().count() == 0
    assert BankFileImport.select().count() == 0
    assert _fresh(invoices["full"]).paid_amount == 0


def test_resident_may_not_import(app, invoices):
    with pytest.raises(Refused):
        import_bank_file("x.txt", fixture("ktl_payments.txt"), make_tenant())
    assert Payment.select().count() == 0


def test_cents_add_up_exactly(app):
    """Do many small payments add up to the invoice exactly (no float drift on SQLite)?"""
    invoice = make_payable_invoice(amount="0.30")
    records = [ktl_payment(f"C{i}", invoice.reference, "0.10") for i in range(3)]
    batch = import_bank_file("c.txt", ktl_file(records), make_staff())
    assert (batch.partly_paid, batch.paid) == (2, 1)
    assert (_fresh(invoice).status, _fresh(invoice).paid_amount) == ("paid", Decimal("0.30"))


def test_credited_invoice_takes_no_payment(app):
    invoice = make_payable_invoice(status="credited")
    batch = import_bank_file("c.txt", ktl_file([ktl_payment("K1", invoice.reference, "5")]),
                             make_staff())
    assert batch.unmatched == 1
    assert _fresh(invoice).paid_amount == 0


@pytest.mark.parametrize(
    ("given", "expected"),
    [("RF5920261100020", "20261100020"), ("rf59 2026 1100 020", "20261100020"),
     ("00000000020261100020", "20261100020"), ("2026 11000 20", "20261100020"),
     ("RF00123", ""), ("abc", ""), ("", "")],
)
def test_national_reference(given, expected):
    assert payment_import.national_reference(given) == expected


# --- the desk ------------------------------------------------------------------------------


def _unmatched(app) -> Payment:
    import_bank_file("k.txt", fixture("ktl_payments.txt"), make_staff())
    return Payment.get(Payment.invoice.is_null())


def test_desk_allocates_an_unmatched_payment_by_number_and_audits(app, invoices):
    staff = make_staff()
    payment = _unmatched(app)
    target = make_payable_invoice(amount="75.00")
    assert payment_desk.unmatched_payments(staff) == [payment]
    allocated, invoice = payment_desk.allocate(staff, payment.id, target.number)
    assert (allocated.invoice_id, allocated.lease_id) == (target.id, target.lease_id)
    assert (invoice.status, invoice.paid_amount) == ("paid", Decimal("75.00"))
    assert payment_desk.unmatched_payments(staff) == []
    log = AuditLog.get(AuditLog.action == "payment_allocated")
    assert (log.actor_id, log.target_id, log.data["invoice"]) == (staff.id, payment.id,
                                                                  target.number)


def test_desk_allocates_by_rf_reference(app, invoices):
    from heka_asoy.domain.references import rf_reference

    payment = _unmatched(app)
    target = make_payable_invoice(amount="100.00")
    _, invoice = payment_desk.allocate(make_staff(), payment.id, rf_reference(target.reference))
    assert invoice.status == "partly_paid"


def test_desk_allocation_refusals_change_nothing(app, invoices):
    staff = make_staff()
    payment = _unmatched(app)
    with pytest.raises(PaymentDeskError) as caught:
        payment_desk.allocate(staff, payment.id, "no-such-invoice")
    assert caught.value.code == "invoice_not_found"
    credited = make_payable_invoice(status="credited")
    with pytest.raises(PaymentDeskError) as caught:
        payment_desk.allocate(staff, payment.id, credited.number)
    assert caught.value.code == "credited"
    matched = Payment.get(Payment.invoice == invoices["full"].id)
    with pytest.raises(PaymentDeskError) as caught:
        payment_desk.allocate(staff, matched.id, invoices["part"].number)
    assert caught.value.code == "already_allocated"
    with pytest.raises(NotFound):
        payment_desk.allocate(staff, 999999, invoices["part"].number)
    with pytest.raises(Refused):
        payment_desk.allocate(make_tenant(), payment.id, invoices["part"].number)
    assert _fresh(invoices["part"]).paid_amount == Decimal("200.00")
    assert Payment.get_by_id(payment.id).invoice_id is None
    assert AuditLog.select().where(AuditLog.action == "payment_allocated").count() == 0


def test_invoice_lookup_shows_payments_and_excess(app, invoices):
    staff = make_staff()
    import_bank_file("k.txt", fixture("ktl_payments.txt"), staff)
    found = payment_desk.find_invoice(staff, "RF9620261100033")
    assert found.invoice.id == invoices["over"].id
    assert found.excess == Decimal("50.00")
    assert [p.amount for p in found.payments] == [Decimal("350.00")]
    assert payment_desk.find_invoice(staff, invoices["over"].number).invoice.id == found.invoice.id
    assert payment_desk.find_invoice(staff, "nothing") is None


def test_import_list_and_details(app, invoices, count_queries):
    staff = make_staff()
    batch = import_bank_file("k.txt", fixture("ktl_payments.txt"), staff)
    with count_queries() as one:
        imports = payment_desk.recent_imports(staff)
        assert imports[0].imported_by.email == staff.email
    import_bank_file("k2.txt", fixture("camt054_001_02.xml"), staff)
    with count_queries() as two:
        imports = payment_desk.recent_imports(staff)
        assert [i.imported_by.email for i in imports] == [staff.email] * 2
    assert one.count == two.count == 1
    view = payment_desk.import_details(staff, batch.id)
    assert len(view.payments) == 4
    with pytest.raises(NotFound):
        payment_desk.import_details(staff, 99999)


@pytest.mark.parametrize(
    ("amount", "paid_before", "status_before", "added"),
    [("450.00", "0", "open", "0.01"), ("450.00", "200.00", "partly_paid", "250.00"),
     ("450.00", "450.00", "paid", "0.01"), ("0.30", "0.20", "partly_paid", "0.10"),
     ("100.00", "0", "credited", "5.00"), ("100.00", "99.99", "partly_paid", "0.02")],
)
def test_sql_status_agrees_with_the_domain_rule(app, amount, paid_before, status_before, added):
    """Does the UPDATE's CASE give what ``domain.payment_status`` says?"""
    from heka_asoy.domain.payment_status import payment_status

    invoice = make_payable_invoice(amount=amount, paid_amount=Decimal(paid_before),
                                   status=status_before)
    status = payment_import.add_to_invoice(invoice.id, Decimal(added))
    expected_paid = Decimal(paid_before) + Decimal(added)
    assert status == payment_status(Decimal(amount), expected_paid, status_before)
    assert _fresh(invoice).paid_amount == expected_paid

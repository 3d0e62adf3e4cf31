"""The rent page's read service: charges, invoices and their states, the balance, what a bank
needs of each open invoice, and who may see it (services/billing/statement.py, codes.py)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import segno
import time_machine
import zxingcpp
from PIL import Image, ImageDraw

from heka_asoy.domain.barcode import parse_virtual_barcode
from heka_asoy.domain.epc_qr import parse_epc_payload
from heka_asoy.domain.references import is_valid_rf_reference
from heka_asoy.models import Fee, Lease, PowerOfAttorney
from heka_asoy.services import access
from heka_asoy.services.billing import codes, statement
from heka_asoy.services.billing.words import invoice_state_label
from heka_asoy.services.errors import NotFound, Refused
from tests.factories import (
    add_other_resident,
    make_lease,
    make_rent_invoice,
    make_rent_year,
    make_resident,
    make_tenant,
    make_user,
)

#: A Wednesday noon in Helsinki (10:00 UTC).
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 18)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def lease_of(user) -> Lease:
    return Lease.get(Lease.flat == user.flat)


def agent_for(user, scopes: str, kind: str = "general"):
    agent = make_user(None)
    PowerOfAttorney.create(
        grantor=user.resident,
        lease=lease_of(user),
        agent_name="Valtuutettu",
        agent_user=agent,
        kind=kind,
        scopes=scopes,
        valid_from=TODAY - timedelta(days=1),
    )
    return agent


def test_states_balance_and_overdue(app, frozen):
    """Are open, partly paid, paid, credited and overdue told apart, and is the balance what is
    still to pay on the open and partly paid ones only?"""
    tenant = make_tenant()
    lease = lease_of(tenant)
    make_rent_invoice(lease, date(2026, 9, 1), status="paid", paid_amount=Decimal("620.00"))
    make_rent_invoice(lease, date(2026, 8, 1), status="credited")
    make_rent_invoice(lease, date(2026, 7, 1), status="overpaid", paid_amount=Decimal("700.00"))
    make_rent_invoice(lease, date(2026, 10, 1), status="partly_paid", paid_amount=Decimal("20.00"))
    make_rent_invoice(lease, date(2026, 11, 1), due_on=date(2026, 11, 18))
    make_rent_invoice(lease, date(2026, 12, 1))
    s = statement.rent_statement(tenant, None)
    states = {i.period.month: i.state for i in s.invoices}
    assert states == {
        7: "overpaid",
        8: "credited",
        9: "paid",
        10: "overdue",
        11: "open",
        12: "open",
    }
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert invoice_state_label("overpaid") == "Paid, with an excess"
    assert [i.period.month for i in s.invoices] == [12, 11, 10, 9, 8, 7]  # newest first
    assert [i.period.month for i in s.payable] == [10, 11, 12]  # oldest due first
    assert s.balance == Decimal("600.00") + 2 * Decimal("620.00")
    assert s.overdue_amount == Decimal("600.00")
    paid = next(i for i in s.invoices if i.status == "paid")
    assert paid.open_amount == 0
    assert paid.barcode == ""


def test_overdue_follows_the_date_in_helsinki(app):
    """Is an invoice due on the 2nd overdue at 00:30 on the 3rd in Helsinki, while UTC still says
    the 2nd?"""
    tenant = make_tenant()
    make_rent_invoice(lease_of(tenant), date(2026, 11, 1), due_on=date(2026, 11, 2))
    with time_machine.travel(datetime(2026, 11, 2, 22, 30, tzinfo=UTC), tick=False):
        (inv,) = statement.rent_statement(tenant, None).invoices
    assert inv.overdue
    with time_machine.travel(datetime(2026, 11, 2, 21, 30, tzinfo=UTC), tick=False):
        (inv,) = statement.rent_statement(tenant, None).invoices
    assert not inv.overdue


def test_bank_details_of_an_open_invoice(app, frozen):
    """Does an open invoice carry its reference in groups of five, its RF form, the creditor's
    IBAN, and a version 4 virtual barcode of the open amount, reference and due date?"""
    tenant = make_tenant()
    invoice = make_rent_invoice(
        lease_of(tenant),
        date(2026, 12, 1),
        reference="1234561",
        status="partly_paid",
        paid_amount=Decimal("100.00"),
    )
    (view,) = statement.rent_statement(tenant, None).invoices
    assert view.id == invoice.id
    assert view.reference_display == "12 34561"
    assert view.rf_reference == "RF341234561"
    assert is_valid_rf_reference(view.rf_reference)
    assert view.rf_display == "RF34 1234 561"
    code = parse_virtual_barcode(view.barcode)
    assert (code.version, code.iban, code.amount, code.reference, code.due_date) == (
        4,
        app.config["HEKA_CREDITOR_IBAN"],
        Decimal("520.00"),
        "1234561",
        date(2026, 12, 2),
    )
    s = statement.rent_statement(tenant, None)
    assert s.creditor.iban_display == "FI21 1234 5600 0007 85"
    assert (s.creditor.bic, s.creditor.name) == ("NDEAFIHH", "Helsingin kaupungin asunnot Oy")


def test_open_invoice_lines_carry_the_fee_kind(app, frozen):
    tenant = make_tenant()
    lease = lease_of(tenant)
    water = Fee.create(
        lease=lease, kind="water", description="Vesi 1 hlö", monthly_amount=Decimal("22.00"),
        starts_on=TODAY - timedelta(days=300),
    )  # fmt: skip
    make_rent_invoice(lease, lines=[("Vuokra", "620.00"), ("Vesi 1 hlö", "22.00", water)])
    (view,) = statement.rent_statement(tenant, None).invoices
    assert [(line.kind, line.amount) for line in view.lines] == [
        ("", Decimal("620.00")),
        ("water", Decimal("22.00")),
    ]
    assert view.amount == Decimal("642.00")


def test_charges_in_force_and_ahead(app, frozen):
    """Are the lease's rent and its fees listed (an ended fee not, one ahead with its start), and
    is the monthly total what is charged today? Without a rent fee the lease's rent is shown."""
    tenant = make_tenant()
    lease = lease_of(tenant)
    long_ago = TODAY - timedelta(days=400)
    Fee.create(lease=lease, kind="water", monthly_amount=Decimal("22.00"), starts_on=long_ago)
    Fee.create(
        lease=lease, kind="sauna", monthly_amount=Decimal("12.00"), starts_on=long_ago,
        ends_on=TODAY - timedelta(days=30),
    )  # fmt: skip
    Fee.create(
        lease=lease, kind="parking", monthly_amount=Decimal("35.00"),
        starts_on=TODAY + timedelta(days=13),
    )  # fmt: skip
    s = statement.rent_statement(tenant, None)
    assert [(c.kind, c.monthly_amount) for c in s.charges] == [
        ("rent", Decimal("620.00")),
        ("water", Decimal("22.00")),
        ("parking", Decimal("35.00")),
    ]
    assert s.monthly_total == Decimal("642.00")
    Fee.create(lease=lease, kind="rent", monthly_amount=Decimal("640.00"), starts_on=long_ago)
    s = statement.rent_statement(tenant, None)
    assert [c.monthly_amount for c in s.charges if c.kind == "rent"] == [Decimal("640.00")]


def test_old_paid_invoices_drop_off_old_open_ones_stay(app, frozen):
    """Are invoices due more than 24 months ago left out, unless still open?"""
    tenant = make_tenant()
    lease = lease_of(tenant)
    make_rent_invoice(lease, date(2024, 10, 1), status="paid", paid_amount=Decimal("620.00"))
    make_rent_invoice(lease, date(2024, 9, 1))  # open for over two years
    make_rent_invoice(lease, date(2024, 11, 1), status="paid", paid_amount=Decimal("620.00"))
    s = statement.rent_statement(tenant, None)
    assert s.history_from == date(2024, 11, 1)
    assert sorted(i.period for i in s.invoices) == [date(2024, 9, 1), date(2024, 11, 1)]


def test_a_previous_tenants_invoices_are_not_shown(app, frozen):
    """Does the flat's earlier lease (another tenant) stay out of the page and its URLs?"""
    tenant = make_tenant()
    earlier = make_lease(
        tenant.flat, [make_resident()], starts_on=date(2020, 1, 1), ends_on=date(2026, 1, 31)
    )
    old = make_rent_invoice(earlier, date(2026, 1, 1))
    assert statement.rent_statement(tenant, None).invoices == []
    with pytest.raises(NotFound):
        statement.own_invoice(tenant, old.id)


def test_rights_follow_the_table(app, frozen):
    """Lease party and an agent for lease and payments see the rent; an other resident is
    refused, an agent for parking too; a resident of another flat does not find it."""
    tenant = make_tenant()
    invoice = make_rent_invoice(lease_of(tenant))
    other = make_resident()
    add_other_resident(tenant.flat, other)
    other_user = make_user(other)
    stranger = make_tenant()
    payments_agent = agent_for(tenant, "lease_and_payments", kind="one_off")
    parking_agent = agent_for(tenant, "parking")

    assert statement.rent_statement(tenant, None).flat_id == tenant.flat.id
    seen = statement.rent_statement(payments_agent, None)
    assert (seen.role, [i.id for i in seen.invoices]) == (access.AGENT, [invoice.id])
    assert statement.own_invoice(payments_agent, invoice.id)[0].id == invoice.id
    for refused in (other_user, parking_agent):
        with pytest.raises(Refused):
            statement.rent_statement(refused, None)
        with pytest.raises(Refused):
            statement.own_invoice(refused, invoice.id)
    with pytest.raises(NotFound):
        statement.rent_statement(stranger, tenant.flat.id)
    with pytest.raises(NotFound):
        statement.own_invoice(stranger, invoice.id)
    with pytest.raises(NotFound):
        statement.own_invoice(tenant, invoice.id + 1000)


def test_viewing_does_not_spend_a_one_off_power(app, frozen):
    """Is a one-off power for lease and payments still there after the agent looked (looking is
    not an act)?"""
    tenant = make_tenant()
    agent = agent_for(tenant, "lease_and_payments", kind="one_off")
    statement.rent_statement(agent, None)
    assert PowerOfAttorney.get().used_at is None


def test_paid_invoice_has_no_codes(app, frozen):
    """Is there no QR code or barcode to fetch for a paid invoice (nothing to pay twice)?"""
    tenant = make_tenant()
    paid = make_rent_invoice(lease_of(tenant), status="paid", paid_amount=Decimal("620.00"))
    with pytest.raises(NotFound):
        codes.invoice_qr_svg(tenant, paid.id)
    with pytest.raises(NotFound):
        codes.invoice_barcode_svg(tenant, paid.id)


# --- the codes, read back as a bank's scanner would ----------------------------------------


def _scan(image: Image.Image):
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, found
    return found[0]


def test_epc_qr_decodes_to_the_invoice(app, frozen):
    """Does the QR code, scanned, give an EPC payload with Heka's name and IBAN, the open amount
    and the invoice's RF reference, exactly the payload built for it?"""
    tenant = make_tenant()
    invoice = make_rent_invoice(lease_of(tenant), reference="1234561")
    view, pay_to = statement.payable_invoice(tenant, invoice.id)
    payload = codes.epc_payload(view, pay_to)
    png = io.BytesIO()
    codes.make_epc_qr(payload).save(png, kind="png", scale=4, border=4)
    png.seek(0)
    scanned = _scan(Image.open(png))
    assert scanned.format == zxingcpp.BarcodeFormat.QRCode
    assert scanned.text == payload
    epc = parse_epc_payload(scanned.text)
    assert (epc.name, epc.iban, epc.amount, epc.rf_reference, epc.bic) == (
        "Helsingin kaupungin asunnot Oy",
        "FI2112345600000785",
        Decimal("620.00"),
        "RF341234561",
        "NDEAFIHH",
    )
    qr = codes.make_epc_qr(payload)
    assert qr.error == "M"
    assert qr.version <= 13
    assert segno.make_qr(payload, error="m", boost_error=False, encoding="utf-8") == qr


def _paint(rows: list[list[bool]], scale: int = 4) -> Image.Image:
    img = Image.new("L", (len(rows[0]) * scale, len(rows) * scale), 255)
    draw = ImageDraw.Draw(img)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle([x * scale, y * scale, x * scale + scale - 1, y * scale + scale - 1],
                               fill=0)  # fmt: skip
    return img


def test_pdf_qr_modules_scan(app, frozen):
    """Do the modules the PDF draws (qr_rows) scan back to the payload?"""
    payload = "BCD\n002\n1\nSCT\n\nHeka\nFI2112345600000785\nEUR1.00\n\nRF341234561"
    assert _scan(_paint(codes.qr_rows(payload))).text == payload


def test_barcode_bars_scan_to_the_54_digits(app, frozen):
    """Do the bars drawn from python-barcode's Code 128 modules (as in the SVG and the PDF)
    scan back to the virtual barcode, in code set C?"""
    tenant = make_tenant()
    invoice = make_rent_invoice(lease_of(tenant))
    view, _ = statement.payable_invoice(tenant, invoice.id)
    modules = codes.barcode_modules(view.barcode)
    assert len(modules) == 11 * (1 + 27 + 1) + 13  # start C, 27 digit pairs, check, stop
    quiet, height, scale = 20, 40, 2
    img = Image.new("L", ((len(modules) + 2 * quiet) * scale, height), 255)
    draw = ImageDraw.Draw(img)
    for start, width in codes.bar_runs(modules):
        x = (quiet + start) * scale
        draw.rectangle([x, 0, x + width * scale - 1, height - 1], fill=0)
    scanned = _scan(img)
    assert scanned.format == zxingcpp.BarcodeFormat.Code128
    assert scanned.text == view.barcode
    svg = codes.invoice_barcode_svg(tenant, invoice.id).decode()
    assert svg.startswith("<svg")
    assert "style=" not in svg


def test_statement_query_count_does_not_grow_with_invoices(app, frozen, count_queries):
    """Does the service read 1 or 12 invoices (with open ones' lines) in as many queries?"""
    tenant = make_tenant()
    lease = lease_of(tenant)
    make_rent_invoice(lease, kind="other")  # a one-off: the monthly ones are one a month
    with count_queries() as one:
        statement.rent_statement(tenant, None)
    make_rent_year(lease, 12, TODAY)
    with count_queries() as many:
        s = statement.rent_statement(tenant, None)
    assert len(s.invoices) == 13
    assert many.count == one.count

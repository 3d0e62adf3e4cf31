"""The rent pages: /my/rent, the invoice PDF and the invoice's QR code and barcode images, from a
lease party, an other resident (403), an agent with a power of attorney for lease and payments
(and one for parking only: 403), and a resident of another flat (404)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader

from heka_asoy.models import Invoice, Lease, PowerOfAttorney
from tests.factories import (
    add_other_resident,
    login,
    make_flat,
    make_lease,
    make_rent_invoice,
    make_rent_year,
    make_resident,
    make_tenant,
    make_user,
)


def lease_of(user) -> Lease:
    return Lease.get(Lease.flat == user.flat)


def logged_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def agent_for(user, scopes: str):
    agent = make_user(None)
    PowerOfAttorney.create(
        grantor=user.resident,
        lease=lease_of(user),
        agent_name="Valtuutettu",
        agent_user=agent,
        kind="one_off",
        scopes=scopes,
        valid_from=date.today() - timedelta(days=1),
    )
    return agent


def urls(invoice_id: int) -> list[str]:
    return [
        f"/my/rent/invoices/{invoice_id}.pdf",
        f"/my/rent/invoices/{invoice_id}/qr.svg",
        f"/my/rent/invoices/{invoice_id}/barcode.svg",
    ]


@pytest.fixture
def tenant(app):
    return make_tenant()


def test_page_shows_balance_and_how_to_pay(app, tenant):
    """Does the lease party see the balance, the open invoice's reference in groups of five, its
    RF form, Heka's IBAN, the virtual barcode, the images and the PDF link, with copy buttons?"""
    invoice = make_rent_invoice(
        lease_of(tenant), reference="1234561", due_on=date.today() + timedelta(days=5)
    )
    response = logged_in(app, tenant).get("/my/rent")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in (
        "Still to pay: €620.00",
        "12 34561",
        "RF34 1234 561",
        "FI21 1234 5600 0007 85",
        'data-copy="FI2112345600000785"',
        'data-copy="1234561"',
        'data-copy="RF341234561"',
        'data-copy="620.00"',
        f"/my/rent/invoices/{invoice.id}/qr.svg",
        f"/my/rent/invoices/{invoice.id}/barcode.svg",
        f"/my/rent/invoices/{invoice.id}.pdf",
        "Open</span>",
    ):
        assert text in html, text
    assert "overdue" not in html


def test_page_without_invoices(app, tenant):
    html = logged_in(app, tenant).get("/my/rent").get_data(as_text=True)
    assert "Nothing to pay right now." in html
    assert "No invoices yet." in html
    assert "€620.00" in html  # the lease's rent among the monthly charges


def test_overdue_invoice_is_said_in_words(app, tenant):
    make_rent_invoice(lease_of(tenant), date.today().replace(day=1) - timedelta(days=40))
    html = logged_in(app, tenant).get("/my/rent").get_data(as_text=True)
    assert "€620.00 of it is overdue" in html
    assert "Overdue</span>" in html


def test_images_are_svg_and_private(app, tenant):
    invoice = make_rent_invoice(lease_of(tenant))
    client = logged_in(app, tenant)
    for url in urls(invoice.id)[1:]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == "image/svg+xml"
        assert response.headers["Cache-Control"].startswith("private")
        assert b"<svg" in response.data


def test_pdf_carries_the_payment_details(app):
    """Does the PDF parse, and carry the payer (with ä), the reference, RF, IBAN, amount and the
    virtual barcode's digits?"""
    resident = make_resident(first_names="Äijä", last_name="Mäkelä")
    lease = make_lease(make_flat(), [resident])
    tenant = make_user(resident)
    invoice = make_rent_invoice(lease, reference="1234561", paid_amount=Decimal("20.00"),
                                status="partly_paid")  # fmt: skip
    response = logged_in(app, tenant).get(f"/my/rent/invoices/{invoice.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    for part in (
        "Äijä Mäkelä",
        invoice.number,
        "12 34561",
        "RF34 1234 561",
        "FI21 1234 5600 0007 85",
        "€620.00",
        "€600.00",
        "Helsingin kaupungin asunnot Oy",
    ):
        assert part in text, part
    view_barcode = next(line for line in text.splitlines() if line.startswith("4211234"))
    assert len(view_barcode.strip()) == 54


def test_paid_invoice_pdf_says_nothing_to_pay_and_has_no_codes(app, tenant):
    invoice = make_rent_invoice(lease_of(tenant), status="paid", paid_amount=Decimal("620.00"))
    client = logged_in(app, tenant)
    pdf = client.get(f"/my/rent/invoices/{invoice.id}.pdf")
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Nothing to pay" in text
    assert [client.get(url).status_code for url in urls(invoice.id)[1:]] == [404, 404]


def test_other_resident_is_refused(app, tenant):
    """Does an other resident of the flat get 403 on the page, the PDF and the images?"""
    invoice = make_rent_invoice(lease_of(tenant))
    other = make_resident()
    add_other_resident(tenant.flat, other)
    client = logged_in(app, make_user(other))
    assert client.get("/my/rent").status_code == 403
    assert [client.get(url).status_code for url in urls(invoice.id)] == [403, 403, 403]


def test_second_flat_finds_nothing(app, tenant):
    """Does a resident of another flat get 404 for this flat and its invoice, while their own
    page works?"""
    invoice = make_rent_invoice(lease_of(tenant))
    stranger = make_tenant()
    client = logged_in(app, stranger)
    assert client.get("/my/rent").status_code == 200
    assert client.get(f"/my/rent?flat={tenant.flat.id}").status_code == 404
    assert [client.get(url).status_code for url in urls(invoice.id)] == [404, 404, 404]
    assert client.get("/my/rent/invoices/2147483648.pdf").status_code == 404
    assert Invoice.get_by_id(invoice.id).status == "open"


def test_agent_sees_within_scope_only(app, tenant):
    """Does an agent for lease and payments see the page, PDF and images, an agent for parking
    only get 403?"""
    invoice = make_rent_invoice(lease_of(tenant))
    payments = logged_in(app, agent_for(tenant, "lease_and_payments"))
    assert payments.get("/my/rent").status_code == 200
    assert [payments.get(url).status_code for url in urls(invoice.id)] == [200, 200, 200]
    parking = logged_in(app, agent_for(tenant, "parking"))
    assert parking.get("/my/rent").status_code == 403
    assert [parking.get(url).status_code for url in urls(invoice.id)] == [403, 403, 403]


def test_logged_out_goes_to_login(client):
    response = client.get("/my/rent")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_dashboard_links_to_the_rent_page(app, tenant):
    html = logged_in(app, tenant).get("/my/").get_data(as_text=True)
    assert 'href="/my/rent"' in html


def test_page_queries_do_not_grow_with_invoices(app, tenant, count_queries):
    """Does the page run as many queries with 1 invoice as with 12 (11 paid and 1 open) plus an
    open one?"""
    lease = lease_of(tenant)
    make_rent_invoice(lease, kind="other")  # a one-off: the monthly ones are one a month
    client = logged_in(app, tenant)

    def measured() -> int:
        client.get("/my/rent")
        with count_queries() as counter:
            response = client.get("/my/rent")
        assert response.status_code == 200
        return counter.count

    few = measured()
    make_rent_year(lease, 12)
    many = measured()
    assert many == few
    assert client.get("/my/rent").get_data(as_text=True).count("/qr.svg") == 2


def test_parking_mail_links_to_the_rent_page(app, tenant):
    """Does the mail saying a parking space's fee joins the charges link to the rent page (an
    absolute address), in both its text and HTML parts, and does the page show the new fee?"""
    from flask import g

    from heka_asoy.models import OutboxMail
    from heka_asoy.services import bookings
    from tests.booking_factories import make_parking_space

    space = make_parking_space(tenant.flat.housing_company, fee="42.00")
    with app.test_request_context():
        g.pop("_flat_access", None)
        bookings.rent_space(tenant, tenant.flat.id, space.id, date.today() + timedelta(days=1))
    (mail,) = OutboxMail.select().where(OutboxMail.recipient == tenant.email)
    assert "added to your charges" in mail.body_text
    assert "http://localhost/my/rent" in mail.body_text
    assert 'href="http://localhost/my/rent"' in mail.body_html
    html = logged_in(app, tenant).get("/my/rent").get_data(as_text=True)
    assert "€42.00" in html


def test_pdf_follows_the_residents_language(app, tenant):
    """Is the PDF written in the language the resident chose (Finnish dates and money)?"""
    invoice = make_rent_invoice(lease_of(tenant), date(2026, 11, 1), due_on=date(2026, 11, 2))
    client = logged_in(app, tenant)
    client.set_cookie("lang", "fi")
    data = client.get(f"/my/rent/invoices/{invoice.id}.pdf").data
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "2.11.2026" in text
    assert "620,00\u00a0€" in text or "620,00 €" in text


def test_two_flats_each_with_its_own_invoices(app, tenant):
    """Does a lease party of two flats choose the flat, and see only that flat's invoices?"""
    first = make_rent_invoice(lease_of(tenant))
    second_flat = make_flat()
    second = make_rent_invoice(make_lease(second_flat, [tenant.resident]))
    client = logged_in(app, tenant)
    default = client.get("/my/rent").get_data(as_text=True)
    assert 'id="flat-choice"' in default
    assert first.number in default
    assert second.number not in default
    chosen = client.get(f"/my/rent?flat={second_flat.id}").get_data(as_text=True)
    assert second.number in chosen
    assert first.number not in chosen
    assert client.get(f"/my/rent/invoices/{second.id}.pdf").status_code == 200

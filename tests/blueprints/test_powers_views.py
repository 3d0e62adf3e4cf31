"""Powers of attorney through the pages: the desk's register (staff only), the resident's form
and info page (lease party only, own flat only), and what an agent's scope opens."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from heka_asoy.models import AuditLog, ParkingContract, PowerOfAttorney
from tests.booking_factories import make_parking_space, make_sauna
from tests.factories import (
    add_other_resident,
    login,
    make_power,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
    scan_pdf,
)


def logged_in(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def _lease_id(tenant) -> int:
    return tenant.flat.leases.get().id


def _form(tenant, **kw) -> dict:
    data = {
        "grantor": str(tenant.resident_id),
        "kind": "one_off",
        "scopes": ["parking", "keys"],
        "free_text": "",
        "agent_name": "Veli Valtuutettu",
        "agent_email": "veli@example.fi",
        "valid_from": date.today().isoformat(),
        "valid_until": "",
        "received_via": "email",
    }
    data.update(kw)
    return data


# --- the desk ---------------------------------------------------------------------------------


def test_staff_registers_a_power_with_its_scan_and_opens_it(app):
    """Can the desk find the lease, register a one-off power with a scanned PDF, see it in the
    lease's list and open the scan?"""
    tenant = make_tenant()
    client = logged_in(app, make_staff())
    street = tenant.flat.building.street_address
    found = client.get("/staff/powers/", query_string={"q": street}).get_data(as_text=True)
    assert f"/staff/powers/lease/{_lease_id(tenant)}" in found

    page = client.get(f"/staff/powers/lease/{_lease_id(tenant)}")
    assert page.status_code == 200
    assert "Register a power of attorney" in page.get_data(as_text=True)
    data = _form(tenant, document=(io.BytesIO(scan_pdf()), "valtakirja.pdf"))
    done = client.post(
        f"/staff/powers/lease/{_lease_id(tenant)}", data=data, content_type="multipart/form-data"
    )
    assert done.status_code == 302
    power = PowerOfAttorney.get()
    assert (power.kind, power.scopes, power.received_via) == ("one_off", "parking,keys", "email")
    listing = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Veli Valtuutettu" in listing
    assert "A parking space" in listing
    document = client.get(f"/staff/powers/{power.id}/document")
    assert document.status_code == 200
    assert document.mimetype == "application/pdf"
    assert document.headers["Content-Disposition"].startswith("attachment")
    assert document.headers["X-Content-Type-Options"] == "nosniff"
    assert document.data.startswith(b"%PDF-")


def test_a_refused_registration_says_why_next_to_the_field(app):
    """Is a one-off power without acts refused in words (422), with nothing written?"""
    tenant = make_tenant()
    client = logged_in(app, make_staff())
    answer = client.post(
        f"/staff/powers/lease/{_lease_id(tenant)}",
        data=_form(tenant, scopes=[], document=(io.BytesIO(b"not a pdf"), "x.pdf")),
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422
    assert "A one-off power names at least one act." in answer.get_data(as_text=True)
    bad_file = client.post(
        f"/staff/powers/lease/{_lease_id(tenant)}",
        data=_form(tenant, document=(io.BytesIO(b"not a pdf"), "x.pdf")),
        content_type="multipart/form-data",
    )
    assert bad_file.status_code == 422
    assert "Upload the form as a PDF" in bad_file.get_data(as_text=True)
    assert PowerOfAttorney.select().count() == 0


def test_staff_revokes_a_power(app):
    tenant, agent = make_tenant(), make_user(None)
    power = make_power(tenant, agent)
    client = logged_in(app, make_staff())
    done = client.post(f"/staff/powers/{power.id}/revoke")
    assert done.status_code == 302
    assert PowerOfAttorney.get_by_id(power.id).revoked_at is not None
    assert AuditLog.select().where(AuditLog.action == "power_revoked").count() == 1
    assert "Revoked" in client.get(done.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/staff/powers/"),
        ("get", "/staff/powers/lease/{lease}"),
        ("post", "/staff/powers/lease/{lease}"),
        ("post", "/staff/powers/{power}/revoke"),
        ("get", "/staff/powers/{power}/document"),
    ],
)
def test_desk_pages_are_staff_only(app, method, path):
    """Does a resident (even the grantor) get 403 on every desk page, and a visitor the login?"""
    tenant = make_tenant()
    power = make_power(tenant, None)
    url = path.format(lease=_lease_id(tenant), power=power.id)
    resident = logged_in(app, tenant)
    assert getattr(resident, method)(url).status_code == 403
    assert getattr(app.test_client(), method)(url).status_code == 302
    assert PowerOfAttorney.get_by_id(power.id).revoked_at is None


def test_unknown_ids_are_404_for_staff(app):
    client = logged_in(app, make_staff())
    assert client.get("/staff/powers/lease/999999").status_code == 404
    assert client.get("/staff/powers/999999/document").status_code == 404
    assert client.post("/staff/powers/999999/revoke").status_code == 404


def test_desk_list_costs_the_same_queries_with_more_powers(app, count_queries):
    """Is the desk's list of powers (and a lease's list) constant in queries?"""
    tenant = make_tenant()
    make_power(tenant, None)
    client = logged_in(app, make_staff())
    lease_url = f"/staff/powers/lease/{_lease_id(tenant)}"
    with count_queries() as few:
        assert client.get("/staff/powers/").status_code == 200
    with count_queries() as few_lease:
        assert client.get(lease_url).status_code == 200
    for _ in range(5):
        make_power(make_tenant(), make_user(None))
        make_power(tenant, make_user(None))
    with count_queries() as many:
        page = client.get("/staff/powers/")
    with count_queries() as many_lease:
        client.get(lease_url)
    assert page.get_data(as_text=True).count("Valtuutettu Testi") == 11
    assert (few.count, few_lease.count) == (many.count, many_lease.count)


# --- the resident's form ------------------------------------------------------------------------


def test_dashboard_card_leads_to_the_info_page_and_the_pdf(app):
    """Does the dashboard's card open the info page, which offers the form in three languages
    and names the general mailbox; and does the PDF carry the flat's address?"""
    tenant = make_tenant()
    client = logged_in(app, tenant)
    assert 'href="/my/power-of-attorney/"' in client.get("/my/").get_data(as_text=True)
    info = client.get("/my/power-of-attorney/").get_data(as_text=True)
    assert "asiakaspalvelu@hekaoy.fi" in info
    for language in ("fi", "sv", "en"):
        assert f"form.pdf?flat={tenant.flat.id}&amp;lang={language}" in info
    answer = client.get(f"/my/power-of-attorney/form.pdf?flat={tenant.flat.id}&lang=sv")
    assert answer.status_code == 200
    assert answer.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(answer.data)).pages[0].extract_text()
    assert tenant.flat.building.street_address in text


def test_form_of_another_flat_is_404_and_other_residents_403(app):
    """Is the form of a second flat 404, and are the pages refused (403) to an other resident?"""
    tenant, stranger = make_tenant(), make_tenant()
    client = logged_in(app, stranger)
    assert client.get(f"/my/power-of-attorney/form.pdf?flat={tenant.flat.id}").status_code == 404
    occupant = make_user(make_resident())
    add_other_resident(tenant.flat, occupant.resident)
    other = logged_in(app, occupant)
    assert other.get(f"/my/power-of-attorney/form.pdf?flat={tenant.flat.id}").status_code == 403
    page = other.get("/my/power-of-attorney/").get_data(as_text=True)
    assert "Only a lease party can give a power of attorney" in page


# --- the agent ----------------------------------------------------------------------------------


PAGES = {"sauna": "/my/bookings/sauna", "parking": "/my/bookings/parking", "faults": "/my/faults/"}


@pytest.mark.parametrize(
    ("scope", "opens"),
    [
        ("general", {"sauna", "parking", "faults"}),
        ("estate", {"sauna", "parking", "faults"}),
        ("parking", {"parking"}),
        ("sauna", {"sauna"}),
        ("terminate", set()),
        ("keys", set()),
        ("lease_and_payments", set()),
    ],
)
def test_agent_pages_follow_the_scope(app, scope, opens):
    """Does an agent's scope open exactly its built pages (others 403), with the flat on the
    dashboard?"""
    tenant, agent = make_tenant(), make_user(None)
    make_sauna(tenant.flat.housing_company)
    make_power(tenant, agent, kind="general" if scope in ("general", "estate") else "one_off",
               scopes=scope)
    client = logged_in(app, agent)
    dashboard = client.get("/my/").get_data(as_text=True)
    assert tenant.flat.number in dashboard
    assert "Agent with a power of attorney" in dashboard
    for name, url in PAGES.items():
        assert (f'href="{url}"' in dashboard) == (name in opens), name  # the card links or not
        status = client.get(url, query_string={"flat": tenant.flat.id}).status_code
        assert status == (200 if name in opens else 403), (name, status)
    assert client.get("/my/power-of-attorney/form.pdf").status_code == 403


def test_agent_with_one_off_parking_rents_once_through_the_page(app):
    """Does the one-off parking power rent one space through the page and then open nothing?"""
    tenant, agent = make_tenant(), make_user(None)
    power = make_power(tenant, agent, kind="one_off", scopes="parking")
    company = tenant.flat.housing_company
    first, second = make_parking_space(company), make_parking_space(company)
    client = logged_in(app, agent)
    start = (date.today() + timedelta(days=7)).isoformat()
    data = {"flat": tenant.flat.id, "space": first.id, "starts_on": start, "confirm": "1"}
    assert client.post("/my/bookings/parking/rent", data=data).status_code == 302
    assert PowerOfAttorney.get_by_id(power.id).used_at is not None
    again = client.post("/my/bookings/parking/rent", data={**data, "space": second.id})
    assert again.status_code in (403, 404, 200)
    assert ParkingContract.select().count() == 1
    after = client.get("/my/").get_data(as_text=True)
    assert tenant.flat.number not in after
    assert "a one-off power ends when it has been used" in after
    assert "asiakaspalvelu@hekaoy.fi" in after

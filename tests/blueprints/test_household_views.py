"""The household pages: /my/contact (every resident for themselves) and /my/occupants (lease
party, agent within scope), and the desk's /staff/occupants queue, from every role."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine

from heka_asoy import create_app
from heka_asoy.models import (
    BankAccount,
    Occupancy,
    OccupantChange,
    PowerOfAttorney,
    Resident,
    Token,
    User,
)
from heka_asoy.services import household
from heka_asoy.services.mailer import send_due
from tests.factories import (
    add_other_resident,
    login,
    make_flat,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
)


def _client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def _agent(tenant, scopes: str):
    agent = make_user(None)
    PowerOfAttorney.create(
        grantor=tenant.resident,
        lease=tenant.flat.leases.get(),
        agent_name="Valtuutettu",
        agent_user=agent,
        kind="general",
        scopes=scopes,
        valid_from=date.today(),
    )
    return agent


def _other_resident(tenant):
    other = make_user(make_resident())
    add_other_resident(tenant.flat, other.resident)
    return other


# --- contact details -----------------------------------------------------------------------


def test_contact_page_for_lease_party_and_other_resident_not_agent(app):
    """Do the lease party and an other resident see their own details, while an agent, staff
    and a visitor do not?"""
    tenant = make_tenant()
    other = _other_resident(tenant)
    for user in (tenant, other):
        page = _client(app, user).get("/my/contact")
        assert page.status_code == 200
        assert user.email in page.data.decode()
    assert _client(app, _agent(tenant, "general")).get("/my/contact").status_code == 403
    assert _client(app, make_staff()).get("/my/contact").status_code == 403
    assert app.test_client().get("/my/contact").status_code == 302


def test_dashboard_links_the_contact_and_occupant_pages(app):
    page = _client(app, make_tenant()).get("/my/").data.decode()
    assert 'href="/my/contact"' in page
    assert 'href="/my/occupants"' in page


def test_details_saved_or_refused_next_to_the_field(app):
    user = make_tenant()
    client = _client(app, user)
    bad = client.post(
        "/my/contact/details", data={"details-phone": "soita", "details-postal_address": "X"}
    )
    assert bad.status_code == 422
    assert "Give a phone number, for example 040 123 4567." in bad.data.decode()
    assert 'aria-invalid="true"' in bad.data.decode()
    assert Resident.get_by_id(user.resident_id).postal_address == ""
    good = client.post(
        "/my/contact/details",
        data={"details-phone": "040 765 4321", "details-postal_address": "Postikatu 2"},
    )
    assert good.status_code == 302
    assert Resident.get_by_id(user.resident_id).phone == "040 765 4321"
    assert "040 765 4321" in client.get("/my/contact").data.decode()


def test_bank_account_page_shows_the_bic_and_refuses_a_bad_iban(app):
    user = make_tenant()
    client = _client(app, user)
    bad = client.post(
        "/my/contact/bank", data={"bank-iban": "FI21 1234 5600 0007 86", "bank-holder_name": "A"}
    )
    assert bad.status_code == 422
    assert "This is not a valid IBAN." in bad.data.decode()
    assert BankAccount.select().count() == 0
    good = client.post(
        "/my/contact/bank",
        data={"bank-iban": "FI21 1234 5600 0007 85", "bank-holder_name": "Testi Asukas"},
    )
    assert good.status_code == 302
    page = client.get("/my/contact").data.decode()
    assert "FI21 1234 5600 0007 85" in page
    assert "NDEAFIHH" in page


def test_refusals_in_the_users_language(app):
    """Is a bad IBAN refused in the user's language (Finnish), next to its field?"""
    from flask_babel import force_locale, gettext

    user = make_tenant(language="fi")
    client = _client(app, user)
    client.get("/lang/fi")
    bad = client.post("/my/contact/bank", data={"bank-iban": "nope", "bank-holder_name": "A"})
    assert bad.status_code == 422
    page = bad.data.decode()
    assert '<html lang="fi">' in page
    with force_locale("fi"):
        words = gettext(
            "This is not a valid IBAN. Check the account number, "
            "for example FI21 1234 5600 0007 85."
        )
    assert f"{words}</span>" in page.replace("\n", "")


def _link(smtp_server, address: str) -> str:
    (mail,) = smtp_server.to(address)
    text = mail.get_body(("plain",)).get_content()
    match = re.search(r"http://localhost(/my/contact/confirm-email/\S+)", text)
    assert match, text
    return match.group(1)


def test_email_change_end_to_end_through_smtp(app, smtp_server):
    """Is the link mailed (over SMTP) to the new address, does opening it ask for a button, does
    the button set the address for notices and tell the old and new addresses, and is the link
    then used up?"""
    user = make_tenant()
    client = _client(app, user)
    asked = client.post("/my/contact/email", data={"email-email": "uusi@example.fi"})
    assert asked.status_code == 302
    assert "uusi@example.fi" in client.get("/my/contact").data.decode()  # pending
    send_due()
    link = _link(smtp_server, "uusi@example.fi")
    assert User.get_by_id(user.id).contact_email == ""
    smtp_server.messages.clear()
    other_browser = app.test_client()  # the link works without logging in
    shown = other_browser.get(link)
    assert shown.status_code == 200
    assert "uusi@example.fi" in shown.data.decode()
    assert User.get_by_id(user.id).contact_email == ""  # opening the page changes nothing
    done = other_browser.post(link)
    assert done.status_code == 200
    assert User.get_by_id(user.id).contact_email == "uusi@example.fi"
    assert User.get_by_id(user.id).email == user.email
    send_due()
    assert len(smtp_server.to(user.email)) == 1
    assert len(smtp_server.to("uusi@example.fi")) == 1
    again = other_browser.post(link)
    assert again.status_code == 410
    assert "already been used" in again.data.decode()
    assert other_browser.get("/my/contact/confirm-email/nonsense").status_code == 404


def test_expired_email_link_says_so_and_changes_nothing(app):
    user = make_tenant()
    with app.test_request_context():
        household.request_email_change(user, "uusi@example.fi")
    raw = "x"
    token = Token.get(Token.purpose == household.CONFIRM_EMAIL)
    # The raw value is only in the mail.
    from heka_asoy.models import OutboxMail

    body = OutboxMail.get(OutboxMail.kind == "contact_email_confirm").body_text
    raw = re.search(r"/my/contact/confirm-email/(\S+)", body).group(1)
    client = app.test_client()
    with time_machine.travel(token.created_at + timedelta(hours=24, seconds=1), tick=False):
        page = client.get(f"/my/contact/confirm-email/{raw}")
        assert page.status_code == 410
        assert "expired" in page.data.decode()
        assert client.post(f"/my/contact/confirm-email/{raw}").status_code == 410
    assert User.get_by_id(user.id).contact_email == ""


def test_bad_email_is_refused_next_to_the_field(app):
    user = make_tenant()
    client = _client(app, user)
    bad = client.post("/my/contact/email", data={"email-email": "ei osoite"})
    assert bad.status_code == 422
    assert "Give a valid e-mail address" in bad.data.decode()
    assert Token.select().count() == 0


# --- occupants -----------------------------------------------------------------------------


def test_occupants_page_by_role(app):
    """Lease party and an agent within scope see the page; an other resident and an agent of
    another scope get 403; a lease party of another flat 404 for this flat."""
    tenant = make_tenant()
    other = _other_resident(tenant)
    page = _client(app, tenant).get("/my/occupants")
    assert page.status_code == 200
    text = page.data.decode()
    assert tenant.resident.full_name in text
    assert other.resident.full_name in text
    assert _client(app, other).get("/my/occupants").status_code == 403
    assert _client(app, _agent(tenant, "general")).get("/my/occupants").status_code == 200
    assert _client(app, _agent(tenant, "parking")).get("/my/occupants").status_code == 403
    stranger = _client(app, make_tenant())
    assert stranger.get(f"/my/occupants?flat={tenant.flat.id}").status_code == 404


def test_second_flat_cannot_report_for_this_flat(app):
    tenant = make_tenant()
    other = make_resident()
    add_other_resident(tenant.flat, other)
    stranger = _client(app, make_tenant())
    data = {
        "flat": tenant.flat.id,
        "in-first_names": "A",
        "in-last_name": "B",
        "in-birth_date": "1990-01-01",
        "in-on_date": household.today().isoformat(),
    }
    assert stranger.post("/my/occupants/in", data=data).status_code == 404
    out = {"flat": tenant.flat.id, "out-resident": other.id, "out-on_date": data["in-on_date"]}
    assert stranger.post("/my/occupants/out", data=out).status_code == 404
    assert (
        _client(app, _other_resident(tenant)).post("/my/occupants/in", data=data).status_code == 403
    )
    assert OccupantChange.select().count() == 0


def test_report_move_in_and_out_from_the_page(app):
    tenant = make_tenant()
    other = make_resident(first_names="Muu", last_name="Asukas")
    add_other_resident(tenant.flat, other)
    client = _client(app, tenant)
    today = household.today().isoformat()
    moved = client.post(
        "/my/occupants/in",
        data={
            "flat": tenant.flat.id,
            "in-first_names": "Uusi",
            "in-last_name": "Tulija",
            "in-birth_date": "1995-02-03",
            "in-on_date": today,
        },
    )
    assert moved.status_code == 302
    out = client.post(
        "/my/occupants/out",
        data={"flat": tenant.flat.id, "out-resident": other.id, "out-on_date": today},
    )
    assert out.status_code == 302
    page = client.get("/my/occupants").data.decode()
    assert "Uusi Tulija" in page
    assert "Waiting for confirmation" in page
    assert "Move-out reported" in page
    assert OccupantChange.select().count() == 2


def test_bad_move_in_is_refused_next_to_the_field(app):
    tenant = make_tenant()
    client = _client(app, tenant)
    bad = client.post(
        "/my/occupants/in",
        data={
            "flat": tenant.flat.id,
            "in-first_names": "Uusi",
            "in-last_name": "Tulija",
            "in-birth_date": (date.today() + timedelta(days=5)).isoformat(),
            "in-on_date": household.today().isoformat(),
        },
    )
    assert bad.status_code == 422
    assert "The date of birth cannot be in the future." in bad.data.decode()
    missing = client.post("/my/occupants/out", data={"flat": tenant.flat.id, "out-resident": ""})
    assert missing.status_code == 422
    assert OccupantChange.select().count() == 0


def _queries(client, count_queries, path):
    client.get(path)
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200
    return counter.count


def test_occupants_page_query_count_is_constant(app, count_queries):
    tenant = make_tenant()
    client = _client(app, tenant)
    few = _queries(client, count_queries, "/my/occupants")
    for n in range(5):
        add_other_resident(tenant.flat, make_resident())
        with app.test_request_context():
            household.report_move_in(
                tenant, tenant.flat.id, f"N{n}", "M", date(1990, 1, 1), household.today()
            )
    add_other_resident(make_flat(), tenant.resident)
    make_tenant()
    assert _queries(client, count_queries, "/my/occupants") == few


def test_contact_page_query_count_is_constant(app, count_queries):
    tenant = make_tenant()
    client = _client(app, tenant)
    few = _queries(client, count_queries, "/my/contact")
    client.post(
        "/my/contact/bank",
        data={"bank-iban": "FI21 1234 5600 0007 85", "bank-holder_name": "Testi Asukas"},
    )
    client.post("/my/contact/email", data={"email-email": "uusi@example.fi"})
    assert _queries(client, count_queries, "/my/contact") == few


# --- the desk ------------------------------------------------------------------------------


def _reported(app, tenant, name="Uusi"):
    with app.test_request_context():
        return household.report_move_in(
            tenant, tenant.flat.id, name, "Tulija", date(1990, 1, 1), household.today()
        )


def test_staff_queue_only_for_staff(app):
    tenant = make_tenant()
    _reported(app, tenant)
    assert _client(app, tenant).get("/staff/occupants/").status_code == 403
    page = _client(app, make_staff()).get("/staff/occupants/")
    assert page.status_code == 200
    assert "Uusi Tulija" in page.data.decode()


def test_staff_confirms_and_rejects_from_the_queue(app):
    tenant = make_tenant()
    first = _reported(app, tenant, "Eka")
    second = _reported(app, tenant, "Toka")
    client = _client(app, make_staff())
    done = client.post(f"/staff/occupants/{first.id}/decide", data={f"c{first.id}-confirm": "1"})
    assert done.status_code == 302
    assert Occupancy.select().where(Occupancy.flat == tenant.flat.id).count() == 2
    again = client.post(
        f"/staff/occupants/{first.id}/decide",
        data={f"c{first.id}-confirm": "1"},
        follow_redirects=True,
    )
    assert "already decided" in again.data.decode()
    assert Occupancy.select().where(Occupancy.flat == tenant.flat.id).count() == 2
    no_reason = client.post(
        f"/staff/occupants/{second.id}/decide",
        data={f"c{second.id}-reject": "1"},
        follow_redirects=True,
    )
    assert "Give the reason for rejecting." in no_reason.data.decode()
    assert OccupantChange.get_by_id(second.id).status == "pending"
    client.post(
        f"/staff/occupants/{second.id}/decide",
        data={f"c{second.id}-reject": "1", f"c{second.id}-reason": "Väärä asunto"},
    )
    assert OccupantChange.get_by_id(second.id).status == "rejected"
    assert (
        client.post("/staff/occupants/99999/decide", data={"c99999-confirm": "1"}).status_code
        == 404
    )
    resident_page = _client(app, tenant).get("/my/occupants").data.decode()
    assert "Väärä asunto" in resident_page
    assert "Confirmed" in resident_page


def test_staff_queue_query_count_is_constant(app, count_queries):
    _reported(app, make_tenant())
    client = _client(app, make_staff())
    few = _queries(client, count_queries, "/staff/occupants/")
    for _ in range(5):
        _reported(app, make_tenant())
    assert _queries(client, count_queries, "/staff/occupants/") == few


# --- CSRF ----------------------------------------------------------------------------------


@pytest.fixture
def strict_app(app_config):
    app_config.update(WTF_CSRF_ENABLED=True)
    from tests.conftest import _fresh_g_per_request

    app = create_app(app_config)
    _fresh_g_per_request(app)
    with app.app_context():
        yield app


def test_household_forms_need_the_csrf_token(strict_app):
    tenant = make_tenant()
    client = strict_app.test_client()
    page = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"email": tenant.email, "password": "Salasana-1!", "csrf_token": token}
    )
    data = {"details-phone": "040 111 2222", "details-postal_address": ""}
    assert client.post("/my/contact/details", data=data).status_code == 400
    page = client.get("/my/contact").data.decode()
    token = re.search(r'name="details-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert (
        client.post("/my/contact/details", data={**data, "details-csrf_token": token}).status_code
        == 302
    )
    assert Resident.get_by_id(tenant.resident_id).phone == "040 111 2222"
    move = {"flat": tenant.flat.id, "in-first_names": "A", "in-last_name": "B"}
    assert client.post("/my/occupants/in", data=move).status_code == 400
    assert OccupantChange.select().count() == 0


def test_every_household_route_is_guarded(app):
    """Does every route of the two blueprints send a visitor to the login (but the mailed
    link), refuse the desk's pages to a resident and the resident pages to the desk, changing
    nothing?"""
    tenant = make_tenant()
    change = _reported(app, tenant)
    resident_urls = [
        ("get", "/my/contact"),
        ("post", "/my/contact/details"),
        ("post", "/my/contact/email"),
        ("post", "/my/contact/bank"),
        ("get", "/my/occupants"),
        ("post", "/my/occupants/in"),
        ("post", "/my/occupants/out"),
    ]
    staff_urls = [("get", "/staff/occupants/"), ("post", f"/staff/occupants/{change.id}/decide")]
    rules = {
        r.rule
        for r in app.url_map.iter_rules()
        if r.endpoint.split(".")[0] in ("household", "staff_household")
    }
    assert len(rules) == len(resident_urls) + len(staff_urls) + 1  # + the mailed link
    visitor = app.test_client()
    for method, url in resident_urls + staff_urls:
        response = getattr(visitor, method)(url)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"], url
    resident = _client(app, tenant)
    for method, url in staff_urls:
        data = {f"c{change.id}-confirm": "1"}
        assert getattr(resident, method)(url, data=data).status_code == 403, url
    desk = _client(app, make_staff())
    for method, url in resident_urls:
        assert getattr(desk, method)(url).status_code == 403, url
    assert OccupantChange.get_by_id(change.id).status == "pending"
    assert OccupantChange.select().count() == 1

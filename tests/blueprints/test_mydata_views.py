"""/my/data (the person's own data, readable and as JSON, and the closing request) and the
desk's /staff/account-closures/, from every role."""

from __future__ import annotations

import re

import pytest

from heka_asoy import create_app
from heka_asoy.models import AccountClosure, User
from tests.factories import (
    PASSWORD,
    add_other_resident,
    file_fault_report,
    login,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
)


def _client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_dashboard_links_your_data(app):
    tenant = make_tenant()
    page = _client(app, tenant).get("/my/").get_data(as_text=True)
    assert 'href="/my/data/"' in page


def test_page_and_json_hold_only_the_persons_data(app):
    tenant = make_tenant()
    flatmate = make_user(make_resident())
    add_other_resident(tenant.flat, flatmate.resident)
    flatmate.flat = tenant.flat
    other = make_tenant()
    file_fault_report(app, tenant, description="Tenant's own tap drips slowly")
    file_fault_report(app, flatmate, description="Flatmate's window does not close")
    file_fault_report(app, other, description="Other flat's oven is broken")

    client = _client(app, tenant)
    page = client.get("/my/data/").get_data(as_text=True)
    assert "Tenant&#39;s own tap drips slowly" in page
    assert "Flatmate" not in page
    assert "Other flat" not in page
    assert tenant.resident.hetu_masked not in page
    response = client.get("/my/data/export.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert data["account"][0]["username"] == tenant.email
    assert [r["description"] for r in data["fault_reports"]] == ["Tenant's own tap drips slowly"]

    mate = _client(app, flatmate).get("/my/data/export.json").get_json()
    assert [r["description"] for r in mate["fault_reports"]] == ["Flatmate's window does not close"]
    assert tenant.email not in str(mate)


def test_roles(app):
    staff = make_staff()
    assert _client(app, staff).get("/my/data/").status_code == 403
    assert _client(app, staff).get("/my/data/export.json").status_code == 403
    assert _client(app, staff).post("/my/data/close").status_code == 403
    visitor = app.test_client()
    assert "/login" in visitor.get("/my/data/").headers["Location"]
    assert visitor.post("/my/data/close").status_code == 302
    tenant = make_tenant()
    resident_client = _client(app, tenant)
    assert resident_client.get("/staff/account-closures/").status_code == 403
    closure = AccountClosure.create(user=make_tenant())
    assert resident_client.post(f"/staff/account-closures/{closure.id}/confirm").status_code == 403
    assert AccountClosure.get_by_id(closure.id).status == "requested"
    assert AccountClosure.select().where(AccountClosure.user == tenant.id).count() == 0


def test_resident_asks_and_desk_confirms(app, count_queries):
    tenant = make_tenant()
    client = _client(app, tenant)
    response = client.post("/my/data/close", data={"reason": "I moved out"})
    assert response.status_code == 302
    page = client.get("/my/data/").get_data(as_text=True)
    assert "waits for the asoy desk" in page
    closure = AccountClosure.get()
    assert closure.reason == "I moved out"

    staff = make_staff()
    desk = _client(app, staff)

    def queries():
        desk.get("/staff/account-closures/")
        with count_queries() as counter:
            listing = desk.get("/staff/account-closures/")
        assert listing.status_code == 200
        return counter.count, listing.get_data(as_text=True)

    few, listing = queries()
    assert tenant.resident.full_name in listing
    assert "I moved out" in listing
    for _ in range(3):
        AccountClosure.create(user=make_tenant())
    assert queries()[0] == few

    response = desk.post(f"/staff/account-closures/{closure.id}/confirm")
    assert response.status_code == 302
    assert not User.get_by_id(tenant.id).is_active
    # The person's browser is logged out at once.
    assert "/login" in client.get("/my/").headers["Location"]
    # Deciding twice says so and changes nothing.
    desk.post(f"/staff/account-closures/{closure.id}/confirm")
    page = desk.get("/staff/account-closures/").get_data(as_text=True)
    assert "already decided" in page


def test_refuse_without_reason_is_a_field_error(app):
    tenant = make_tenant()
    closure = AccountClosure.create(user=tenant)
    desk = _client(app, make_staff())
    response = desk.post(
        f"/staff/account-closures/{closure.id}/refuse", data={f"r{closure.id}-reason": ""}
    )
    assert response.status_code == 422
    assert AccountClosure.get_by_id(closure.id).status == "requested"
    response = desk.post(
        f"/staff/account-closures/{closure.id}/refuse",
        data={f"r{closure.id}-reason": "Settle the open invoice first."},
    )
    assert response.status_code == 302
    assert AccountClosure.get_by_id(closure.id).status == "refused"
    assert User.get_by_id(tenant.id).is_active
    assert desk.post("/staff/account-closures/999999/refuse", data={}).status_code in (404, 422)


@pytest.fixture
def strict_app(app_config):
    app_config.update(WTF_CSRF_ENABLED=True)
    from tests.conftest import _fresh_g_per_request

    app = create_app(app_config)
    _fresh_g_per_request(app)
    with app.app_context():
        yield app


def test_closing_forms_need_the_csrf_token(strict_app):
    tenant = make_tenant()
    client = strict_app.test_client()
    page = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": tenant.email, "password": PASSWORD, "csrf_token": token})
    assert client.post("/my/data/close", data={"reason": "x"}).status_code == 400
    assert AccountClosure.select().count() == 0
    page = client.get("/my/data/").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/my/data/close", data={"csrf_token": token}).status_code == 302
    assert AccountClosure.select().count() == 1

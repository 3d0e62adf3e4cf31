"""On-behalf mode (/staff/on-behalf/): a desk worker sees the resident pages as one resident and
files things for them; the banner, the audit rows naming both, the refusals."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine

from heka_asoy import create_app
from heka_asoy.models import AuditLog, FaultReport, LoginSession, User, utcnow
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


def _acting(app, staff, resident_user):
    client = _client(app, staff)
    response = client.post(f"/staff/on-behalf/{resident_user.id}/start")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/my/")
    return client


FAULT = {
    "category": "appliances.stove",
    "description": "The left hotplate of the stove does not heat.",
    "location": "kitchen",
    "phone": "040 123 4567",
    "master_key_allowed": "no",
}


def test_a_resident_cannot_start_on_behalf(app):
    """Does a resident (or a visitor) get nowhere near another resident's pages?"""
    attacker = make_tenant()
    victim = make_tenant()
    client = _client(app, attacker)
    assert client.post(f"/staff/on-behalf/{victim.id}/start").status_code == 403
    assert client.get("/staff/on-behalf/?q=Testi").status_code == 403
    # The attacker still sees only their own pages, and no audit row names the victim.
    page = client.get("/my/").get_data(as_text=True)
    assert "You are acting for" not in page
    assert AuditLog.select().where(AuditLog.action == "on_behalf_start").count() == 0
    visitor = app.test_client()
    response = visitor.post(f"/staff/on-behalf/{victim.id}/start")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    # Ending is harmless for a resident: 403, nothing else.
    assert client.post("/staff/on-behalf/end").status_code == 403


def test_the_session_key_alone_does_not_open_anything_for_a_resident(app):
    """A resident cannot forge the mode: the state in the (signed) session names a desk worker,
    and a resident account is never that desk worker."""
    attacker = make_tenant()
    victim = make_tenant()
    client = _client(app, attacker)
    with client.session_transaction() as session:
        session["on_behalf"] = {"staff": attacker.id, "user": victim.id, "name": "x", "until": 9e12}
    page = client.get("/my/").get_data(as_text=True)
    assert attacker.flat.number in page
    assert victim.flat.number not in page
    assert "You are acting for" not in page


def test_search_lists_accounts_without_identity_codes(app, count_queries):
    """Does the desk's search find residents by name and e-mail, with where they live, never
    an identity code, in a constant number of queries?"""
    staff = make_staff()
    tenant = make_tenant()
    client = _client(app, staff)
    last = tenant.resident.last_name
    page = client.get(f"/staff/on-behalf/?q={last}").get_data(as_text=True)
    assert tenant.resident.full_name in page
    assert tenant.email in page
    assert tenant.resident.hetu_masked not in page
    assert tenant.flat.number in page
    by_mail = client.get(f"/staff/on-behalf/?q={tenant.email[:8]}").get_data(as_text=True)
    assert tenant.resident.full_name in by_mail

    def queries():
        client.get("/staff/on-behalf/?q=Testi")
        with count_queries() as counter:
            assert client.get("/staff/on-behalf/?q=Testi").status_code == 200
        return counter.count

    few = queries()
    for _ in range(4):
        make_tenant()
    assert queries() == few


def test_acting_shows_the_resident_pages_with_the_banner(app):
    """After starting, are the resident pages the resident's, with the banner on each?"""
    staff = make_staff()
    tenant = make_tenant()
    client = _acting(app, staff, tenant)
    page = client.get("/my/").get_data(as_text=True)
    assert f"You are acting for {tenant.resident.full_name}" in page
    assert tenant.flat.number in page
    for path in ("/my/faults/", "/my/contact", "/my/lease/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "You are acting for" in response.get_data(as_text=True)
    contact = client.get("/my/contact").get_data(as_text=True)
    assert tenant.resident.hetu_masked not in contact
    start = AuditLog.get(AuditLog.action == "on_behalf_start")
    assert (start.actor_id, start.target_id) == (staff.id, tenant.id)


def test_other_residents_pages_stay_404_while_acting(app):
    """Acting for A, is B's fault report (another flat) still 404, and A's own 200?"""
    staff = make_staff()
    tenant = make_tenant()
    other = make_tenant()
    theirs = file_fault_report(app, other)
    own = file_fault_report(app, tenant)
    client = _acting(app, staff, tenant)
    assert client.get(f"/my/faults/{theirs.id}").status_code == 404
    assert client.get(f"/my/faults/{own.id}").status_code == 200
    before = FaultReport.get_by_id(theirs.id).updated_at
    assert client.post(f"/my/faults/{theirs.id}/comment", data={"text": "x"}).status_code in (
        302,
        404,
    )
    assert FaultReport.get_by_id(theirs.id).updated_at == before


def test_every_write_while_acting_is_audited_naming_both(app):
    """A fault report and a contact-detail change made for the resident: the report is the
    resident's, and every audit row of those requests names the desk worker too."""
    staff = make_staff()
    tenant = make_tenant()
    client = _acting(app, staff, tenant)
    started = AuditLog.select().count()
    response = client.post(f"/my/faults/new?flat={tenant.flat.id}", data=FAULT)
    assert response.status_code == 302
    report = FaultReport.get()
    assert report.reporter_id == tenant.id
    response = client.post(
        "/my/contact/details", data={"details-phone": "040 222 3333", "details-postal_address": ""}
    )
    assert response.status_code == 302
    rows = list(AuditLog.select().where(AuditLog.id > started).order_by(AuditLog.id))
    writes = [r for r in rows if r.action == "on_behalf_write"]
    assert len(writes) == 2
    assert {w.data["endpoint"] for w in writes} == {"faults.new", "household.contact_details"}
    for row in rows:
        assert row.acting_staff_id == staff.id, row.action
        assert row.actor_id == tenant.id, row.action
    # Reading writes nothing.
    count = AuditLog.select().count()
    client.get("/my/faults/")
    assert AuditLog.select().count() == count


def test_staff_pages_are_refused_while_acting(app):
    """Are the desk's own pages closed until the mode ends, with the way out said?"""
    staff = make_staff()
    tenant = make_tenant()
    client = _acting(app, staff, tenant)
    response = client.get("/staff/")
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "when you end acting for" in text
    assert "You are acting for" in text
    assert client.get("/staff/on-behalf/").status_code == 403
    assert client.get("/").headers["Location"].endswith("/my/")
    client.post("/staff/on-behalf/end")
    assert client.get("/staff/").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("post", "/logout/everywhere", {}),
        ("post", "/my/contact/email", {"email-email": "new@example.fi"}),
        ("get", "/my/data/", None),
        ("get", "/my/data/export.json", None),
        ("post", "/my/data/close", {"reason": "x"}),
        ("get", "/identify/first", None),
        ("get", "/password/forgot", None),
    ],
)
def test_never_on_behalf(app, method, path, data):
    """Are the person's own acts refused with a clear message, and nothing changed?"""
    staff = make_staff()
    tenant = make_tenant()
    client = _acting(app, staff, tenant)
    sessions = LoginSession.select().count()
    response = getattr(client, method)(path, data=data)
    assert response.status_code == 403
    assert "never done on their behalf" in response.get_data(as_text=True)
    assert LoginSession.select().count() == sessions
    fresh = User.get_by_id(tenant.id)
    assert fresh.session_version == tenant.session_version
    assert fresh.contact_email == tenant.contact_email
    from heka_asoy.models import AccountClosure

    assert AccountClosure.select().count() == 0


def test_end_and_logout_end_the_mode(app):
    staff = make_staff()
    tenant = make_tenant()
    client = _acting(app, staff, tenant)
    response = client.post("/staff/on-behalf/end")
    assert response.headers["Location"].endswith("/staff/on-behalf/")
    page = client.get("/staff/on-behalf/").get_data(as_text=True)
    assert "You are acting for" not in page
    assert client.get("/my/").status_code == 403  # the desk worker again
    end = AuditLog.get(AuditLog.action == "on_behalf_end")
    assert (end.actor_id, end.target_id, end.data["reason"]) == (staff.id, tenant.id, "ended")

    client = _acting(app, staff, tenant)
    client.post("/logout")
    assert AuditLog.select().where(AuditLog.action == "on_behalf_end").count() == 2
    login(client, staff)
    assert "You are acting for" not in client.get("/staff/").get_data(as_text=True)


def test_the_mode_expires_after_30_minutes(app):
    staff = make_staff()
    tenant = make_tenant()
    with time_machine.travel(utcnow(), tick=False) as traveller:
        client = _acting(app, staff, tenant)
        traveller.shift(timedelta(minutes=29))
        assert client.get("/my/").status_code == 200
        traveller.shift(timedelta(minutes=2))
        assert client.get("/my/").status_code == 403
    end = AuditLog.get(AuditLog.action == "on_behalf_end")
    assert end.data["reason"] == "expired"


def test_only_active_resident_accounts(app):
    """A desk account, a disabled account or an unknown id is 404 to start."""
    staff = make_staff()
    client = _client(app, staff)
    other_staff = make_staff()
    disabled = make_user(make_resident(), disabled=True)
    for target in (other_staff.id, disabled.id, 999999):
        assert client.post(f"/staff/on-behalf/{target}/start").status_code == 404
    assert "on_behalf" not in client.get("/staff/on-behalf/").get_data(as_text=True)


def test_acting_for_an_other_resident_keeps_their_limits(app):
    """Acting for an other resident (not a lease party): the rent page stays refused."""
    staff = make_staff()
    tenant = make_tenant()
    flatmate = make_user(make_resident())
    add_other_resident(tenant.flat, flatmate.resident)
    client = _acting(app, staff, flatmate)
    assert client.get("/my/").status_code == 200
    assert client.get("/my/rent/").status_code in (403, 404)


@pytest.fixture
def strict_app(app_config):
    app_config.update(WTF_CSRF_ENABLED=True)
    from tests.conftest import _fresh_g_per_request

    app = create_app(app_config)
    _fresh_g_per_request(app)
    with app.app_context():
        yield app


def test_start_and_end_need_the_csrf_token(strict_app):
    staff = make_staff()
    tenant = make_tenant()
    client = strict_app.test_client()
    page = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": staff.email, "password": PASSWORD, "csrf_token": token})
    assert client.post(f"/staff/on-behalf/{tenant.id}/start").status_code == 400
    assert AuditLog.select().where(AuditLog.action == "on_behalf_start").count() == 0
    page = client.get(f"/staff/on-behalf/?q={tenant.resident.last_name}").data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(f"/staff/on-behalf/{tenant.id}/start", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.post("/staff/on-behalf/end").status_code == 400
    assert "You are acting for" in client.get("/my/").data.decode()

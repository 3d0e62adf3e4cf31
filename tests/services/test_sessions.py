"""Login sessions end on the server: logging out, logging out everywhere, expiry."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from heka_asoy.models import AuditLog, LoginSession, User
from heka_asoy.security import load_user
from heka_asoy.services import sessions
from tests.factories import PASSWORD, login, make_staff, make_tenant


def _copy_of(app, client):
    """Another browser holding a copy of ``client``'s session cookie (a captured cookie)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_logout_ends_the_session_on_the_server(app, client):
    """Does a copy of the session cookie taken before logout stop opening /my/ after it?"""
    user = make_tenant()
    login(client, user)
    thief = _copy_of(app, client)
    assert thief.get("/my/").status_code == 200
    client.post("/logout")
    assert client.get("/my/").status_code == 302
    refused = thief.get("/my/")
    assert refused.status_code == 302
    assert "/login" in refused.headers["Location"]
    assert LoginSession.select().where(LoginSession.user == user.id).count() == 0


def test_logout_ends_only_this_session(app):
    """Does logging out in one browser leave the user's other browser logged in?"""
    user = make_tenant()
    phone, laptop = app.test_client(), app.test_client()
    login(phone, user)
    login(laptop, user)
    phone.post("/logout")
    assert phone.get("/my/").status_code == 302
    assert laptop.get("/my/").status_code == 200


def test_log_out_everywhere(app):
    """Does "log out everywhere" end every session of the account (copies too), leave other
    accounts alone, get audited, and still let the user log in again?"""
    user = make_tenant()
    other_user = make_tenant()
    phone, laptop, other = app.test_client(), app.test_client(), app.test_client()
    login(phone, user)
    login(laptop, user)
    login(other, other_user)
    thief = _copy_of(app, laptop)
    response = phone.post("/logout/everywhere")
    assert response.status_code == 302
    for browser in (phone, laptop, thief):
        assert browser.get("/my/").status_code == 302
    assert other.get("/my/").status_code == 200
    assert AuditLog.get(AuditLog.action == "logout_everywhere").target_id == user.id
    assert login(laptop, user).status_code == 302
    assert laptop.get("/my/").status_code == 200


def test_log_out_everywhere_is_offered_to_residents_and_staff(app):
    """Do the resident and the staff pages show a "log out everywhere" button, and is it refused
    without a login?"""
    resident, desk = app.test_client(), app.test_client()
    login(resident, make_tenant())
    login(desk, make_staff())
    for browser, path in ((resident, "/my/"), (desk, "/staff/")):
        page = browser.get(path).data.decode()
        assert 'action="/logout/everywhere"' in page
        assert "Log out everywhere" in page
    assert app.test_client().post("/logout/everywhere").status_code == 302  # to the login page


def test_loading_the_user_is_one_query(app, client, count_queries):
    """Does checking the session of a request cost a single query?"""
    user = make_tenant()
    login(client, user)
    with client.session_transaction() as cookie:
        session_id = cookie["_user_id"]
    with count_queries() as counter:
        loaded = load_user(session_id)
    assert loaded.id == user.id
    assert counter.count == 1


def test_a_session_ends_after_its_absolute_lifetime(app, client):
    """Does a session end 12 hours after login even while in use, and does the sweep delete its
    row?"""
    user = make_tenant()
    login(client, user)
    row = LoginSession.get(LoginSession.user == user.id)
    assert row.expires_at - row.created_at == timedelta(hours=12)
    with time_machine.travel(row.created_at + timedelta(hours=7), tick=False):
        assert client.get("/my/").status_code == 200  # renews the cookie's idle time
    with time_machine.travel(row.created_at + timedelta(hours=12, seconds=1), tick=False):
        assert client.get("/my/").status_code == 302
        assert sessions.sweep_expired() == 1
    assert LoginSession.select().count() == 0


def test_malformed_or_old_style_session_ids_load_nobody(app):
    """Is a session id without a live session key refused (e.g. one from before this change)?"""
    user = make_tenant()
    version = User.get_by_id(user.id).session_version
    assert load_user(f"{user.id}:{version}") is None
    assert load_user(f"{user.id}:{version}:") is None
    assert load_user(f"{user.id}:{version}:not-a-key") is None
    assert load_user("x:y:z") is None


def test_password_reset_ends_every_session_row(app):
    """Does a password reset end the account's sessions, rows included?"""
    from heka_asoy.services import accounts, tokens

    user = make_tenant()
    login(app.test_client(), user)
    raw = tokens.issue(accounts.RESET, user, timedelta(hours=1))
    with app.test_request_context():
        accounts.reset_password(raw, "Uusi1!x")
    assert LoginSession.select().where(LoginSession.user == user.id).count() == 0
    assert User.get_by_id(user.id).session_version == 2
    assert login(app.test_client(), user, PASSWORD).status_code == 200  # old password refused

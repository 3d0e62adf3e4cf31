"""A person whose e-mail address changed registers a new username: told before any password,
the old account closed and audited, the person's data kept."""

from __future__ import annotations

from heka_asoy.models import AuditLog, FaultReport, Identification, Notification, OutboxMail, User
from heka_asoy.services import accounts
from tests.blueprints.test_accounts import _mail_link
from tests.factories import file_fault_report, login, make_staff, make_tenant

OLD_EMAIL = "vanha.osoite@example.fi"
OLD_MASKED = "v***e@example.fi"
NEW_EMAIL = "uusi.osoite@example.fi"


def _identify(client, oidc, resident):
    """Strong identification as ``resident`` through the real provider."""
    sub = f"p{resident.id}"
    oidc.set_person(sub, name=resident.full_name, personal_identity_code=resident.hetu_plain)
    response = oidc.login(client, "/register/identify", sub)
    assert response.headers["Location"].endswith("/register/details")


def _tenant_with_a_report(app):
    """A tenant under the old address, logged in elsewhere, with a fault report and a notice."""
    old = make_tenant(email=OLD_EMAIL)
    report = file_fault_report(app, old)
    Notification.create(user=old, kind="fault_received", text="fault")
    return old, report


def _assert_closed_and_handed_over(app, old, report, new_email, via):
    """The old account is closed, audited and its sessions ended; the new one has the person."""
    closed = User.get_by_id(old.id)
    assert closed.disabled
    assert closed.resident_id is None
    assert closed.email == OLD_EMAIL  # the username itself never changes
    new = User.get(User.email == new_email)
    assert new.resident_id == old.resident_id
    assert new.activated_at is None
    assert new.registered_via == via
    audit = AuditLog.get(AuditLog.action == "close_account")
    assert (audit.target_type, audit.target_id, audit.actor_id) == ("user", old.id, new.id)
    assert audit.data == {
        "reason": "new_username",
        "successor": new.id,
        "resident": old.resident_id,
    }
    moved = FaultReport.get_by_id(report.id)
    assert moved.reporter_id == new.id
    assert moved.reporter_email == new_email
    assert Notification.get(Notification.kind == "fault_received").user_id == new.id
    assert Identification.get(Identification.user == new).used_at is not None
    mail = OutboxMail.select().where(OutboxMail.kind == "activate").get()
    assert mail.recipient == new_email
    notice = OutboxMail.select().where(OutboxMail.kind == "account_closed").get()
    assert notice.recipient == OLD_EMAIL
    assert "u***e@example.fi" in notice.body_text
    assert new_email not in notice.body_text
    return new


def _activate_and_see_the_report(app, new_email, password, report):
    """The new username activates from its mail and sees the old account's report."""
    client = app.test_client()
    link = _mail_link("activate")
    assert client.post(link, data={"email": new_email, "password": password}).status_code == 302
    response = client.post("/login", data={"email": new_email, "password": password})
    assert response.headers["Location"].endswith("/my/")
    assert f'href="/my/faults/{report.id}"'.encode() in client.get("/my/faults/").data
    assert report.description.encode() in client.get(f"/my/faults/{report.id}").data


def test_existing_account_is_said_before_any_password(app, client, oidc):
    """After strong identification, does a person who has an account hear so at once, with the
    masked username and a way to log in, before a password field is shown?"""
    old = make_tenant(email=OLD_EMAIL)
    _identify(client, oidc, old.resident)
    page = client.get("/register/details")
    html = page.data.decode()
    assert page.status_code == 200
    assert "You already have an account" in html
    assert OLD_MASKED in html
    assert OLD_EMAIL not in html
    assert 'type="password"' not in html
    assert 'href="/login"' in html
    assert 'href="/register/details?new_username=1"' in html
    refused = client.post(
        "/register/details", data={"email": NEW_EMAIL, "password": "Abc1!x", "confirm": "Abc1!x"}
    )
    assert "You already have an account" in refused.data.decode()
    assert User.select().count() == 1
    assert not User.get_by_id(old.id).disabled


def test_strong_new_username_closes_the_old_account_and_keeps_the_data(app, client, oidc):
    """Can the identified person register a new username: the old account closed (sessions
    ended, audited), the new one linked to the same person and activated by mail, and the old
    account's fault report and notices theirs under the new username?"""
    old, report = _tenant_with_a_report(app)
    old_browser = app.test_client()
    login(old_browser, old)
    assert old_browser.get("/my/").status_code == 200

    _identify(client, oidc, old.resident)
    form = client.get("/register/details?new_username=1").data.decode()
    assert "Your old account will be closed" in form
    assert 'type="password"' in form
    done = client.post(
        "/register/details?new_username=1",
        data={"email": NEW_EMAIL, "password": "Abc1!x", "confirm": "Abc1!x"},
    )
    assert done.headers["Location"].endswith("/register/done")

    _assert_closed_and_handed_over(app, old, report, NEW_EMAIL, "strong")
    assert old_browser.get("/my/").status_code == 302  # the old account's session ended
    assert b"wrong" in login(app.test_client(), old).data
    _activate_and_see_the_report(app, NEW_EMAIL, "Abc1!x", report)


def test_office_path_says_the_account_first_and_can_register_a_new_username(app, client):
    """Does the office path check the code and identity code first, say the existing account
    before asking a password, refuse to register over it unasked, and register a new username
    when chosen?"""
    old, report = _tenant_with_a_report(app)
    code = accounts.record_office_identification(old.resident, "passport", make_staff())
    who = {"code": code, "personal_code": old.resident.hetu_plain}

    first = client.post("/register/office", data=who).data.decode()
    assert "You already have an account" in first
    assert OLD_MASKED in first
    assert 'type="password"' not in first
    assert 'name="new_username" value="1"' in first

    details = {**who, "email": NEW_EMAIL, "password": "abcdefG!", "confirm": "abcdefG!"}
    unasked = client.post("/register/office", data=details).data.decode()
    assert "You already have an account" in unasked
    assert not User.get_by_id(old.id).disabled
    assert not User.select().where(User.email == NEW_EMAIL).exists()

    second = client.post("/register/office", data={**who, "new_username": "1"}).data.decode()
    assert "Your old account will be closed" in second
    assert 'type="password"' in second
    assert f'value="{code}"' in second  # the first step's answers travel on

    done = client.post("/register/office", data={**details, "new_username": "1"})
    assert done.headers["Location"].endswith("/register/done")
    _assert_closed_and_handed_over(app, old, report, NEW_EMAIL, "office")
    _activate_and_see_the_report(app, NEW_EMAIL, "abcdefG!", report)


def test_office_first_step_refuses_a_wrong_code_without_asking_more(app, client):
    """Is a wrong identity code refused in the first step, with the code still usable?"""
    old = make_tenant()
    code = accounts.record_office_identification(old.resident, "passport", make_staff())
    wrong = client.post("/register/office", data={"code": code, "personal_code": "131052-308T"})
    assert b"does not match" in wrong.data
    assert b'type="password"' not in wrong.data
    right = client.post(
        "/register/office", data={"code": code, "personal_code": old.resident.hetu_plain}
    )
    assert b"You already have an account" in right.data


def test_an_account_closed_by_the_desk_is_not_replaced(app, client, oidc):
    """Does an account the desk disabled stay closed, instead of being replaced by a new one?"""
    old = make_tenant(email=OLD_EMAIL)
    User.update(disabled=True).where(User.id == old.id).execute()
    _identify(client, oidc, old.resident)
    page = client.get("/register/details?new_username=1", follow_redirects=True)
    assert b"Your account has been closed" in page.data
    posted = client.post(
        "/register/details?new_username=1",
        data={"email": NEW_EMAIL, "password": "Abc1!x", "confirm": "Abc1!x"},
    )
    assert posted.headers["Location"].endswith("/register")
    assert User.select().count() == 1


def test_new_username_must_be_new(app, client, oidc):
    """Is the old username refused as the new one, leaving the old account open?"""
    old = make_tenant(email=OLD_EMAIL)
    _identify(client, oidc, old.resident)
    response = client.post(
        "/register/details?new_username=1",
        data={"email": OLD_EMAIL, "password": "Abc1!x", "confirm": "Abc1!x"},
    )
    assert b"already a username" in response.data
    assert not User.get_by_id(old.id).disabled
    assert User.get_by_id(old.id).resident_id == old.resident_id

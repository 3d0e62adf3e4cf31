"""Accounts and identification: every rule of the seed, through the real views."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine

from heka_asoy.models import Identification, OutboxMail, Token, User
from heka_asoy.services import accounts
from tests.factories import (
    PASSWORD,
    add_other_resident,
    login,
    make_flat,
    make_lease,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
)


def _mail_link(kind: str) -> str:
    mail = OutboxMail.select().where(OutboxMail.kind == kind).order_by(OutboxMail.id.desc()).get()
    match = re.search(r"http://localhost(/\S+)", mail.body_text)
    assert match, mail.body_text
    return match.group(1)


def _register_strong(client, oidc, resident, email="uusi@example.fi", password="Abc1!x"):  # noqa: S107
    oidc.set_person(
        f"p{resident.id}", name=resident.full_name, personal_identity_code=resident.hetu_plain
    )
    response = oidc.login(client, "/register/identify", f"p{resident.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/register/details")
    return client.post(
        "/register/details", data={"email": email, "password": password, "confirm": password}
    )


def test_strong_registration_activation_and_login(app, client, oidc):
    """Can a person in the register identify, register, activate from the mail and log in?"""
    resident = make_resident()
    make_lease(make_flat(), [resident])
    response = _register_strong(client, oidc, resident, email="Uusi@Example.fi")
    assert response.headers["Location"].endswith("/register/done")
    user = User.get(User.email == "uusi@example.fi")
    assert user.resident_id == resident.id
    assert user.activated_at is None
    assert Identification.get(Identification.user == user).method == "strong"

    # not yet activated: login refused with a way to a new link
    refused = login(client, user, "Abc1!x")
    assert b"activation" in refused.data.lower()

    link = _mail_link("activate")
    assert client.get(link).status_code == 200
    wrong = client.post(link, data={"email": "uusi@example.fi", "password": "Wrong1!x"})
    assert wrong.status_code == 200
    assert User.get_by_id(user.id).activated_at is None
    done = client.post(link, data={"email": "uusi@example.fi", "password": "Abc1!x"})
    assert done.status_code == 302
    assert User.get_by_id(user.id).activated_at is not None
    assert client.get(link).status_code == 410  # single use

    assert login(client, user, "Abc1!x").headers["Location"].endswith("/my/")
    assert client.get("/my/").status_code == 200


def test_strong_path_password_rule(app, client, oidc):
    """Does the strong path demand 6+ characters with upper, lower, digit and special?"""
    resident = make_resident()
    make_lease(make_flat(), [resident])
    for bad in ("Ab1!x", "abc1!x", "ABC1!X", "Abcd!x", "Abc1xx"):
        response = _register_strong(client, oidc, resident, password=bad)
        assert response.status_code == 200, bad
        assert b"The password is missing" in response.data
    assert User.select().count() == 0
    ok = client.post(
        "/register/details",
        data={"email": "a@example.fi", "password": "Abc1!x", "confirm": "Abc1!x"},
    )
    assert ok.status_code == 302


def test_strong_identification_outside_register_is_refused(app, client, oidc):
    """Is someone not in the resident register refused, with nothing created?"""
    oidc.set_person("stranger", name="Vieras", personal_identity_code="131052-308T")
    response = oidc.login(client, "/register/identify", "stranger")
    assert response.headers["Location"].endswith("/register")
    assert client.get("/register/details").status_code == 302
    assert User.select().count() == 0


def test_invalid_identity_code_from_broker_is_refused(app, client, oidc):
    """Is a personal identity code with a wrong check character refused?"""
    oidc.set_person("badcode", name="X", personal_identity_code="131052-308A")
    oidc.login(client, "/register/identify", "badcode")
    assert Identification.select().count() == 0


def test_office_path(app, client):
    """Can staff record an office identification and the resident register with its code, under
    the office rule (8+, upper and special)?"""
    resident = make_resident()
    make_lease(make_flat(), [resident])
    staff = make_staff()
    code = accounts.record_office_identification(resident, "passport", staff)
    base = {"email": "toimisto@example.fi", "code": code, "personal_code": resident.hetu_plain}

    short = client.post(
        "/register/office", data={**base, "password": "Abcde!g", "confirm": "Abcde!g"}
    )
    assert b"The password is missing" in short.data
    no_special = client.post(
        "/register/office", data={**base, "password": "Abcdefgh", "confirm": "Abcdefgh"}
    )
    assert b"The password is missing" in no_special.data
    wrong_person = client.post(
        "/register/office",
        data={
            **base,
            "personal_code": "131052-308T",
            "password": "abcdefG!",
            "confirm": "abcdefG!",
        },
    )
    assert b"does not match" in wrong_person.data
    assert not User.select().where(User.email == "toimisto@example.fi").exists()

    ok = client.post(
        "/register/office", data={**base, "password": "abcdefG!", "confirm": "abcdefG!"}
    )
    assert ok.headers["Location"].endswith("/register/done")
    user = User.get(User.email == "toimisto@example.fi")
    assert user.registered_via == "office"
    assert user.resident_id == resident.id
    again = client.post(
        "/register/office",
        data={**base, "email": "x@example.fi", "password": "abcdefG!", "confirm": "abcdefG!"},
    )
    assert b"already been used" in again.data


def test_office_code_expires(app, client):
    """Is an office identification code refused after 30 days?"""
    resident = make_resident()
    code = accounts.record_office_identification(resident, "id_card", make_staff())
    with time_machine.travel(date.today() + timedelta(days=31)):
        response = client.post(
            "/register/office",
            data={
                "email": "late@example.fi",
                "code": code,
                "personal_code": resident.hetu_plain,
                "password": "abcdefG!",
                "confirm": "abcdefG!",
            },
        )
    assert b"has expired" in response.data


def test_activation_link_expires_after_24_hours(app, client):
    """Is an activation link good for 24 hours and refused after, with a way to a new one?"""
    resident = make_resident()
    make_lease(make_flat(), [resident])
    user = make_user(resident, activated_at=None)
    with app.test_request_context():
        accounts.resend_activation(user.email)
    link = _mail_link("activate")
    with time_machine.travel(date.today() + timedelta(hours=23, minutes=59), tick=False):
        pass
    token = Token.get(Token.purpose == "activate")
    with time_machine.travel(token.created_at + timedelta(hours=23, minutes=59), tick=False):
        assert client.get(link).status_code == 200
    with time_machine.travel(token.created_at + timedelta(hours=24, seconds=1), tick=False):
        expired = client.get(link)
        assert expired.status_code == 410
        assert b"expired" in expired.data
        assert b"/activate/resend" in expired.data
        posted = client.post(link, data={"email": user.email, "password": PASSWORD})
        assert posted.status_code == 410
    assert User.get_by_id(user.id).activated_at is None


def test_password_reset_single_use_and_ends_other_sessions(app):
    """Does a reset link work once, follow the strong rule, and end every other session?"""
    user = make_tenant()
    other_session = app.test_client()
    assert login(other_session, user).status_code == 302
    assert other_session.get("/my/").status_code == 200

    client = app.test_client()
    client.post("/password/forgot", data={"email": user.email})
    link = _mail_link("reset")
    weak = client.post(link, data={"password": "abcdefgh", "confirm": "abcdefgh"})
    assert b"The password is missing" in weak.data
    done = client.post(link, data={"password": "Uusi1!x", "confirm": "Uusi1!x"})
    assert done.status_code == 302
    assert client.post(link, data={"password": "Toka1!x", "confirm": "Toka1!x"}).status_code == 410

    assert other_session.get("/my/").status_code == 302  # logged out
    assert login(client, user, "Uusi1!x").status_code == 302
    assert OutboxMail.select().where(OutboxMail.kind == "password_changed").count() == 1


def test_reset_link_expires(app, client):
    """Is a reset link refused after 24 hours?"""
    user = make_tenant()
    client.post("/password/forgot", data={"email": user.email})
    link = _mail_link("reset")
    token = Token.get(Token.purpose == "reset")
    with time_machine.travel(token.created_at + timedelta(hours=24, seconds=1), tick=False):
        assert (
            client.post(link, data={"password": "Uusi1!x", "confirm": "Uusi1!x"}).status_code == 410
        )


def test_unknown_address_gets_the_same_answer(app, client):
    """Does the reset form answer the same for an unknown address, and send nothing?"""
    response = client.post("/password/forgot", data={"email": "nobody@example.fi"})
    assert response.status_code == 302
    assert OutboxMail.select().count() == 0


def test_lease_start_gates_the_resident_pages(app, client):
    """Before the lease starts, does the user see only the start date and nothing of the flat?"""
    starts = date.today() + timedelta(days=30)
    user = make_tenant(starts_on=starts)
    login(client, user)
    page = client.get("/my/")
    assert page.status_code == 200
    assert b"not open yet" in page.data
    assert user.flat.number.encode() not in page.data
    assert user.flat.housing_company.name.encode() not in page.data
    with time_machine.travel(starts + timedelta(hours=12)):
        login(client, user)  # the session of a month ago has expired
        opened = client.get("/my/")
        assert user.flat.number.encode() in opened.data


def test_username_cannot_change_but_notice_address_can(app):
    """Is the username fixed while the e-mail for notices can change?"""
    user = make_tenant()
    accounts.set_notice_email(user, "muu@example.fi")
    fresh = User.get_by_id(user.id)
    assert fresh.email == user.email
    assert fresh.notice_email == "muu@example.fi"
    with pytest.raises(accounts.AccountError):
        accounts.set_notice_email(user, "not-an-address")


def test_same_email_cannot_register_twice(app, client, oidc):
    """Is a taken username refused (a new address means a new registration)?"""
    make_tenant(email="taken@example.fi")
    resident = make_resident()
    make_lease(make_flat(), [resident])
    response = _register_strong(client, oidc, resident, email="taken@example.fi")
    assert b"already a username" in response.data


def test_city_account_identifies_once(app, client, oidc):
    """Does an account from the city's service log in with its password, identify strongly on
    the first visit, and then reach the resident pages?"""
    resident = make_resident()
    make_lease(make_flat(), [resident])
    user = make_user(None, registered_via="city", needs_strong_identification=True)
    assert login(client, user).status_code == 302
    gate = client.get("/my/")
    assert gate.headers["Location"].endswith("/identify/first")
    oidc.set_person("city1", name=resident.full_name, personal_identity_code=resident.hetu_plain)
    done = oidc.login(client, "/identify/first/start", "city1")
    assert done.headers["Location"].endswith("/my/")
    fresh = User.get_by_id(user.id)
    assert fresh.resident_id == resident.id
    assert not fresh.needs_strong_identification
    assert client.get("/my/").status_code == 200


def test_roles_are_separate(app):
    """Are staff pages refused to residents and resident pages to staff?"""
    resident_client, staff_client = app.test_client(), app.test_client()
    login(resident_client, make_tenant())
    login(staff_client, make_staff())
    assert resident_client.get("/staff/").status_code == 403
    assert resident_client.get("/staff/identification").status_code == 403
    assert staff_client.get("/my/").status_code == 403
    assert staff_client.get("/staff/").status_code == 200
    assert staff_client.get("/staff/users/new").status_code == 403  # admin only


def test_other_resident_sees_only_their_rights(app, client):
    """Does an other resident get the every-resident features but not the lease party's?"""
    flat = make_flat()
    make_lease(flat, [make_resident()])
    other = make_resident()
    add_other_resident(flat, other)
    user = make_user(other)
    login(client, user)
    page = client.get("/my/").data.decode()
    assert "Other resident" in page
    assert "Only the lease party" in page


def test_disabled_or_unknown_accounts_cannot_log_in(app, client):
    """Is a wrong password, an unknown address or a disabled account refused alike?"""
    user = make_tenant()
    assert b"wrong" in login(client, user, "Wrong-1!").data
    assert b"wrong" in client.post("/login", data={"email": "x@example.fi", "password": "a"}).data
    User.update(disabled=True).where(User.id == user.id).execute()
    assert b"wrong" in login(client, user).data


def test_open_redirect_is_refused(app, client):
    """Does login ignore a ``next`` that points to another site?"""
    user = make_tenant()
    response = client.post(
        "/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/my/"


def test_passwords_are_hashed_with_argon2id(app):
    """Is a stored password an argon2id hash, never the password itself?"""
    user = make_tenant()
    assert User.get_by_id(user.id).password_hash.startswith("$argon2id$")
    assert PASSWORD not in User.get_by_id(user.id).password_hash

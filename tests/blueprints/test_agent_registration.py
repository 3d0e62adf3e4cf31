"""An agent outside the resident register registers with strong identification when a power of
attorney names their personal identity code, and gets the powers given to that code; anyone
else outside the register is still refused."""

from __future__ import annotations

import re
from datetime import date

from heka_asoy.models import OutboxMail, PowerOfAttorney, User
from heka_asoy.services import powers
from heka_asoy.services.powers import PowerInput
from tests.factories import make_hetu_code, make_staff, make_tenant

PASSWORD = "Agentti-1!"  # noqa: S105 - a test password


def _mail_link(kind: str) -> str:
    mail = OutboxMail.select().where(OutboxMail.kind == kind).order_by(OutboxMail.id.desc()).get()
    match = re.search(r"http://localhost(/\S+)", mail.body_text)
    assert match, mail.body_text
    return match.group(1)


def _power_for(tenant, hetu: str, **kw):
    data = {
        "grantor_id": tenant.resident_id,
        "kind": "general",
        "scopes": (),
        "free_text": "",
        "agent_name": "Ulla Ulkopuolinen",
        "agent_email": "",
        "valid_from": date.today(),
        "valid_until": None,
        "received_via": "office",
        "agent_hetu": hetu,
    }
    data.update(kw)
    return powers.register_power(make_staff(), tenant.flat.leases.get().id, PowerInput(**data),
                                 None)


def _register(client, oidc, hetu: str, sub: str, email: str):
    oidc.set_person(sub, name="Ulla Ulkopuolinen", personal_identity_code=hetu)
    answer = oidc.login(client, "/register/identify", sub)
    return answer, client.post(
        "/register/details", data={"email": email, "password": PASSWORD, "confirm": PASSWORD}
    )


def test_agent_outside_the_register_registers_and_sees_the_flat(app, client, oidc):
    """Can the agent named by identity code register, activate, log in and see the flat?"""
    tenant, hetu = make_tenant(), make_hetu_code(7001)
    power = _power_for(tenant, hetu)
    assert power.agent_hetu_hash
    identified, details = _register(client, oidc, hetu, "agent-ulla", "ulla@example.fi")
    assert identified.headers["Location"].endswith("/register/details")
    assert details.headers["Location"].endswith("/register/done")
    user = User.get(User.email == "ulla@example.fi")
    assert user.resident_id is None
    assert PowerOfAttorney.get_by_id(power.id).agent_user_id == user.id

    client.post(_mail_link("activate"), data={"email": user.email, "password": PASSWORD})
    assert client.post(
        "/login", data={"email": user.email, "password": PASSWORD}
    ).status_code == 302
    dashboard = client.get("/my/").get_data(as_text=True)
    assert tenant.flat.number in dashboard
    assert "Agent with a power of attorney" in dashboard


def test_a_second_registration_is_told_of_the_existing_account(app, client, oidc):
    """Identifying again, is the agent told they already have an account (masked)?"""
    tenant, hetu = make_tenant(), make_hetu_code(7002)
    _power_for(tenant, hetu)
    _register(client, oidc, hetu, "agent-ulla2", "ulla2@example.fi")
    again = app.test_client()
    oidc.login(again, "/register/identify", "agent-ulla2")
    page = again.get("/register/details").get_data(as_text=True)
    assert "You already have an account" in page
    assert "u***2@example.fi" in page


def test_outside_the_register_without_a_power_is_refused(app, client, oidc):
    """Is a person neither in the register nor named by a power in force refused, also when
    the power naming them was revoked?"""
    tenant, hetu = make_tenant(), make_hetu_code(7003)
    power = _power_for(tenant, hetu)
    powers.revoke_power(make_staff(), power.id)
    oidc.set_person("nobody", name="Ei Kukaan", personal_identity_code=hetu)
    answer = oidc.login(client, "/register/identify", "nobody")
    assert answer.headers["Location"].endswith("/register")
    assert client.get("/register/details").status_code == 302
    assert User.select().where(User.email == "nobody@example.fi").count() == 0


def test_a_bad_identity_code_is_refused_on_the_desk_form(app):
    tenant = make_tenant()
    client = app.test_client()
    client.post("/login", data={"email": make_staff().email, "password": "Salasana-1!"})
    answer = client.post(
        f"/staff/powers/lease/{tenant.flat.leases.get().id}",
        data={
            "grantor": str(tenant.resident_id),
            "kind": "general",
            "agent_name": "Ulla",
            "agent_hetu": "010190-0000",
            "valid_from": date.today().isoformat(),
            "received_via": "office",
        },
    )
    assert answer.status_code == 422
    assert "Check the personal identity code." in answer.get_data(as_text=True)
    assert PowerOfAttorney.select().count() == 0

"""The appointment pages: the resident's own (list, request, details; another flat's account
sees nothing and changes nothing), the public form (honeypot, rate limit, the verify link) and
the page behind the mailed link (forged, expired and replayed links refused on every URL with a
page in the visitor's language, nothing changed)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine

from heka_asoy.domain.office_hours import HELSINKI
from heka_asoy.models import Appointment, AuditLog, OutboxMail
from heka_asoy.services.appointments import booking, links, slots
from tests.factories import login, make_appointment, make_staff, make_tenant

#: Tuesday 1 December 2026, 10:00 in Helsinki.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=HELSINKI)
WED = datetime(2026, 12, 2, 9, 0, tzinfo=HELSINKI)
THU = datetime(2026, 12, 3, 12, 0, tzinfo=HELSINKI)

FORM = {
    "reason": "lease",
    "preferred_days": ["wed", "thu"],
    "details": "Vuokrasopimuksen allekirjoitus",
    "name": "Maija Meikäläinen",
    "email": "maija@example.fi",
    "phone": "040 123 4567",
}


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


def _client(app, user=None):
    client = app.test_client()
    if user is not None:
        login(client, user)
    return client


def _confirmed(app, **kw) -> tuple[Appointment, str]:
    visit = make_appointment(**kw)
    with app.test_request_context():
        booking.confirm(visit.id, WED, make_staff())
        visit = Appointment.get_by_id(visit.id)
        return visit, links.token_for(visit)


def _snapshot(visit_id: int) -> tuple:
    row = Appointment.get_by_id(visit_id)
    return (row.status, row.starts_at, row.slot_key, row.link_version)


# --- the resident pages ------------------------------------------------------------------------


def test_a_resident_requests_a_visit_and_sees_it_listed(app, frozen):
    """Is the form prefilled, does sending it file the request for the user's flat and show
    its details with the person-facing status?"""
    tenant = make_tenant()
    client = _client(app, tenant)
    form = client.get("/my/appointments/new")
    assert form.status_code == 200
    page = form.data.decode()
    assert tenant.resident.full_name in page
    assert tenant.email in page
    answer = client.post("/my/appointments/new", data={**FORM, "email": tenant.email})
    assert answer.status_code == 303
    visit = Appointment.get()
    assert answer.headers["Location"].endswith(f"/my/appointments/{visit.id}")
    assert (visit.flat_id, visit.user_id, visit.status) == (tenant.flat.id, tenant.id, "requested")
    detail = client.get(f"/my/appointments/{visit.id}").data.decode()
    assert "Received: the asoy desk sends you a time by e-mail" in detail
    assert "Vuokrasopimuksen allekirjoitus" in detail
    listing = client.get("/my/appointments/").data.decode()
    assert f"/my/appointments/{visit.id}" in listing


def test_missing_fields_keep_the_form_and_save_nothing(app):
    client = _client(app, make_tenant())
    answer = client.post("/my/appointments/new", data={**FORM, "reason": "", "name": ""})
    assert answer.status_code == 422
    page = answer.data.decode()
    assert "Choose what the visit is about." in page
    assert "Vuokrasopimuksen allekirjoitus" in page  # what was typed stays
    assert Appointment.select().count() == 0


def test_second_flats_account_sees_and_changes_nothing(app, frozen):
    """From another flat's account: is every resident URL of someone else's visit a 404, the
    other flat's form a 404, nothing written, and the list free of the other's visit?"""
    owner, other = make_tenant(), make_tenant()
    visit, _token = _confirmed(app, user=owner, flat=owner.flat)
    client = _client(app, other)
    assert client.get(f"/my/appointments/{visit.id}").status_code == 404
    assert client.get(f"/my/appointments/new?flat={owner.flat.id}").status_code == 404
    answer = client.post(f"/my/appointments/new?flat={owner.flat.id}", data=FORM)
    assert answer.status_code == 404
    answer = client.post("/my/appointments/new", data={**FORM, "flat": str(owner.flat.id)})
    assert answer.status_code == 404
    listing = client.get("/my/appointments/").data.decode()
    assert f"/my/appointments/{visit.id}" not in listing
    assert Appointment.select().count() == 1
    dashboard = client.get("/my/").data.decode()
    assert "Your next office visit" not in dashboard
    assert "Your next office visit" in _client(app, owner).get("/my/").data.decode()


def test_the_pages_need_a_login(app):
    for url in ("/my/appointments/", "/my/appointments/new", "/my/appointments/1"):
        answer = app.test_client().get(url)
        assert answer.status_code == 302
        assert "/login" in answer.headers["Location"]


def test_the_dashboard_card_leads_to_the_page(app):
    page = _client(app, make_tenant()).get("/my/").data.decode()
    assert 'href="/my/appointments/"' in page


# --- the public form ---------------------------------------------------------------------------


def test_public_request_is_unverified_until_the_mailed_link(app, client):
    """Does the public form keep the request "unverified" and mail a link that makes it
    "requested" (and is the used link refused after)?"""
    answer = client.post("/appointments/request", data=FORM)
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/appointments/request/sent")
    visit = Appointment.get()
    assert (visit.status, visit.source, visit.user_id) == ("unverified", "public", None)
    mail = OutboxMail.get(OutboxMail.kind == "appointment_verify")
    link = re.search(r"http://localhost(/appointments/verify/\S+)", mail.body_text).group(1)
    assert client.get(link).status_code == 303
    assert Appointment.get_by_id(visit.id).status == "requested"
    again = client.get(link)
    assert again.status_code == 410
    assert "already been used" in again.data.decode()


def test_forged_and_expired_verify_links_are_refused(app, client):
    with time_machine.travel(NOW, tick=False):
        client.post("/appointments/request", data=FORM)
    mail = OutboxMail.get(OutboxMail.kind == "appointment_verify")
    link = re.search(r"http://localhost(/appointments/verify/\S+)", mail.body_text).group(1)
    forged = client.get(link[:-3] + "xyz")
    assert forged.status_code == 404
    assert "not valid" in forged.data.decode()
    with time_machine.travel(NOW + timedelta(hours=25), tick=False):
        expired = client.get(link, headers={"Accept-Language": "fi"})
    assert expired.status_code == 410
    assert '<html lang="fi">' in expired.data.decode()
    assert Appointment.get().status == "unverified"


def test_honeypot_pretends_success_and_saves_nothing(app, client):
    answer = client.post("/appointments/request", data={**FORM, "website": "http://spam"})
    assert answer.status_code == 303
    assert Appointment.select().count() == 0
    assert OutboxMail.select().count() == 0


def test_public_form_bad_input_is_said_and_nothing_saved(app, client):
    answer = client.post("/appointments/request", data={**FORM, "email": "not-an-address"})
    assert answer.status_code == 422
    assert Appointment.select().count() == 0
    answer = client.post("/appointments/request", data={**FORM, "preferred_days": ["sun"]})
    assert answer.status_code == 422
    assert Appointment.select().count() == 0


@pytest.fixture
def limited_config(app_config):
    app_config.update(RATELIMIT_ENABLED=True, PUBLIC_APPOINTMENT_LIMIT="2 per hour")
    return app_config


def test_rate_limit_per_address(limited_config, app, client):
    """After the limit of sent requests from one address, is the next refused with 429 and
    nothing saved, while mistakes in the form do not count?"""
    assert client.post("/appointments/request", data={**FORM, "name": ""}).status_code == 422
    assert client.post("/appointments/request", data=FORM).status_code == 303
    assert client.post("/appointments/request", data=FORM).status_code == 303
    refused = client.post("/appointments/request", data=FORM)
    assert refused.status_code == 429
    assert Appointment.select().count() == 2
    assert client.get("/appointments/request").status_code == 200


def test_front_page_and_login_page_link_to_the_public_form(app, client):
    for url in ("/", "/login"):
        assert 'href="/appointments/request"' in client.get(url).data.decode()


# --- the mailed link ---------------------------------------------------------------------------


def test_rebook_through_the_link_and_the_old_link_is_refused(app, client, frozen):
    """Does the link page show the free slots by day, move the visit, tell the desk, and refuse
    the old link afterwards on every URL with nothing changed?"""
    visit, token = _confirmed(app)
    page = client.get(f"/appointments/manage/{token}")
    assert page.status_code == 200
    html = page.data.decode()
    assert f'value="{slots.slot_value(THU)}"' in html
    assert f'value="{slots.slot_value(WED)}"' not in html  # its own time
    answer = client.post(
        f"/appointments/manage/{token}/rebook", data={"slot": slots.slot_value(THU)}
    )
    assert answer.status_code == 303
    new_link = answer.headers["Location"]
    assert token not in new_link
    assert Appointment.get_by_id(visit.id).starts_at == slots.to_utc(THU)
    assert OutboxMail.select().where(OutboxMail.kind == "appointment_desk").count() == 1
    before = _snapshot(visit.id)
    for method, url, data in (
        ("get", f"/appointments/manage/{token}", None),
        ("post", f"/appointments/manage/{token}/rebook", {"slot": slots.slot_value(WED)}),
        ("post", f"/appointments/manage/{token}/accept", None),
        ("get", f"/appointments/manage/{token}/cancel", None),
        ("post", f"/appointments/manage/{token}/cancel", None),
    ):
        refused = getattr(client, method)(url, data=data)
        assert refused.status_code == 410, url
        assert "from an older e-mail" in refused.data.decode()
    assert _snapshot(visit.id) == before
    assert client.get(new_link).status_code == 200


def test_a_taken_or_missing_slot_is_said_next_to_the_times(app, client, frozen):
    visit, token = _confirmed(app)
    answer = client.post(f"/appointments/manage/{token}/rebook", data={"slot": ""})
    assert answer.status_code == 422
    assert "Choose a new time." in answer.data.decode()
    others = [make_appointment() for _ in range(2)]
    with app.test_request_context():
        for other in others:
            booking.confirm(other.id, THU, make_staff())
    answer = client.post(
        f"/appointments/manage/{token}/rebook", data={"slot": slots.slot_value(THU)}
    )
    assert answer.status_code == 422
    assert "cannot be booked" in answer.data.decode() or "took that time" in answer.data.decode()
    assert Appointment.get_by_id(visit.id).starts_at == slots.to_utc(WED)


def test_cancel_has_a_confirmation_step(app, client, frozen):
    visit, token = _confirmed(app)
    step = client.get(f"/appointments/manage/{token}/cancel")
    assert step.status_code == 200
    assert Appointment.get_by_id(visit.id).status == "confirmed"
    done = client.post(f"/appointments/manage/{token}/cancel")
    assert done.status_code == 303
    assert done.headers["Location"].endswith("/appointments/cancelled")
    assert Appointment.get_by_id(visit.id).status == "cancelled"
    assert AuditLog.select().where(AuditLog.action == "appointment_cancelled").count() == 1


def test_accept_a_proposed_time(app, client, frozen):
    visit = make_appointment()
    with app.test_request_context():
        booking.propose(visit.id, WED, make_staff())
        token = links.token_for(Appointment.get_by_id(visit.id))
    assert "Accept the time" in client.get(f"/appointments/manage/{token}").data.decode()
    answer = client.post(f"/appointments/manage/{token}/accept")
    assert answer.status_code == 303
    assert Appointment.get_by_id(visit.id).status == "confirmed"
    assert "Accept the time" not in client.get(answer.headers["Location"]).data.decode()


URLS = (
    ("get", "/appointments/manage/{t}"),
    ("post", "/appointments/manage/{t}/rebook"),
    ("post", "/appointments/manage/{t}/accept"),
    ("get", "/appointments/manage/{t}/cancel"),
    ("post", "/appointments/manage/{t}/cancel"),
)


@pytest.mark.parametrize(("method", "url"), URLS)
def test_forged_link_is_404_on_every_url(app, client, frozen, method, url):
    visit, token = _confirmed(app)
    before = _snapshot(visit.id)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    for bad in (forged, "x", "9" * 300):
        answer = getattr(client, method)(url.format(t=bad), data={"slot": slots.slot_value(THU)})
        assert answer.status_code == 404
        assert "The link is not valid" in answer.data.decode()
    assert _snapshot(visit.id) == before


@pytest.mark.parametrize(("method", "url"), URLS)
def test_expired_link_is_410_on_every_url_in_the_users_language(app, client, method, url):
    with time_machine.travel(NOW, tick=False):
        visit, token = _confirmed(app)
    before = _snapshot(visit.id)
    with time_machine.travel(WED + timedelta(minutes=31), tick=False):
        answer = getattr(client, method)(
            url.format(t=token), data={"slot": slots.slot_value(THU)},
            headers={"Accept-Language": "sv"},
        )  # fmt: skip
    assert answer.status_code == 410
    assert '<html lang="sv">' in answer.data.decode()
    assert _snapshot(visit.id) == before


def test_a_flatmate_does_not_see_anothers_visit(app, frozen):
    """Another resident of the same flat: is the lease party's visit hidden (404) from them?"""
    from tests.factories import add_other_resident, make_resident, make_user

    owner = make_tenant()
    flatmate = make_user(make_resident())
    add_other_resident(owner.flat, flatmate.resident)
    visit, _token = _confirmed(app, user=owner, flat=owner.flat)
    client = _client(app, flatmate)
    assert client.get("/my/appointments/").status_code == 200
    assert client.get(f"/my/appointments/{visit.id}").status_code == 404
    assert f"/my/appointments/{visit.id}" not in client.get("/my/appointments/").data.decode()

"""Service request pages: /my/requests/ (each kind's form by the access table, the
requester's own list and timeline) and the desk's /staff/requests/, from every role, from
another flat (404, nothing changed), with CSRF, field errors in the user's language, bad
attachments, the disturbance reporter invisible to the neighbour, and constant query counts."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest

from heka_asoy import create_app
from heka_asoy.models import OutboxMail, ServiceRequest
from heka_asoy.models.desk import Attachment, ServiceRequestEvent
from heka_asoy.services import service_requests as sr
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

KINDS = ("disturbance", "smoking", "renovation", "tenancy_transfer", "inspection", "other")
EVERY_RESIDENT = ("disturbance", "smoking", "other")


def _client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def _other_resident(tenant):
    other = make_user(make_resident())
    add_other_resident(tenant.flat, other.resident)
    return other


def _renovation_form(**kw):
    start = date.today() + timedelta(days=20)
    data = {
        "what": "Uusi laattalattia kylpyhuoneeseen",
        "where": "kylpyhuone",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=4)).isoformat(),
        "worker": "self",
    }
    data.update(kw)
    return data


def _disturbance_form(**kw):
    data = {"what": "Kova musiikki", "when": "öisin", "how_often": "weekly", "which_flat": ""}
    data.update(kw)
    return data


def _file(app, user, kind="renovation", **fields):
    data = (_renovation_form if kind == "renovation" else _disturbance_form)(**fields)
    typed = {
        k: (date.fromisoformat(v) if k in ("starts_on", "ends_on") else v) for k, v in data.items()
    }
    with app.test_request_context():
        return sr.file_request(user, user.flat.id, kind, typed, [])


def _new_url(user, kind, flat=None):
    return f"/my/requests/new?kind={kind}&flat={flat or user.flat.id}"


# --- roles ---------------------------------------------------------------------------------


def test_lease_party_opens_every_kinds_form(app):
    tenant = make_tenant()
    client = _client(app, tenant)
    page = client.get("/my/requests/").data.decode()
    for kind in KINDS:
        assert _new_url(tenant, kind).replace("&", "&amp;") in page
        assert client.get(_new_url(tenant, kind)).status_code == 200
    assert client.get(_new_url(tenant, "complaint")).status_code == 404
    assert client.get("/my/requests/new?kind=other").status_code == 404


def test_other_resident_files_neighbour_reports_only(app):
    tenant = make_tenant()
    other = _other_resident(tenant)
    client = _client(app, other)
    assert client.get("/my/requests/").status_code == 200
    for kind in KINDS:
        expected = 200 if kind in EVERY_RESIDENT else 403
        assert client.get(_new_url(tenant, kind)).status_code == expected, kind
    refused = client.post(_new_url(tenant, "renovation"), data=_renovation_form())
    assert refused.status_code == 403
    assert ServiceRequest.select().count() == 0
    done = client.post(_new_url(tenant, "disturbance"), data=_disturbance_form())
    assert done.status_code == 302
    assert ServiceRequest.get().user_id == other.id


def test_agents_by_scope_staff_and_visitors(app):
    tenant = make_tenant()
    general = make_user(None)
    make_power(tenant, general, scopes="general")
    assert _client(app, general).get(_new_url(tenant, "renovation")).status_code == 200
    renovation_agent = make_user(None)
    make_power(tenant, renovation_agent, scopes="renovation")
    renovation = _client(app, renovation_agent)
    assert renovation.get(_new_url(tenant, "renovation")).status_code == 200
    assert renovation.get(_new_url(tenant, "inspection")).status_code == 200
    assert renovation.get(_new_url(tenant, "disturbance")).status_code == 403
    sauna = make_user(None)
    make_power(tenant, sauna, scopes="sauna")
    assert _client(app, sauna).get("/my/requests/").status_code == 403
    assert _client(app, sauna).get(_new_url(tenant, "disturbance")).status_code == 403
    assert _client(app, make_staff()).get("/my/requests/").status_code == 403
    assert app.test_client().get("/my/requests/").status_code == 302


def test_dashboard_links_the_requests(app):
    page = _client(app, make_tenant()).get("/my/").data.decode()
    assert 'href="/my/requests/"' in page


# --- filing ----------------------------------------------------------------------------------


def test_renovation_filed_with_a_plan_then_shown(app):
    tenant = make_tenant()
    client = _client(app, tenant)
    data = {**_renovation_form(), "attachments": (io.BytesIO(scan_pdf()), "pohja.pdf")}
    done = client.post(
        _new_url(tenant, "renovation"), data=data, content_type="multipart/form-data"
    )
    assert done.status_code == 302
    request = ServiceRequest.get()
    assert done.headers["Location"].endswith(f"/my/requests/{request.id}")
    page = client.get(f"/my/requests/{request.id}").data.decode()
    assert "Uusi laattalattia kylpyhuoneeseen" in page
    assert "pohja.pdf" in page
    attachment = Attachment.get()
    download = client.get(f"/my/requests/files/{attachment.id}")
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "Received" in client.get("/my/requests/").data.decode()


def test_bad_attachment_said_next_to_its_field(app):
    tenant = make_tenant()
    client = _client(app, tenant)
    data = {**_renovation_form(), "attachments": (io.BytesIO(b"MZ\x90\x00 exe"), "plan.pdf")}
    bad = client.post(_new_url(tenant, "renovation"), data=data, content_type="multipart/form-data")
    assert bad.status_code == 422
    page = bad.data.decode()
    assert "File 1 is not a PDF or an image" in page
    assert 'id="attachments-error"' in page
    assert ServiceRequest.select().count() == 0
    assert Attachment.select().count() == 0


def test_bad_input_gives_field_errors_in_the_users_language(app):
    from flask_babel import force_locale, gettext

    tenant = make_tenant(language="fi")
    client = _client(app, tenant)
    client.get("/lang/fi")
    start = date.today() + timedelta(days=10)
    bad = client.post(
        _new_url(tenant, "renovation"),
        data=_renovation_form(
            what="",
            ends_on=(start - timedelta(days=3)).isoformat(),
            starts_on=start.isoformat(),
        ),
    )
    assert bad.status_code == 422
    page = bad.data.decode()
    assert '<html lang="fi">' in page
    with force_locale("fi"):
        words = gettext("Fill in this field.")
    assert words in page
    assert 'aria-invalid="true"' in page
    assert ServiceRequest.select().count() == 0
    # the rules' own refusal (after the form's checks pass)
    dates = client.post(
        _new_url(tenant, "renovation"),
        data=_renovation_form(ends_on=(start - timedelta(days=30)).isoformat()),
    )
    assert dates.status_code == 422
    with force_locale("fi"):
        words = gettext("The work cannot end before it starts.")
    assert words in dates.data.decode()
    assert 'id="ends_on-error"' in dates.data.decode()


def test_reply_to_a_waiting_request(app):
    tenant = make_tenant()
    request = _file(app, tenant)
    with app.test_request_context():
        sr.message(make_staff(), request.id, "Kuka tekee työn?", True)
    client = _client(app, tenant)
    page = client.get(f"/my/requests/{request.id}").data.decode()
    assert "Kuka tekee työn?" in page
    assert "Waiting for the resident" in page
    empty = client.post(f"/my/requests/{request.id}/reply", data={"body": " "})
    assert empty.status_code == 422
    done = client.post(f"/my/requests/{request.id}/reply", data={"body": "Teen itse."})
    assert done.status_code == 302
    assert ServiceRequest.get_by_id(request.id).status == "in_progress"


# --- another flat, privacy -------------------------------------------------------------------


def test_another_flat_gets_404_and_changes_nothing(app):
    tenant = make_tenant()
    data = {**_renovation_form(), "attachments": (io.BytesIO(scan_pdf()), "pohja.pdf")}
    _client(app, tenant).post(
        _new_url(tenant, "renovation"), data=data, content_type="multipart/form-data"
    )
    request = ServiceRequest.get()
    attachment = Attachment.get()
    events = ServiceRequestEvent.select().count()
    stranger = make_tenant()
    client = _client(app, stranger)
    assert client.get(f"/my/requests/{request.id}").status_code == 404
    assert client.post(f"/my/requests/{request.id}/reply", data={"body": "x"}).status_code == 404
    assert client.get(f"/my/requests/files/{attachment.id}").status_code == 404
    assert client.get(_new_url(stranger, "renovation", tenant.flat.id)).status_code == 404
    assert (
        client.post(_new_url(stranger, "other", tenant.flat.id), data={"subject": "x"}).status_code
        == 404
    )
    assert ServiceRequestEvent.select().count() == events
    assert ServiceRequest.select().count() == 1
    assert f"/my/requests/{request.id}" not in client.get("/my/requests/").data.decode()


def test_neighbour_never_sees_the_disturbance_report(app):
    """The neighbour named in the report, the reporter's own flat-mate and any other user get
    404 for it and never see it in their lists; the desk's answer is mailed to the reporter
    only."""
    reporter = make_tenant()
    neighbour = make_tenant()
    mate = _other_resident(reporter)
    named = f"{neighbour.flat.building.street_address} {neighbour.flat.number}"
    client = _client(app, reporter)
    client.post(_new_url(reporter, "disturbance"), data=_disturbance_form(which_flat=named))
    report = ServiceRequest.get()
    staff = _client(app, make_staff())
    staff.post(f"/staff/requests/{report.id}/message", data={"message-body": "Selvitämme asian."})
    staff.post(f"/staff/requests/{report.id}/status", data={"status-status": "closed"})
    for user in (neighbour, mate, make_tenant()):
        other = _client(app, user)
        assert other.get(f"/my/requests/{report.id}").status_code == 404
        listing = other.get("/my/requests/").data.decode()
        assert f"/my/requests/{report.id}" not in listing
        assert "Kova musiikki" not in listing
    assert named in client.get(f"/my/requests/{report.id}").data.decode()
    assert {m.recipient for m in OutboxMail.select()} == {reporter.email}
    assert all(named not in m.body_text for m in OutboxMail.select())


# --- the desk --------------------------------------------------------------------------------


def test_staff_pages_only_for_staff(app):
    tenant = make_tenant()
    request = _file(app, tenant)
    resident = _client(app, tenant)
    for url in ("/staff/requests/", f"/staff/requests/{request.id}"):
        assert resident.get(url).status_code == 403
    assert resident.post(f"/staff/requests/{request.id}/note", data={}).status_code == 403
    assert app.test_client().get("/staff/requests/").status_code == 302
    client = _client(app, make_staff())
    assert client.get("/staff/requests/99999").status_code == 404


def test_desk_handles_a_renovation_request(app):
    tenant = make_tenant()
    data = {**_renovation_form(), "attachments": (io.BytesIO(scan_pdf()), "pohja.pdf")}
    _client(app, tenant).post(
        _new_url(tenant, "renovation"), data=data, content_type="multipart/form-data"
    )
    request = ServiceRequest.get()
    staff_user = make_staff()
    client = _client(app, staff_user)
    listing = client.get("/staff/requests/?kind=renovation").data.decode()
    assert f"/staff/requests/{request.id}" in listing
    page = client.get(f"/staff/requests/{request.id}").data.decode()
    assert tenant.email in page
    assert "pohja.pdf" in page
    file = client.get(f"/staff/requests/files/{Attachment.get().id}")
    assert file.status_code == 200
    assert file.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    url = f"/staff/requests/{request.id}"
    assert client.post(f"{url}/note", data={"note-body": "Sisäinen huomio"}).status_code == 302
    assert (
        client.post(f"{url}/assign", data={"assign-assignee": str(staff_user.id)}).status_code
        == 302
    )
    no_text = client.post(f"{url}/decide", data={"decide-decision": "refused"})
    assert no_text.status_code == 422
    assert "Give the conditions or the reason." in no_text.data.decode()
    assert (
        client.post(
            f"{url}/decide",
            data={"decide-decision": "approved_with_conditions", "decide-text": "Märkätila-ehdot"},
        ).status_code
        == 302
    )
    row = ServiceRequest.get_by_id(request.id)
    assert (row.status, row.decision, row.assigned_to_id) == (
        "decided",
        "approved_with_conditions",
        staff_user.id,
    )
    assert row.first_answered_at is not None
    bad = client.post(f"{url}/status", data={"status-status": "received"})
    assert bad.status_code == 422
    resident_page = _client(app, tenant).get(f"/my/requests/{request.id}").data.decode()
    assert "Märkätila-ehdot" in resident_page
    assert "Approved with conditions" in resident_page
    assert "Sisäinen huomio" not in resident_page


# --- CSRF ------------------------------------------------------------------------------------


@pytest.fixture
def strict_app(app_config):
    app_config.update(WTF_CSRF_ENABLED=True)
    from tests.conftest import _fresh_g_per_request

    app = create_app(app_config)
    _fresh_g_per_request(app)
    with app.app_context():
        yield app


def _login_strict(client, user):
    page = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"email": user.email, "password": "Salasana-1!", "csrf_token": token}
    )


def test_forms_need_the_csrf_token(strict_app):
    tenant = make_tenant()
    client = strict_app.test_client()
    _login_strict(client, tenant)
    url = _new_url(tenant, "disturbance")
    assert client.post(url, data=_disturbance_form()).status_code == 400
    assert ServiceRequest.select().count() == 0
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).data.decode()
    ).group(1)
    assert client.post(url, data={**_disturbance_form(), "csrf_token": token}).status_code == 302
    request = ServiceRequest.get()
    assert client.post(f"/my/requests/{request.id}/reply", data={"body": "x"}).status_code == 400
    staff = strict_app.test_client()
    _login_strict(staff, make_staff())
    note = {"note-body": "x"}
    assert staff.post(f"/staff/requests/{request.id}/note", data=note).status_code == 400
    assert ServiceRequestEvent.select().where(ServiceRequestEvent.internal).count() == 0


# --- query counts ----------------------------------------------------------------------------


def _queries(client, count_queries, url) -> int:
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_list_query_counts_are_constant(app, count_queries):
    tenant = make_tenant()
    staff = _client(app, make_staff())
    _file(app, tenant)
    resident = _client(app, tenant)
    few_resident = _queries(resident, count_queries, "/my/requests/")
    few_staff = _queries(staff, count_queries, "/staff/requests/")
    for _ in range(6):
        _file(app, tenant)
        _file(app, make_tenant(), "disturbance")
    assert _queries(resident, count_queries, "/my/requests/") == few_resident
    assert _queries(staff, count_queries, "/staff/requests/") == few_staff


def test_detail_query_counts_do_not_grow_with_the_timeline(app, count_queries):
    tenant = make_tenant()
    request = _file(app, tenant)
    staff_user = make_staff()
    resident = _client(app, tenant)
    staff = _client(app, staff_user)
    few_resident = _queries(resident, count_queries, f"/my/requests/{request.id}")
    few_staff = _queries(staff, count_queries, f"/staff/requests/{request.id}")
    for n in range(5):
        with app.test_request_context():
            sr.message(staff_user, request.id, f"Viesti {n}")
            sr.add_note(staff_user, request.id, f"Muistio {n}")
    assert _queries(resident, count_queries, f"/my/requests/{request.id}") == few_resident
    assert _queries(staff, count_queries, f"/staff/requests/{request.id}") == few_staff


# --- input bounds ----------------------------------------------------------------------------

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/my/requests/{HUGE}",
        f"/my/requests/files/{2**63}",
        "/my/requests/0",
        f"/my/requests/new?kind=renovation&flat={HUGE}",
        "/my/requests/new?kind=renovation&flat=-1",
        "/my/requests/new?kind=%00&flat=1",
        f"/my/requests/?flat={HUGE}",
    ],
)
def test_out_of_range_ids_are_404_for_the_resident(app, url):
    assert _client(app, make_tenant()).get(url).status_code == 404


@pytest.mark.parametrize(
    "url", [f"/staff/requests/{HUGE}", f"/staff/requests/files/{2**63}", "/staff/requests/0"]
)
def test_out_of_range_ids_are_404_for_the_desk(app, url):
    assert _client(app, make_staff()).get(url).status_code == 404


def test_nasty_dates_and_filters_are_field_errors_or_ignored(app):
    tenant = make_tenant()
    client = _client(app, tenant)
    for value in ("9999-12-31", "0001-01-01", "2026-02-30", "x" * 500):
        answer = client.post(_new_url(tenant, "renovation"), data=_renovation_form(starts_on=value))
        assert answer.status_code == 422, value
    answer = client.post(
        _new_url(tenant, "tenancy_transfer"),
        data={
            "first_names": "Aino",
            "last_name": "Virtanen",
            "birth_date": "9999-12-31",
            "relationship": "tytär",
            "living_since": "2020-01-01",
        },
    )
    assert answer.status_code == 422
    assert ServiceRequest.select().count() == 0
    staff = _client(app, make_staff())
    assert staff.get("/staff/requests/?kind=%00&status=" + "x" * 300).status_code == 200
    request = _file(app, tenant)
    bad = staff.post(f"/staff/requests/{request.id}/assign", data={"assign-assignee": HUGE})
    assert bad.status_code == 422
    assert "Choose a desk worker from the list." in bad.data.decode()
    assert ServiceRequest.get_by_id(request.id).assigned_to_id is None


def test_dashboard_card_open_for_residents_and_agents_within_scope(app):
    """The card opens for the other resident (disturbance reports) and for an agent whose power
    covers only the renovation permit."""
    tenant = make_tenant()
    agent = make_user(None)
    make_power(tenant, agent, scopes="renovation")
    for user in (_other_resident(tenant), agent):
        page = _client(app, user).get("/my/").data.decode()
        assert 'href="/my/requests/"' in page


def test_desk_message_starts_from_a_reply_template(app):
    """Does a chosen reply template fill the message to the requester in their language, and
    is an unknown template a 404?"""
    from heka_asoy.models import ReplyTemplate

    tenant = make_tenant()
    request = _file(app, tenant)
    template = ReplyTemplate.create(
        name="Ehdot", body_fi="Lupa myönnetään ehdoin", body_sv="Tillstånd med villkor"
    )
    client = _client(app, make_staff())
    url = f"/staff/requests/{request.id}"
    assert "Ehdot" in client.get(url).data.decode()
    assert "Lupa myönnetään ehdoin</textarea>" in client.get(
        f"{url}?template={template.id}"
    ).data.decode()
    assert client.get(f"{url}?template=999999").status_code == 404

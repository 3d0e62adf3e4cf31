"""Service requests: filing each kind within the access table, attachments checked and kept or
refused with nothing written, the desk's status, decision, messages and notes, the resident's
reply, and mail and notices to the requester only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from heka_asoy.domain import service_requests as rules
from heka_asoy.models import Notification, OutboxMail, ServiceRequest
from heka_asoy.models.desk import Attachment, ServiceRequestEvent
from heka_asoy.services import service_requests as sr
from heka_asoy.services.errors import NotFound, Refused
from heka_asoy.services.service_requests import RequestError, Upload
from heka_asoy.storage import storage
from tests.factories import (
    add_other_resident,
    gps_jpeg,
    make_power,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
    scan_pdf,
)


def _in_request(app, fn, *args, **kw):
    """Each call in a request of its own: the access cache is per request, as in the app."""
    with app.test_request_context():
        return fn(*args, **kw)


def _renovation(**kw):
    data = {
        "what": "New parquet in the bedroom",
        "where": "bedroom",
        "starts_on": date.today() + timedelta(days=30),
        "ends_on": date.today() + timedelta(days=35),
        "worker": "contractor",
        "contractor": "Parketti Oy, 040 111 2222",
    }
    data.update(kw)
    return data


DISTURBANCE = {"what": "Loud music", "when": "at night", "how_often": "weekly", "which_flat": ""}


def _file(app, user, kind=rules.RENOVATION, fields=None, uploads=None, flat_id=None):
    fields = fields if fields is not None else (_renovation() if kind == rules.RENOVATION else {})
    return _in_request(
        app, sr.file_request, user, flat_id or user.flat.id, kind, fields, uploads or []
    )


def _other_resident(tenant):
    other = make_user(make_resident())
    add_other_resident(tenant.flat, other.resident)
    return other


def _stored_files(app) -> list[str]:
    return [key for key in storage().keys() if key.startswith("requests/")]


def test_renovation_with_plans_is_received_mailed_and_noticed(app):
    """Is a renovation-permit request with a PDF plan and a photo stored with its files (the
    photo re-encoded without metadata), received, and told to the requester by mail and bell?"""
    user = make_tenant()
    request = _file(
        app,
        user,
        uploads=[Upload("plan.pdf", scan_pdf("Pohjapiirros")), Upload("photo.JPG", gps_jpeg())],
    )
    row = ServiceRequest.get_by_id(request.id)
    assert (row.kind, row.status, row.user_id, row.flat_id) == (
        "renovation",
        "received",
        user.id,
        user.flat.id,
    )
    assert row.data["worker"] == "contractor"
    files = list(Attachment.select().where(Attachment.service_request == row.id))
    assert [(a.filename, a.content_type) for a in files] == [
        ("plan.pdf", "application/pdf"),
        ("photo.jpg", "image/jpeg"),
    ]
    assert all(b"GPS" not in storage().read(key) for key in _stored_files(app))
    (event,) = ServiceRequestEvent.select().where(ServiceRequestEvent.request == row.id)
    assert (event.kind, event.status) == ("status", "received")
    (mail,) = OutboxMail.select()
    assert mail.recipient == user.email
    assert "received" in mail.subject
    (notice,) = Notification.select()
    assert notice.user_id == user.id
    assert notice.url.endswith(f"/my/requests/{row.id}")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"not a file we take", "file_not_document"),
        (b"", "file_empty"),
        (b"%PDF-1.4 broken", "file_pdf_damaged"),
    ],
)
def test_a_bad_attachment_writes_nothing(app, data, code):
    user = make_tenant()
    with pytest.raises(RequestError) as caught:
        _file(app, user, uploads=[Upload("plan.pdf", scan_pdf()), Upload("x.pdf", data)])
    assert (caught.value.code, caught.value.field, caught.value.params["n"]) == (
        code,
        "attachments",
        2,
    )
    assert ServiceRequest.select().count() == 0
    assert Attachment.select().count() == 0
    assert OutboxMail.select().count() == 0
    assert _stored_files(app) == []


def test_too_many_attachments(app):
    user = make_tenant()
    uploads = [Upload(f"{n}.pdf", scan_pdf()) for n in range(rules.MAX_ATTACHMENTS + 1)]
    with pytest.raises(RequestError) as caught:
        _file(app, user, uploads=uploads)
    assert caught.value.code == "too_many_files"
    assert ServiceRequest.select().count() == 0


def test_a_bad_field_is_named_and_nothing_written(app):
    user = make_tenant()
    with pytest.raises(RequestError) as caught:
        _file(app, user, fields=_renovation(contractor=""))
    assert (caught.value.code, caught.value.field) == ("contractor_required", "contractor")
    assert ServiceRequest.select().count() == 0


def test_who_may_file_which_kind(app):
    """Every resident files disturbance, smoking and other; only the lease party (or an agent
    within scope) the renovation permit, tenancy transfer and inspection."""
    tenant = make_tenant()
    other = _other_resident(tenant)
    for kind, fields in (
        (rules.DISTURBANCE, DISTURBANCE),
        (rules.SMOKING, {"where": "balcony", "when": "evenings", "how_often": "daily"}),
        (rules.OTHER, {"subject": "Pihan valot", "details": "Pihalla on pimeää."}),
    ):
        _file(app, other, kind, fields, flat_id=tenant.flat.id)
    for kind in (rules.RENOVATION, rules.TENANCY_TRANSFER, rules.INSPECTION):
        with pytest.raises(Refused):
            _in_request(app, sr.check_kind, other, tenant.flat.id, kind)
        with pytest.raises(Refused):
            _file(app, other, kind, _renovation(), flat_id=tenant.flat.id)
    _file(app, tenant, rules.INSPECTION, {"reason": "Moisture", "preferred_times": "mornings"})
    stranger = make_tenant()
    with pytest.raises(NotFound):
        _file(app, stranger, rules.DISTURBANCE, DISTURBANCE, flat_id=tenant.flat.id)
    with pytest.raises(NotFound):
        _in_request(app, sr.check_kind, tenant, tenant.flat.id, "complaint")


def test_agents_within_scope(app):
    """A renovation power files the permit (and is spent when one-off); a sauna power files
    nothing here."""
    tenant = make_tenant()
    agent = make_user(None)
    make_power(tenant, agent, kind="one_off", scopes="renovation")
    _file(app, agent, flat_id=tenant.flat.id)
    with pytest.raises(NotFound):  # the one-off power was spent by the request
        _file(app, agent, flat_id=tenant.flat.id)
    sauna = make_user(None)
    make_power(tenant, sauna, kind="general", scopes="sauna")
    with pytest.raises(Refused):
        _file(app, sauna, rules.DISTURBANCE, DISTURBANCE, flat_id=tenant.flat.id)


def test_desk_answers_resident_replies_desk_decides(app):
    """Does the first desk message stop the SLA clock and start the handling, a waiting request
    go back to the desk when the resident answers, and a decision with conditions reach the
    resident by mail; while an internal note never does?"""
    user = make_tenant(language="fi")
    staff = make_staff()
    request = _file(app, user)
    _in_request(app, sr.message, staff, request.id, "Lähetä urakoitsijan vakuutustodistus.", True)
    row = ServiceRequest.get_by_id(request.id)
    assert row.status == "waiting_for_resident"
    assert row.first_answered_at is not None
    first_answer = row.first_answered_at
    _in_request(app, sr.add_note, staff, request.id, "Sisäinen: tarkista isännöitsijältä.")
    _in_request(app, sr.reply, user, request.id, "Liitän todistuksen huomenna.")
    assert ServiceRequest.get_by_id(request.id).status == "in_progress"
    _in_request(
        app, sr.decide, staff, request.id, rules.WITH_CONDITIONS, "Vedeneristys tarkastetaan."
    )
    row = ServiceRequest.get_by_id(request.id)
    assert (row.status, row.decision, row.decision_text) == (
        "decided",
        "approved_with_conditions",
        "Vedeneristys tarkastetaan.",
    )
    assert row.first_answered_at == first_answer
    view = _in_request(app, sr.request_view, user, request.id)
    bodies = [e.body for e in view.events]
    assert "Sisäinen: tarkista isännöitsijältä." not in bodies
    assert "Liitän todistuksen huomenna." in bodies
    mails = list(OutboxMail.select().order_by(OutboxMail.id))
    assert {m.recipient for m in mails} == {user.email}
    assert len(mails) == 3  # received, message, decided: not the note, not the reply
    assert all(m.language == "fi" for m in mails)
    assert "Vedeneristys tarkastetaan." in mails[-1].body_text
    assert mails[-1].body_text.startswith("Hei,")  # in Finnish, the user's language
    assert not any("Sisäinen" in m.body_text for m in mails)
    assert Notification.select().where(Notification.user == user.id).count() == 3


def test_decision_rules(app):
    user = make_tenant()
    staff = make_staff()
    request = _file(app, user)
    with pytest.raises(RequestError) as caught:
        _in_request(app, sr.decide, staff, request.id, rules.REFUSED, " ")
    assert caught.value.code == "text_required"
    report = _file(app, user, rules.DISTURBANCE, DISTURBANCE)
    with pytest.raises(RequestError) as caught:
        _in_request(app, sr.decide, staff, report.id, rules.APPROVED, "")
    assert caught.value.code == "decision"
    assert ServiceRequest.get_by_id(report.id).status == "received"


def test_closed_request_takes_no_reply_but_can_be_reopened(app):
    user = make_tenant()
    staff = make_staff()
    request = _file(app, user)
    _in_request(app, sr.set_status, staff, request.id, "closed")
    with pytest.raises(RequestError) as caught:
        _in_request(app, sr.reply, user, request.id, "Vielä yksi asia")
    assert caught.value.code == "closed"
    with pytest.raises(RequestError):
        _in_request(app, sr.set_status, staff, request.id, "waiting_for_resident")
    _in_request(app, sr.set_status, staff, request.id, "in_progress")
    assert ServiceRequest.get_by_id(request.id).status == "in_progress"


def test_status_changed_meanwhile_is_a_conflict(app):
    """Two desk workers: the second's change, read before the first wrote, changes nothing."""
    from heka_asoy.services.service_requests import desk

    user = make_tenant()
    request = _file(app, user)
    stale = ServiceRequest.get_by_id(request.id)
    ServiceRequest.update(status="in_progress").where(ServiceRequest.id == request.id).execute()
    with pytest.raises(RequestError) as caught:
        desk._move(stale, status="closed")
    assert caught.value.code == "conflict"
    assert ServiceRequest.get_by_id(request.id).status == "in_progress"


def test_assign_only_to_desk_workers(app):
    user = make_tenant()
    staff = make_staff()
    request = _file(app, user)
    with pytest.raises(RequestError):
        _in_request(app, sr.assign, staff, request.id, user.id)
    _in_request(app, sr.assign, staff, request.id, staff.id)
    assert ServiceRequest.get_by_id(request.id).assigned_to_id == staff.id
    mine = _in_request(app, sr.desk_list, staff, "", "open", True)
    assert [r.id for r in mine.requests] == [request.id]
    assert OutboxMail.select().count() == 1  # only the receipt: assignment is not mailed


def test_desk_list_filters(app):
    user = make_tenant()
    staff = make_staff()
    renovation = _file(app, user)
    report = _file(app, user, rules.DISTURBANCE, DISTURBANCE)
    _in_request(app, sr.set_status, staff, report.id, "closed")
    assert [r.id for r in sr.desk_list(staff).requests] == [renovation.id]
    assert [r.id for r in sr.desk_list(staff, status="closed").requests] == [report.id]
    assert [r.id for r in sr.desk_list(staff, kind="disturbance").requests] == []
    assert {r.id for r in sr.desk_list(staff, status="all").requests} == {
        renovation.id,
        report.id,
    }
    assert sr.desk_list(staff, kind="bogus", status="bogus").status == "open"


# --- privacy ---------------------------------------------------------------------------------


def test_a_disturbance_report_is_seen_by_its_requester_and_the_desk_only(app):
    """A report naming the neighbour's flat: the neighbour, the neighbour's other resident, the
    reporter's own flat-mates and everyone else find nothing of it (404 and empty lists), and
    every mail about it goes to the reporter alone."""
    reporter = make_tenant()
    neighbour = make_tenant()
    neighbour_mate = _other_resident(neighbour)
    flat_mate = _other_resident(reporter)
    stranger = make_tenant()
    number = neighbour.flat.number
    report = _file(
        app,
        reporter,
        rules.DISTURBANCE,
        {**DISTURBANCE, "which_flat": f"{neighbour.flat.building.street_address} {number}"},
    )
    staff = make_staff()
    _in_request(app, sr.message, staff, report.id, "Olemme yhteydessä naapuriin.", True)
    _in_request(app, sr.add_note, staff, report.id, "Soitettu isännöitsijälle.")
    _in_request(app, sr.set_status, staff, report.id, "closed")
    for user in (neighbour, neighbour_mate, flat_mate, stranger):
        with pytest.raises(NotFound):
            _in_request(app, sr.request_view, user, report.id)
        with pytest.raises(NotFound):
            _in_request(app, sr.reply, user, report.id, "?")
        page = _in_request(app, sr.start_page, user, None)
        assert page.requests == []
    assert [r.id for r in _in_request(app, sr.start_page, reporter, None).requests] == [report.id]
    assert {m.recipient for m in OutboxMail.select()} == {reporter.email}
    assert {n.user_id for n in Notification.select()} == {reporter.id}

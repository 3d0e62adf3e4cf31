"""The message pages: /my/messages (every resident, not agents), /my/cases, and the desk's
/staff/messages, from every role; HTMX reply and poll; CSRF; bad attachments; query counts."""

from __future__ import annotations

import io
import re

import pytest

from heka_asoy import create_app
from heka_asoy.models import Attachment, Message, MessageThread, OutboxMail, ServiceRequest
from heka_asoy.services import messages
from tests.factories import (
    add_other_resident,
    file_fault_report,
    login,
    make_power,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
    scan_pdf,
)

HX = {"HX-Request": "true"}


def _client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def _other_resident(tenant):
    other = make_user(make_resident())
    add_other_resident(tenant.flat, other.resident)
    other.flat = tenant.flat
    return other


def _thread(app, user, subject="Rent reference"):
    with app.test_request_context():
        return messages.start_thread(user, user.flat.id, "rent", subject, "Which one?", [])


def _new(client, flat_id, **kw):
    data = {
        "flat": str(flat_id),
        "topic": "tenant_democracy",
        "subject": "Residents' meeting",
        "body": "When is the next meeting?",
    }
    data.update(kw)
    return client.post("/my/messages/new", data=data, content_type="multipart/form-data")


def test_lease_party_and_other_resident_send_a_message(app):
    """Do the lease party and an other resident each send a message and see it in their list?"""
    tenant = make_tenant()
    other = _other_resident(tenant)
    for user in (tenant, other):
        client = _client(app, user)
        assert client.get("/my/messages/").status_code == 200
        assert client.get("/my/messages/new").status_code == 200
        response = _new(client, tenant.flat.id)
        assert response.status_code == 302
        thread = MessageThread.get(MessageThread.user == user)
        assert response.headers["Location"].endswith(f"/my/messages/{thread.id}")
        page = client.get("/my/messages/").data.decode()
        assert "Residents&#39; meeting" in page
        assert "Tenant democracy" in page
    assert OutboxMail.select().where(OutboxMail.kind == "message_received").count() == 2


def test_agent_staff_and_visitor_are_kept_out(app):
    tenant = make_tenant()
    agent = make_user()
    make_power(tenant, agent)
    client = _client(app, agent)
    for path in ("/my/messages/", "/my/messages/new"):
        assert client.get(path).status_code == 403
    assert _new(client, tenant.flat.id).status_code == 403
    assert _client(app, make_staff()).get("/my/messages/").status_code == 403
    assert app.test_client().get("/my/messages/").status_code == 302
    assert MessageThread.select().count() == 0


def test_another_flats_or_users_thread_is_404_and_unchanged(app):
    """Is a thread of another user (a second flat, or the same flat's other resident) a 404 for
    reading, replying and its files, with nothing changed?"""
    tenant = make_tenant()
    with app.test_request_context():
        thread = messages.start_thread(
            tenant,
            tenant.flat.id,
            "rent",
            "Mine",
            "x",
            [messages.Upload("a.pdf", scan_pdf())],
        )
    attachment = Attachment.get()
    for user in (make_tenant(), _other_resident(tenant)):
        client = _client(app, user)
        assert client.get(f"/my/messages/{thread.id}").status_code == 404
        reply = client.post(f"/my/messages/{thread.id}/reply", data={"body": "hi"})
        assert reply.status_code == 404
        assert client.get(f"/my/messages/file/{attachment.id}").status_code == 404
    stranger = make_tenant()
    assert _new(_client(app, stranger), tenant.flat.id).status_code == 404
    assert Message.select().count() == 1
    assert MessageThread.select().count() == 1
    owner = _client(app, tenant)
    download = owner.get(f"/my/messages/file/{attachment.id}")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]


def test_bad_attachment_is_a_field_error_and_nothing_is_written(app):
    tenant = make_tenant()
    client = _client(app, tenant)
    response = _new(client, tenant.flat.id, attachments=[(io.BytesIO(b"not a pdf"), "x.pdf")])
    assert response.status_code == 200
    page = response.data.decode()
    assert 'id="attachments-error"' in page
    assert "File 1 is of a kind we do not accept" in page
    assert MessageThread.select().count() == 0
    assert OutboxMail.select().count() == 0


def test_empty_fields_are_field_errors(app):
    tenant = make_tenant()
    response = _new(_client(app, tenant), tenant.flat.id, subject="", body="", topic="")
    page = response.data.decode()
    for name in ("topic", "subject", "body"):
        assert f'id="{name}-error"' in page
    assert MessageThread.select().count() == 0


def test_thread_page_hides_internal_notes_and_reply_with_htmx(app):
    """Does the thread show the desk's answer but never an internal note; does an HTMX reply
    come back as the messages block with the new message and a fresh form out of band?"""
    tenant = make_tenant()
    staff = make_staff()
    thread = _thread(app, tenant)
    with app.test_request_context():
        messages.add_note(staff, thread.id, "Secret desk note")
        messages.answer(staff, thread.id, "Use the invoice's reference.")
    client = _client(app, tenant)
    page = client.get(f"/my/messages/{thread.id}").data.decode()
    assert "Use the invoice&#39;s reference." in page
    assert "Secret desk note" not in page
    assert 'data-hx-trigger="every 10s"' in page

    response = client.post(f"/my/messages/{thread.id}/reply", data={"body": "Thanks!"}, headers=HX)
    assert response.status_code == 200
    fragment = response.data.decode()
    assert "<html" not in fragment
    assert 'id="thread-messages"' in fragment
    assert "Thanks!" in fragment
    assert "data-focus-after-swap" in fragment
    assert 'id="reply-form"' in fragment
    assert 'data-hx-swap-oob="true"' in fragment
    assert "Secret desk note" not in fragment
    assert MessageThread.get_by_id(thread.id).status == "open"


def test_reply_without_htmx_redirects_and_reopens(app):
    tenant = make_tenant()
    thread = _thread(app, tenant)
    with app.test_request_context():
        messages.set_status(make_staff(), thread.id, "closed")
    client = _client(app, tenant)
    response = client.post(f"/my/messages/{thread.id}/reply", data={"body": "Again"})
    assert response.status_code == 302
    assert MessageThread.get_by_id(thread.id).status == "open"


def test_empty_reply_is_a_field_error(app):
    tenant = make_tenant()
    thread = _thread(app, tenant)
    response = _client(app, tenant).post(
        f"/my/messages/{thread.id}/reply", data={"body": " "}, headers=HX
    )
    assert response.status_code == 200
    assert 'id="body-error"' in response.data.decode()
    assert response.headers["HX-Retarget"] == "#reply-form"
    assert "data-hx-swap-oob" not in response.data.decode()
    assert Message.select().count() == 1


def test_poll_is_204_until_something_changes(app):
    tenant = make_tenant()
    thread = _thread(app, tenant)
    client = _client(app, tenant)
    page = client.get(f"/my/messages/{thread.id}").data.decode()
    poll = re.search(r'data-hx-get="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert client.get(poll, headers=HX).status_code == 204
    with app.test_request_context():
        messages.answer(make_staff(), thread.id, "Answer")
    changed = client.get(poll, headers=HX)
    assert changed.status_code == 200
    assert "Answer" in changed.data.decode()
    assert 'id="reply-form"' not in changed.data.decode()  # a poll never touches the form


def test_my_cases_lists_every_kind(app):
    tenant = make_tenant()
    report = file_fault_report(app, tenant)
    thread = _thread(app, tenant)
    ServiceRequest.create(flat=tenant.flat, user=tenant, kind="smoking")
    page = _client(app, tenant).get("/my/cases").data.decode()
    assert f'href="/my/faults/{report.id}"' in page
    assert f'href="/my/messages/{thread.id}"' in page
    assert "Smoking in the building" in page
    other = _client(app, make_tenant()).get("/my/cases").data.decode()
    assert "Rent reference" not in other


def test_dashboard_links_messages_and_cases(app):
    page = _client(app, make_tenant()).get("/my/").data.decode()
    assert 'href="/my/messages/"' in page
    assert 'href="/my/cases"' in page


def _queries(client, count_queries, path):
    client.get(path)
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200
    return counter.count


def test_lists_have_constant_query_counts(app, count_queries):
    tenant = make_tenant()
    staff = make_staff()
    _thread(app, tenant)
    file_fault_report(app, tenant)
    client = _client(app, tenant)
    desk = _client(app, staff)
    few = {
        path: _queries(c, count_queries, path)
        for c, path in (
            (client, "/my/messages/"),
            (client, "/my/cases"),
            (desk, "/staff/messages/?status=all"),
        )
    }
    for n in range(4):
        thread = _thread(app, tenant, subject=f"S{n}")
        with app.test_request_context():
            messages.answer(staff, thread.id, "answer")
            messages.assign(staff, thread.id, staff.id)
        file_fault_report(app, tenant)
        ServiceRequest.create(flat=tenant.flat, user=tenant, kind="other")
    _thread(app, make_tenant())
    for c, path in (
        (client, "/my/messages/"),
        (client, "/my/cases"),
        (desk, "/staff/messages/?status=all"),
    ):
        assert _queries(c, count_queries, path) == few[path], path


# --- the desk ------------------------------------------------------------------------------


def test_desk_pages_are_staff_only(app):
    tenant = make_tenant()
    thread = _thread(app, tenant)
    for user in (tenant, _other_resident(tenant)):
        client = _client(app, user)
        assert client.get("/staff/messages/").status_code == 403
        assert client.get(f"/staff/messages/{thread.id}").status_code == 403
        assert (
            client.post(
                f"/staff/messages/{thread.id}/answer", data={"answer-body": "x"}
            ).status_code
            == 403
        )
    assert Message.select().count() == 1
    desk = _client(app, make_staff())
    assert desk.get("/staff/messages/").status_code == 200
    assert desk.get("/staff/messages/99999").status_code == 404


def test_desk_answers_notes_closes_and_assigns(app):
    tenant = make_tenant()
    staff = make_staff()
    thread = _thread(app, tenant)
    desk = _client(app, staff)
    page = desk.get(f"/staff/messages/{thread.id}").data.decode()
    assert "Which one?" in page
    base = f"/staff/messages/{thread.id}"
    assert desk.post(f"{base}/note", data={"note-body": "Internal"}).status_code == 302
    assert desk.post(f"{base}/answer", data={"answer-body": "Answer"}).status_code == 302
    page = desk.get(base).data.decode()
    assert "Internal note" in page
    thread = MessageThread.get_by_id(thread.id)
    assert thread.status == "answered"
    assert thread.first_answered_at is not None
    mails = OutboxMail.select().where(OutboxMail.kind == "message_answer")
    assert [m.recipient for m in mails] == [tenant.email]
    assert "Internal" not in mails[0].body_text
    assert desk.post(f"{base}/status", data={"status-status": "closed"}).status_code == 302
    assert MessageThread.get_by_id(thread.id).status == "closed"
    assert desk.post(f"{base}/status", data={"status-status": "open"}).status_code == 302
    assert MessageThread.get_by_id(thread.id).status == "open"
    other_staff = make_staff()
    desk.post(f"{base}/assign", data={"assign-worker": str(other_staff.id)})
    assert MessageThread.get_by_id(thread.id).assigned_to_id == other_staff.id
    desk.post(f"{base}/assign", data={"assign-worker": str(tenant.id)})
    assert MessageThread.get_by_id(thread.id).assigned_to_id == other_staff.id
    empty = desk.post(f"{base}/answer", data={"answer-body": ""})
    assert empty.status_code == 200
    assert 'id="answer-body-error"' in empty.data.decode()
    listed = desk.get("/staff/messages/?status=open").data.decode()
    assert f'href="/staff/messages/{thread.id}"' in listed
    assert (
        f'href="/staff/messages/{thread.id}"'
        not in desk.get("/staff/messages/?status=closed").data.decode()
    )


# --- CSRF ----------------------------------------------------------------------------------


@pytest.fixture
def strict_app(app_config):
    app_config.update(WTF_CSRF_ENABLED=True)
    from tests.conftest import _fresh_g_per_request

    app = create_app(app_config)
    _fresh_g_per_request(app)
    with app.app_context():
        yield app


def test_message_forms_need_the_csrf_token(strict_app):
    tenant = make_tenant()
    client = strict_app.test_client()
    page = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"email": tenant.email, "password": "Salasana-1!", "csrf_token": token}
    )
    data = {"flat": str(tenant.flat.id), "topic": "other", "subject": "S", "body": "B"}
    assert client.post("/my/messages/new", data=data).status_code == 400
    assert MessageThread.select().count() == 0
    page = client.get("/my/messages/new").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/my/messages/new", data={**data, "csrf_token": token}).status_code == 302
    thread = MessageThread.get()
    assert client.post(f"/my/messages/{thread.id}/reply", data={"body": "again"}).status_code == 400
    assert Message.select().count() == 1


def test_thread_pages_have_constant_query_counts(app, count_queries):
    """Do the resident's and the desk's thread pages read as much with one message as with
    many (answers, notes, attachments)?"""
    tenant = make_tenant()
    staff = make_staff()
    thread = _thread(app, tenant)
    client = _client(app, tenant)
    desk = _client(app, staff)
    mine, desks = f"/my/messages/{thread.id}", f"/staff/messages/{thread.id}"
    few = (_queries(client, count_queries, mine), _queries(desk, count_queries, desks))
    with app.test_request_context():
        for n in range(3):
            messages.answer(staff, thread.id, f"answer {n}")
            messages.add_note(make_staff(), thread.id, f"note {n}")
            messages.reply(tenant, thread.id, f"reply {n}", [messages.Upload("a.pdf", scan_pdf())])
    assert (_queries(client, count_queries, mine), _queries(desk, count_queries, desks)) == few


def test_desk_answer_starts_from_a_reply_template_in_the_residents_language(app):
    """Does choosing a reply template fill the answer with its text in the resident's language
    (Finnish where that language is empty), and is an unknown template a 404?"""
    from heka_asoy.models import ReplyTemplate, User

    tenant = make_tenant()
    User.update(language="sv").where(User.id == tenant.id).execute()
    thread = _thread(app, tenant)
    swedish = ReplyTemplate.create(
        name="Hyra", body_fi="Vuokra erääntyy", body_sv="Hyran förfaller"
    )
    finnish_only = ReplyTemplate.create(name="Avaimet", body_fi="Avaimet BLC Turvasta")
    desk = _client(app, make_staff())
    page = desk.get(f"/staff/messages/{thread.id}").data.decode()
    assert 'name="template"' in page
    assert "Hyra" in page
    assert (
        "Hyran förfaller</textarea>"
        in desk.get(f"/staff/messages/{thread.id}?template={swedish.id}").data.decode()
    )
    assert (
        "Avaimet BLC Turvasta</textarea>"
        in desk.get(f"/staff/messages/{thread.id}?template={finnish_only.id}").data.decode()
    )
    assert desk.get(f"/staff/messages/{thread.id}?template=999999").status_code == 404

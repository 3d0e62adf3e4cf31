"""Messages between a resident and the asoy desk: threads, replies, internal notes, status,
attachments, mails with threading headers and the resident's list of cases."""

from __future__ import annotations

import pytest

from heka_asoy.domain import reply_tokens
from heka_asoy.domain.contacts import ASOY_DESK_EMAIL
from heka_asoy.models import (
    Attachment,
    FaultReport,
    Message,
    MessageThread,
    Notification,
    OutboxMail,
    ServiceRequest,
)
from heka_asoy.services import messages
from heka_asoy.services.errors import NotFound, Refused
from heka_asoy.services.mailer import send_due
from heka_asoy.services.messages import MessageError, Upload
from tests.factories import (
    add_other_resident,
    file_fault_report,
    gps_jpeg,
    make_power,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
    scan_pdf,
)


def _start(app, user, **kw):
    data = {
        "topic": "rent",
        "subject": "Rent reference",
        "body": "Which reference do I use?",
        "uploads": [],
    }
    data.update(kw)
    with app.test_request_context():
        return messages.start_thread(user, user.flat.id, **data)


def test_start_thread_writes_thread_message_and_receipt(app):
    """Does a new message make a thread with a reply token, a first message with a Message-ID
    and a receipt mail to the resident, tagged and threaded?"""
    user = make_tenant()
    thread = _start(app, user)
    assert thread.status == "open"
    assert reply_tokens.is_token(thread.reply_token)
    assert thread.flat_id == user.flat.id
    first = Message.get(Message.thread == thread)
    assert first.message_id.startswith("<")
    assert first.message_id.endswith("@hekaoy.fi>")
    mail = OutboxMail.get()
    assert mail.kind == "message_received"
    assert mail.recipient == user.email
    assert reply_tokens.token_in_subject(mail.subject) == thread.reply_token
    assert mail.headers["Message-ID"] == first.message_id
    assert mail.headers["Reply-To"] == reply_tokens.reply_address(
        ASOY_DESK_EMAIL, thread.reply_token
    )
    assert "In-Reply-To" not in mail.headers


def test_start_thread_refuses_bad_input_and_writes_nothing(app):
    """Are an unknown topic, an empty subject and an empty body refused with nothing written?"""
    user = make_tenant()
    for kw, code in (
        ({"topic": "bogus"}, "topic"),
        ({"subject": "  "}, "subject"),
        ({"body": ""}, "empty"),
    ):
        with pytest.raises(MessageError) as caught:
            _start(app, user, **kw)
        assert caught.value.code == code
    assert MessageThread.select().count() == 0
    assert OutboxMail.select().count() == 0


def test_attachments_pdf_and_image_are_checked_and_stored(app):
    """Is a PDF kept and an image re-encoded without its GPS position; is a bad file refused
    with its number and nothing (rows nor files) left behind?"""
    user = make_tenant()
    thread = _start(
        app,
        user,
        uploads=[Upload("lasku.pdf", scan_pdf("Lasku")), Upload("../../kuva.jpeg", gps_jpeg())],
    )
    rows = list(Attachment.select().order_by(Attachment.id))
    assert [(r.filename, r.content_type) for r in rows] == [
        ("lasku.pdf", "application/pdf"),
        ("kuva.jpg", "image/jpeg"),
    ]
    import io

    from PIL import Image

    from heka_asoy.storage import storage

    with Image.open(io.BytesIO(storage().read(rows[1].storage_key))) as image:
        assert not image.getexif()
    before = sorted(storage().keys())
    with pytest.raises(MessageError) as caught, app.test_request_context():
        messages.reply(
            user, thread.id, "two", [Upload("a.pdf", scan_pdf()), Upload("b.exe", b"MZ\x90")]
        )
    assert caught.value.code == "file_not_document"
    assert caught.value.params["n"] == 2
    after = sorted(storage().keys())
    assert after == before
    assert Message.select().count() == 1


def test_pdf_with_javascript_is_refused(app):
    """Is a PDF that carries scripts refused (the powers' PDF checks, reused)?"""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): DictionaryObject()}
    )
    out = io.BytesIO()
    writer.write(out)
    user = make_tenant()
    with pytest.raises(MessageError) as caught:
        _start(app, user, uploads=[Upload("x.pdf", out.getvalue())])
    assert caught.value.code == "file_pdf_active"


def test_other_resident_may_write_agent_may_not(app):
    """May an other resident write to the desk, and is an agent (power of attorney) refused?"""
    tenant = make_tenant()
    other = make_user(make_resident())
    add_other_resident(tenant.flat, other.resident)
    with app.test_request_context():
        thread = messages.start_thread(other, tenant.flat.id, "other", "Sauna", "Hello", [])
    assert thread.user_id == other.id
    agent = make_user()
    make_power(tenant, agent)
    with app.test_request_context(), pytest.raises(Refused):
        messages.threads_page(agent)
    with app.test_request_context(), pytest.raises(Refused):
        messages.start_thread(agent, tenant.flat.id, "other", "x", "y", [])


def test_another_users_thread_is_not_found(app):
    """Is another resident's thread (also of the same flat) NotFound, and unchanged?"""
    tenant = make_tenant()
    thread = _start(app, tenant)
    other = make_user(make_resident())
    add_other_resident(tenant.flat, other.resident)
    stranger = make_tenant()
    for user in (other, stranger):
        with app.test_request_context():
            with pytest.raises(NotFound):
                messages.thread_view(user, thread.id)
            with pytest.raises(NotFound):
                messages.reply(user, thread.id, "hi", [])
    assert Message.select().count() == 1
    with app.test_request_context(), pytest.raises(NotFound):
        messages.start_thread(stranger, tenant.flat.id, "other", "x", "y", [])


def test_desk_answer_note_and_reopen(app):
    """Does the desk's answer set the status, the first answer time and the assignee, mail the
    resident threaded, notify them in their language; is an internal note never shown; does a
    resident's message to a closed thread reopen it?"""
    user = make_tenant(language="sv")
    staff = make_staff()
    thread = _start(app, user)
    first = Message.get(Message.thread == thread)
    with app.test_request_context():
        note = messages.add_note(staff, thread.id, "Check the ledger first")
        answer = messages.answer(staff, thread.id, "Use the reference on the invoice.")
    thread = MessageThread.get_by_id(thread.id)
    assert thread.status == "answered"
    assert thread.first_answered_at is not None
    assert thread.assigned_to_id == staff.id
    assert note.internal
    assert note.message_id is None
    assert answer.in_reply_to == first.message_id
    mail = OutboxMail.get(OutboxMail.kind == "message_answer")
    assert mail.language == "sv"
    assert mail.headers == {
        "Message-ID": answer.message_id,
        "In-Reply-To": first.message_id,
        "References": first.message_id,
        "Reply-To": reply_tokens.reply_address(ASOY_DESK_EMAIL, thread.reply_token),
    }
    assert "Check the ledger" not in mail.body_text
    notice = Notification.get(Notification.user == user)
    assert notice.kind == "message_answer"
    assert "Rent reference" in notice.text  # words in the user's language once catalogued
    assert notice.url.endswith(f"/my/messages/{thread.id}")

    with app.test_request_context():
        view = messages.thread_view(user, thread.id)
    assert [m.body for m in view.messages] == [first.body, answer.body]
    assert Message.get_by_id(answer.id).read_at is not None

    first_answered = thread.first_answered_at
    with app.test_request_context():
        messages.set_status(staff, thread.id, "closed")
        messages.reply(user, thread.id, "One more question", [])
        second = messages.answer(staff, thread.id, "Here you go.")
    thread = MessageThread.get_by_id(thread.id)
    assert thread.first_answered_at == first_answered
    mail = OutboxMail.select().where(OutboxMail.kind == "message_answer").order_by(
        OutboxMail.id.desc()
    ).get()
    resident_reply = Message.get(Message.body == "One more question")
    assert mail.headers["In-Reply-To"] == resident_reply.message_id
    assert mail.headers["References"] == f"{first.message_id} {resident_reply.message_id}"
    assert mail.headers["Message-ID"] == second.message_id


def test_reply_reopens_a_closed_thread(app):
    user = make_tenant()
    staff = make_staff()
    thread = _start(app, user)
    with app.test_request_context():
        messages.set_status(staff, thread.id, "closed")
        assert MessageThread.get_by_id(thread.id).status == "closed"
        messages.reply(user, thread.id, "Still there?", [])
    assert MessageThread.get_by_id(thread.id).status == "open"


def test_poll_answers_none_when_nothing_changed(app):
    """Does the thread's poll read nothing more when the version is unchanged, and see an
    answer (but not an internal note) as a change?"""
    user = make_tenant()
    staff = make_staff()
    thread = _start(app, user)
    with app.test_request_context():
        version = messages.thread_view(user, thread.id).version
        assert messages.thread_view(user, thread.id, unless_version=version) is None
        messages.add_note(staff, thread.id, "internal")
        assert messages.thread_view(user, thread.id, unless_version=version) is None
        messages.answer(staff, thread.id, "answer")
        assert messages.thread_view(user, thread.id, unless_version=version) is not None


def test_unread_count_in_the_list(app):
    user = make_tenant()
    staff = make_staff()
    thread = _start(app, user)
    with app.test_request_context():
        messages.answer(staff, thread.id, "answer")
        messages.add_note(staff, thread.id, "internal")
        assert [t.unread for t in messages.threads_page(user).threads] == [1]
        messages.thread_view(user, thread.id)
        assert [t.unread for t in messages.threads_page(user).threads] == [0]


def test_assign_and_desk_list(app):
    user = make_tenant()
    staff = make_staff()
    thread = _start(app, user)
    with app.test_request_context():
        messages.assign(staff, thread.id, staff.id)
        with pytest.raises(MessageError):
            messages.assign(staff, thread.id, user.id)  # a resident is no desk worker
        listed = messages.desk_list("open").threads
        assert [(t.id, t.assigned_to.id, t.user.email) for t in listed] == [
            (thread.id, staff.id, user.email)
        ]
        assert messages.desk_list("closed").threads == []
        messages.assign(staff, thread.id, None)
    assert MessageThread.get_by_id(thread.id).assigned_to_id is None


def test_my_cases_lists_faults_threads_and_requests(app):
    """Does the list hold the faults of the user's flat, their own threads and their own
    service requests, and nothing of another flat's or another user's?"""
    user = make_tenant()
    report = file_fault_report(app, user)
    thread = _start(app, user)
    request_row = ServiceRequest.create(flat=user.flat, user=user, kind="smoking")
    stranger = make_tenant()
    file_fault_report(app, stranger)
    _start(app, stranger)
    ServiceRequest.create(flat=stranger.flat, user=stranger, kind="smoking")
    with app.test_request_context():
        rows = messages.my_cases(user)
    assert {(r.kind, r.id) for r in rows} == {
        ("fault", report.id),
        ("message", thread.id),
        ("service_request", request_row.id),
    }
    by_kind = {r.kind: r for r in rows}
    assert by_kind["message"].url == f"/my/messages/{thread.id}"
    assert by_kind["fault"].url == f"/my/faults/{report.id}"
    # The service request pages are built elsewhere: without them the row has no link.
    assert by_kind["service_request"].url is None or "/" in by_kind["service_request"].url
    assert FaultReport.select().count() == 2


def test_sent_answer_carries_threading_headers(app, smtp_server):
    """Does the mail the SMTP server receives carry the Message-ID, In-Reply-To, References and
    Reply-To the thread stored, and the token in its subject?"""
    user = make_tenant()
    staff = make_staff()
    thread = _start(app, user)
    first = Message.get(Message.thread == thread)
    with app.test_request_context():
        answer = messages.answer(staff, thread.id, "Use the reference on the invoice.")
    assert send_due() == {"sent": 2, "failed": 0}
    received, answered = smtp_server.messages
    assert received["Message-ID"] == first.message_id
    assert answered["Message-ID"] == answer.message_id
    assert answered["In-Reply-To"] == first.message_id
    assert answered["References"] == first.message_id
    assert answered["Reply-To"] == reply_tokens.reply_address(ASOY_DESK_EMAIL, thread.reply_token)
    assert reply_tokens.token_in_subject(answered["Subject"]) == thread.reply_token
    assert "Use the reference on the invoice." in answered.get_body(("plain",)).get_content()


def test_answer_to_a_mailbox_case_goes_to_the_sender(app):
    """Is the desk's answer to a thread from the desk mailbox (no account) mailed to the sender
    in Finnish, threaded on the mail it answers, with no notice written?"""
    staff = make_staff()
    thread = MessageThread.create(
        subject="Kysymys", source="email", sender_email="someone@example.org",
        reply_token=reply_tokens.new_token(),
    )
    mail_in = Message.create(
        thread=thread, body="Hei", source="email", message_id="<abc@mail.example.org>"
    )
    with app.test_request_context():
        answer = messages.answer(staff, thread.id, "Vastaus")
    mail = OutboxMail.get()
    assert mail.recipient == "someone@example.org"
    assert mail.language == "fi"
    assert mail.headers["In-Reply-To"] == mail_in.message_id
    assert mail.headers["Message-ID"] == answer.message_id
    assert "/my/messages" not in mail.body_text
    assert Notification.select().count() == 0


def test_two_desk_answers_keep_the_first_answer_time(app):
    """Does a second answer leave ``first_answered_at`` (the SLA stop) as the first set it?"""
    import time_machine

    user = make_tenant()
    staff = make_staff()
    thread = _start(app, user)
    with app.test_request_context():
        with time_machine.travel("2026-03-02 10:00:00+00:00", tick=False):
            messages.answer(staff, thread.id, "first")
        with time_machine.travel("2026-03-04 10:00:00+00:00", tick=False):
            messages.answer(staff, thread.id, "second")
    stored = MessageThread.get_by_id(thread.id).first_answered_at
    assert (stored.year, stored.month, stored.day) == (2026, 3, 2)


def test_answer_files_travel_with_the_mail(app, smtp_server):
    """Are the files the desk attaches to an answer attached to the mail the resident gets?"""
    user = make_tenant()
    staff = make_staff()
    thread = _start(app, user)
    with app.test_request_context():
        messages.answer(staff, thread.id, "See the form.", [Upload("lomake.pdf", scan_pdf())])
    send_due()
    answered = smtp_server.messages[-1]
    files = [(p.get_filename(), p.get_content_type()) for p in answered.iter_attachments()]
    assert files == [("lomake.pdf", "application/pdf")]

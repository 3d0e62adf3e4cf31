"""The desk's triage of mailbox cases: link to a resident and flat, answer by mail, spam."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from heka_asoy.domain.contacts import ASOY_DESK_EMAIL
from heka_asoy.domain.reply_tokens import reply_address, token_in_subject
from heka_asoy.models import AuditLog, Message, MessageThread, OutboxMail
from heka_asoy.services import mailbox
from heka_asoy.services.errors import NotFound
from heka_asoy.services.mailbox import triage
from heka_asoy.services.mailbox.triage import MailboxError
from tests.factories import make_flat, make_lease, make_resident, make_staff, make_user


def raw(sender="stranger@example.org", subject="Avain hukassa", body="Hei!", **headers) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ASOY_DESK_EMAIL
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="example.org")
    for name, value in headers.items():
        del msg[name.replace("_", "-")]
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return bytes(msg)


def _case(**kw) -> MessageThread:
    assert mailbox.take(raw(**kw)) == "new"
    return MessageThread.select().order_by(MessageThread.id.desc()).get()


def test_triage_queue_lists_unknown_senders_only(app):
    _case()
    resident = make_resident(email="known@example.fi")
    make_lease(make_flat(), [resident])
    _case(sender="known@example.fi")
    items = triage.triage_queue()
    assert [i.thread.sender_email for i in items] == ["stranger@example.org"]
    assert items[0].first.body == "Hei!"


def test_search_and_link_to_a_resident_and_flat(app):
    thread = _case()
    resident = make_resident(first_names="Maija", last_name="Möttönen", email="maija@example.fi")
    flat = make_flat()
    make_lease(flat, [resident])
    user = make_user(resident, language="sv")
    staff = make_staff()
    matches = triage.search_register("mÖttönen maija")
    assert [(m.resident_id, [f.flat_id for f in m.flats]) for m in matches] == [
        (resident.id, [flat.id])
    ]
    assert triage.search_register("maija@example") == matches
    linked = triage.link(staff, thread.id, resident.id, flat.id)
    assert (linked.user_id, linked.flat_id, linked.needs_triage) == (user.id, flat.id, False)
    assert AuditLog.get(AuditLog.action == "mailbox.link").actor_id == staff.id
    assert triage.triage_queue() == []


def test_link_refuses_a_flat_that_is_not_the_persons_home(app):
    thread = _case()
    resident = make_resident()
    make_lease(make_flat(), [resident])
    other_flat = make_flat()
    with pytest.raises(MailboxError) as caught:
        triage.link(make_staff(), thread.id, resident.id, other_flat.id)
    assert caught.value.code == "not_a_home"
    assert MessageThread.get_by_id(thread.id).needs_triage


def test_answer_goes_through_the_outbox_threaded_and_the_reply_finds_the_case(app):
    """Is the answer queued to the sender with the token in the subject and its Message-ID kept,
    so that a reply by References alone, or by the +token address, joins the case?"""
    thread = _case()
    staff = make_staff()
    message = triage.answer(staff, thread.id, "Avaimen saa BLC Turvasta.")
    mail = OutboxMail.get()
    assert mail.recipient == "stranger@example.org"
    assert token_in_subject(mail.subject) == thread.reply_token
    assert mail.subject.startswith("Re: Avain hukassa")
    assert "Avaimen saa BLC Turvasta." in mail.body_text
    assert reply_address(ASOY_DESK_EMAIL, thread.reply_token) in mail.body_text
    assert message.message_id.endswith("@hekaoy.fi>")
    assert message.in_reply_to == thread.messages.where(~Message.from_staff).get().message_id
    # The headers every desk answer carries, so the sender's mail client threads it.
    assert mail.headers["Message-ID"] == message.message_id
    assert mail.headers["In-Reply-To"] == message.in_reply_to
    assert message.in_reply_to in mail.headers["References"]
    assert mail.headers["Reply-To"] == reply_address(ASOY_DESK_EMAIL, thread.reply_token)
    thread = MessageThread.get_by_id(thread.id)
    assert (thread.status, thread.needs_triage) == ("answered", False)
    assert thread.first_answered_at is not None

    assert mailbox.take(raw(subject="Kiitos", References=message.message_id)) == "reply"
    assert mailbox.take(raw(subject="Vielä", To=reply_address(ASOY_DESK_EMAIL,
                                                              thread.reply_token))) == "reply"
    assert MessageThread.select().count() == 1
    assert MessageThread.get_by_id(thread.id).status == "open"


def test_empty_answer_and_closed_case_refused(app):
    thread = _case()
    staff = make_staff()
    with pytest.raises(MailboxError):
        triage.answer(staff, thread.id, "   ")
    triage.close_as_spam(staff, thread.id)
    with pytest.raises(MailboxError) as caught:
        triage.answer(staff, thread.id, "Hei")
    assert caught.value.code == "closed"
    assert OutboxMail.select().count() == 0
    assert triage.triage_queue() == []


def test_web_threads_are_not_mailbox_cases(app):
    resident = make_resident()
    make_lease(make_flat(), [resident])
    user = make_user(resident)
    web = MessageThread.create(user=user, subject="Vuokra")
    with pytest.raises(NotFound):
        triage.case_page(web.id)
    with pytest.raises(NotFound):
        triage.answer(make_staff(), web.id, "Hei")


def test_demo_mails_make_a_linked_case_and_one_in_triage(app):
    """After `make run`'s demo load: Maija's mail is linked to her, Kalle's waits in triage."""
    from heka_asoy.demo.data import load_demo_data

    load_demo_data(app.config["HETU_KEY"].encode(), app.config["UPLOAD_FOLDER"])
    cases = {t.sender_email: t for t in MessageThread.select().where(
        MessageThread.source == "email")}
    assert cases["maija.lahtinen@example.fi"].user_id is not None
    assert not cases["maija.lahtinen@example.fi"].needs_triage
    assert cases["kalle.korhonen@example.org"].needs_triage
    assert cases["maija.lahtinen@example.fi"].messages.get().body == (
        "Hei,\n\nvoinko maksaa heinäkuun vuokran kahdessa erässä?"
    )


def test_mail_from_the_desk_itself_is_never_a_case(app):
    """A mail loop (the desk's own address as sender) makes nothing."""
    assert mailbox.take(raw(sender=ASOY_DESK_EMAIL)) == "automatic"
    assert MessageThread.select().count() == 0

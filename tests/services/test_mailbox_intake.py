"""The desk mailbox intake against a real IMAP server (dovecot, started by the tests) and the
local Maildir folder of ``make run``."""

from __future__ import annotations

import io
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from imapclient import IMAPClient
from PIL import Image

from heka_asoy.domain.contacts import ASOY_DESK_EMAIL
from heka_asoy.domain.reply_tokens import reply_address
from heka_asoy.models import Attachment, Message, MessageThread
from heka_asoy.services import mailbox
from heka_asoy.services.mailbox import sources
from heka_asoy.storage import storage
from heka_asoy.tasks import read_desk_mailbox
from tests.dovecot import start_dovecot
from tests.factories import make_flat, make_lease, make_resident, make_tenant, scan_pdf


@pytest.fixture(scope="module")
def dovecot():
    server = start_dovecot()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def imap(app, dovecot):
    """A mailbox of this test's own on the server; the app reads it."""
    user, password = dovecot.new_account()
    app.config["DESK_IMAP_URL"] = dovecot.url(user, password)
    client = IMAPClient("127.0.0.1", port=dovecot.port, ssl=False)
    client.login(user, password)
    client.select_folder("INBOX")
    yield client
    client.logout()


def mail(sender="someone@example.org", subject="Vuokra", body="Hei, kysymys vuokrasta.",
         to=ASOY_DESK_EMAIL, message_id=True, **headers) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    if message_id:
        msg["Message-ID"] = make_msgid(domain="example.org")
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


def deliver(client: IMAPClient, msg: EmailMessage) -> None:
    client.append("INBOX", bytes(msg))


def unseen(client: IMAPClient) -> list:
    client.noop()
    return client.search(["UNSEEN"])


def test_known_sender_becomes_a_linked_case(app, imap):
    """Does a tenant's mail make a case linked to their account and flat, marked seen?"""
    tenant = make_tenant()
    deliver(imap, mail(sender=f"Testi Asukas <{tenant.email.upper()}>"))
    assert mailbox.run()["new"] == 1
    thread = MessageThread.get()
    assert (thread.user_id, thread.flat_id) == (tenant.id, tenant.flat.id)
    assert not thread.needs_triage
    assert thread.source == "email"
    assert thread.reply_token
    assert thread.sender_email == tenant.email
    assert thread.sender_name == "Testi Asukas"
    message = thread.messages.get()
    assert message.body == "Hei, kysymys vuokrasta."
    assert message.author_id == tenant.id
    assert unseen(imap) == []


def test_register_email_without_account_links_the_flat(app, imap):
    """Is a register e-mail without an account linked to the person's only flat?"""
    resident = make_resident(email="asukas@example.fi")
    flat = make_flat()
    make_lease(flat, [resident])
    deliver(imap, mail(sender="asukas@example.fi"))
    mailbox.run()
    thread = MessageThread.get()
    assert thread.user_id is None
    assert thread.flat_id == flat.id
    assert not thread.needs_triage


def test_unknown_sender_goes_to_triage(app, imap):
    deliver(imap, mail(sender="stranger@example.org"))
    mailbox.run()
    thread = MessageThread.get()
    assert thread.needs_triage
    assert thread.user_id is None
    assert thread.flat_id is None


def _first_case(imap) -> MessageThread:
    deliver(imap, mail(sender="first@example.org", subject="Sauna"))
    mailbox.run()
    thread = MessageThread.get()
    MessageThread.update(status="closed").execute()
    return thread


def test_reply_token_in_address(app, imap):
    """Does a reply to the desk's +token address join its thread and reopen it?"""
    thread = _first_case(imap)
    deliver(imap, mail(sender="other@example.org", subject="Something else",
                       to=reply_address(ASOY_DESK_EMAIL, thread.reply_token)))
    assert mailbox.run()["reply"] == 1
    assert MessageThread.select().count() == 1
    assert thread.messages.count() == 2
    assert MessageThread.get_by_id(thread.id).status == "open"


def test_reply_token_in_subject(app, imap):
    thread = _first_case(imap)
    deliver(imap, mail(subject=f"Re: Sauna [#{thread.reply_token}]"))
    assert mailbox.run()["reply"] == 1
    assert thread.messages.count() == 2


def test_reply_by_references(app, imap):
    """Is a reply that keeps only References (no token) matched to the stored Message-ID?"""
    thread = _first_case(imap)
    first = thread.messages.get().message_id
    deliver(imap, mail(subject="Re: Sauna", References=f"<unknown@x> {first}"))
    assert mailbox.run()["reply"] == 1
    assert thread.messages.count() == 2


def test_auto_replies_and_bounces_never_make_cases(app, imap):
    deliver(imap, mail(Auto_Submitted="auto-replied", subject="Out of office"))
    deliver(imap, mail(Precedence="bulk"))
    deliver(imap, mail(X_Autoreply="yes"))
    deliver(imap, mail(sender="MAILER-DAEMON@example.org", subject="Undelivered"))
    deliver(imap, mail(Return_Path="<>"))
    report = mail()
    report.make_mixed()
    report.replace_header("Content-Type", 'multipart/report; report-type=delivery-status')
    deliver(imap, report)
    deliver(imap, mail(Auto_Submitted="no", subject="A person after all"))
    counts = mailbox.run()
    assert counts["automatic"] == 6
    assert counts["new"] == 1
    assert [t.subject for t in MessageThread.select()] == ["A person after all"]
    assert unseen(imap) == []


def test_same_mail_twice_is_one_message(app, imap):
    msg = mail()
    deliver(imap, msg)
    deliver(imap, msg)
    no_id = mail(message_id=False, subject="No id")
    deliver(imap, no_id)
    deliver(imap, no_id)
    counts = mailbox.run()
    assert counts["new"] == 2
    assert counts["duplicate"] == 2
    assert Message.select().count() == 2
    assert all(m.message_id for m in Message.select())


def test_quoted_history_and_signature_stripped(app, imap):
    body = (
        "Kiitos, käyn tiistaina.\n\nTerveisin\nMatti\n\n"
        f"ma 1.6.2026 klo 10.00 Asoy <{ASOY_DESK_EMAIL}> kirjoitti:\n> Hei,\n> vastaus\n"
    )
    deliver(imap, mail(body=body))
    mailbox.run()
    assert Message.get().body == "Kiitos, käyn tiistaina."


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(out, "PNG")
    return out.getvalue()


def test_attachments_kept_and_dangerous_ones_dropped(app, imap):
    msg = mail()
    msg.add_attachment(scan_pdf("Remontti"), maintype="application", subtype="pdf",
                       filename="suunnitelma.pdf")
    msg.add_attachment(_png(), maintype="image", subtype="png", filename="kuva.png")
    msg.add_attachment(b"MZ\x90\x00", maintype="application", subtype="x-msdownload",
                       filename="lasku.exe")
    msg.add_attachment(b"not a png", maintype="image", subtype="png", filename="rikki.png")
    deliver(imap, msg)
    mailbox.run()
    rows = {a.filename: a for a in Attachment.select()}
    assert set(rows) == {"suunnitelma.pdf", "kuva.jpg"}
    assert rows["kuva.jpg"].content_type == "image/jpeg"
    for row in rows.values():
        assert storage().exists(row.storage_key)
    note = Message.get(Message.internal)
    assert "lasku.exe" in note.body
    assert "rikki.png" in note.body


def test_maildir_path(app, tmp_path):
    """Is the local Maildir of `make run` read the same way, and each mail taken once?"""
    import mailbox as stdlib_mailbox

    folder = tmp_path / "desk-maildir"
    app.config.update(DESK_IMAP_URL="", DESK_MAILDIR=str(folder))
    box = stdlib_mailbox.Maildir(folder, create=True)
    box.add(bytes(mail(sender="stranger@example.org")))
    box.add(bytes(mail(subject="Toinen")))
    assert mailbox.run(limit=1)["new"] == 1
    assert read_desk_mailbox.call_local()["new"] == 1  # the minute job's body
    assert mailbox.run()["new"] == 0
    assert MessageThread.select().count() == 2
    assert list((folder / "new").iterdir()) == []
    assert len(list((folder / "cur").iterdir())) == 2


def test_server_down_loses_nothing(app, imap, dovecot):
    """With the server unreachable the run takes nothing; the mail is taken by the next run."""
    deliver(imap, mail())
    good = app.config["DESK_IMAP_URL"]
    from tests.dovecot import _free_port

    app.config["DESK_IMAP_URL"] = good.replace(f":{dovecot.port}/", f":{_free_port()}/")
    assert mailbox.run().get("unreachable") == 1
    app.config["DESK_IMAP_URL"] = good
    assert mailbox.run()["new"] == 1


def test_crash_between_commit_and_flag_makes_one_message(app, imap, monkeypatch):
    """A run that dies after storing a mail but before flagging it re-reads it: one message."""
    deliver(imap, mail())

    def broken(self, key):
        raise OSError("connection lost")

    monkeypatch.setattr(sources.ImapSource, "done", broken)
    assert mailbox.run()["new"] == 1
    assert len(unseen(imap)) == 1
    monkeypatch.undo()
    assert mailbox.run()["duplicate"] == 1
    assert Message.select().count() == 1
    assert unseen(imap) == []


def test_a_run_takes_at_most_the_batch(app, imap):
    for n in range(3):
        deliver(imap, mail(subject=f"Asia {n}"))
    assert mailbox.run(limit=2)["new"] == 2
    assert len(unseen(imap)) == 1


def test_local_smtp_server_delivers_desk_mail_to_the_maildir(app, tmp_path):
    """`make run`: a mail sent to the local SMTP server for the desk (or a +token address)
    lands in the Maildir the intake reads; mail to others does not."""
    import smtplib

    from aiosmtpd.controller import Controller

    from heka_asoy.demo.smtp import LogSink
    from tests.dovecot import _free_port

    folder = tmp_path / "desk-maildir"
    port = _free_port()
    controller = Controller(LogSink(str(folder)), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            smtp.send_message(mail(sender="stranger@example.org"))
            smtp.send_message(mail(subject="Vastaus", to=reply_address(ASOY_DESK_EMAIL,
                                                                       "abcdefghijkm")))
            smtp.send_message(mail(to="someone@example.fi"))
    finally:
        controller.stop()
    app.config.update(DESK_IMAP_URL="", DESK_MAILDIR=str(folder))
    assert mailbox.run()["new"] == 2


def test_missing_dovecot_fails_and_is_never_skipped(monkeypatch):
    """A machine without dovecot fails the mailbox tests, on CI or not, instead of skipping."""
    from tests import dovecot as helper

    monkeypatch.setattr(helper, "DOVECOT", None)
    for ci in ("true", "false"):
        monkeypatch.setenv("CI", ci)
        with pytest.raises(pytest.fail.Exception, match="dovecot is not installed"):
            helper.start_dovecot()


def test_imap_url_settings():
    s = sources.imap_settings("imaps://desk%40hekaoy.fi:p%40ss%2Fw@mail.example.fi/Saapuneet")
    assert (s.host, s.port, s.username, s.password, s.folder, s.tls) == (
        "mail.example.fi", 993, "desk@hekaoy.fi", "p@ss/w", "Saapuneet", True)
    plain = sources.imap_settings("imap://u:p@127.0.0.1:1143")
    assert (plain.port, plain.folder, plain.tls) == (1143, "INBOX", False)
    with pytest.raises(ValueError, match="DESK_IMAP_URL"):
        sources.imap_settings("https://mail.example.fi")

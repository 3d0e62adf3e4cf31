"""The mail outbox: nothing is lost when the SMTP server is down."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from heka_asoy.models import FaultReport, OutboxMail, utcnow
from heka_asoy.services import audit
from heka_asoy.services.mailer import backoff, queue_mail, send_due
from heka_asoy.tasks import send_outbox
from tests.factories import login, make_tenant


def _queue(app, user, language="fi"):
    with app.test_request_context():
        return queue_mail(user.email, "password_changed", language, user=user)


def test_mail_survives_a_refusing_smtp_server(app, smtp_server):
    """When the server refuses connections, does the mail wait and go out once it is back?"""
    user = make_tenant()
    row = _queue(app, user)
    good_port = smtp_server.port
    app.extensions["mail"].port = 1  # nothing listens there: connection refused
    assert send_due() == {"sent": 0, "failed": 1}
    failed = OutboxMail.get_by_id(row.id)
    assert failed.status == "pending"
    assert failed.attempts == 1
    assert "ConnectionRefused" in failed.last_error or "Errno" in failed.last_error
    assert failed.next_attempt_at > utcnow()
    assert send_due() == {"sent": 0, "failed": 0}  # not due yet: backoff

    app.extensions["mail"].port = good_port
    with time_machine.travel(failed.next_attempt_at + timedelta(seconds=1), tick=False):
        assert send_due() == {"sent": 1, "failed": 0}
    sent = OutboxMail.get_by_id(row.id)
    assert sent.status == "sent"
    assert sent.attempts == 2
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == user.email
    assert message.get_body(("plain",)).get_content().strip()
    assert message.get_body(("html",)) is not None


def test_huey_task_sends_the_outbox(app, smtp_server):
    """Does the background job (huey, immediate mode in tests) send what is queued?"""
    user = make_tenant()
    _queue(app, user, "sv")
    result = send_outbox()
    assert result.get() == {"sent": 1, "failed": 0}
    assert OutboxMail.get().status == "sent"
    assert smtp_server.messages[0]["Subject"]


def test_mail_is_in_the_recipients_language(app):
    """Are subject and body rendered in the recipient's language, not the page's?"""
    user = make_tenant()
    fi = _queue(app, user, "fi")
    en = _queue(app, user, "en")
    assert en.subject == "Your password was changed"
    assert fi.subject != en.subject


def test_backoff_grows_and_is_capped():
    """Does the retry delay double and stop at six hours?"""
    assert backoff(1) == timedelta(minutes=1)
    assert backoff(2) == timedelta(minutes=2)
    assert backoff(5) == timedelta(minutes=16)
    assert backoff(30) == timedelta(hours=6)


def test_gives_up_after_max_attempts(app):
    """Is a mail marked dead (visible to staff) after the configured number of attempts?"""
    app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    user = make_tenant()
    row = _queue(app, user)
    send_due()
    with time_machine.travel(utcnow() + timedelta(hours=7), tick=False):
        send_due()
    assert OutboxMail.get_by_id(row.id).status == "dead"


def test_a_failed_request_writes_no_mail(app, client, monkeypatch):
    """Is the mail written in the same transaction as its cause: a resident's fault report whose
    filing fails after its mails were queued (the audit record, its last step, breaks) leaves
    neither the report nor any mail?"""
    queued_before_failing = []

    def breaks(*args, **kwargs):
        queued_before_failing.append(OutboxMail.select().count())
        raise RuntimeError("the audit log is unreachable")

    form = {
        "category": "water.tap",
        "description": "The kitchen tap is stiff and hard to turn.",
        "master_key_allowed": "yes",
        "phone": "040 123 4567",
    }
    tuesday_10 = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
    with time_machine.travel(tuesday_10, tick=False):  # office hours: forwarded at once
        user = make_tenant()
        login(client, user)
        monkeypatch.setattr(audit, "record", breaks)
        with pytest.raises(RuntimeError):
            client.post(f"/my/faults/new?flat={user.flat.id}", data=form)
    assert queued_before_failing == [2]  # the forward and the receipt were queued
    assert OutboxMail.select().count() == 0
    assert FaultReport.select().count() == 0

"""The mail outbox: queue in the caller's transaction, send later with retries.

A mail is rendered (in the recipient's language) and written to ``OutboxMail`` in the same
transaction as the change that causes it; the huey worker sends it. A mail server that is down
only delays mail: failed sends are retried with exponential backoff.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app, g
from flask_babel import force_locale
from flask_mail import Message
from jinja2_fragments import render_block

from ..extensions import mail
from ..models import OutboxMail, utcnow
from . import jobs
from .errors import NotFound

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)


def render_mail(template: str, language: str, **context) -> tuple[str, str, str]:
    """Render subject, text and HTML of ``email/<template>`` in ``language``.

    The text template holds ``subject`` and ``body`` blocks; the HTML one a ``body`` block.
    """
    env = current_app.jinja_env
    context = {**context, "language": language}
    with force_locale(language):
        g.force_locale = language
        try:
            subject = render_block(env, f"email/{template}.txt", "subject", **context).strip()
            text = render_block(env, f"email/{template}.txt", "body", **context).strip() + "\n"
            html = env.get_template(f"email/{template}.html").render(**context)
        finally:
            g.force_locale = None
    return subject, text, html


def queue_mail(
    recipient: str,
    template: str,
    language: str = "fi",
    attachments: list[dict] | None = None,
    headers: dict[str, str] | None = None,
    **context,
) -> OutboxMail:
    """Write a mail to the outbox; call inside the transaction of the change it reports.

    ``attachments`` name files in the upload folder ({"key", "filename", "type"}), read when the
    mail is sent, or carry their text ({"data", "filename", "type"}). ``headers`` are threading
    headers set on send (``Message-ID``, ``In-Reply-To``, ``References``, ``Reply-To``): a desk
    answer threads in the resident's mail client and a reply finds its thread."""
    subject, text, html = render_mail(template, language, **context)
    mail_row = OutboxMail.create(
        recipient=recipient,
        subject=subject,
        body_text=text,
        body_html=html,
        language=language,
        kind=template,
        attachments=attachments or None,
        headers=headers or None,
    )
    jobs.after_request("send_outbox")  # sent at once; the minute sweep is the backstop
    return mail_row


def recent_mails(limit: int = 100) -> list[OutboxMail]:
    """The newest mails of the outbox, for the demo mailbox."""
    return list(
        OutboxMail.select()
        .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
        .limit(limit)
    )


def outbox_mail(mail_id: int) -> OutboxMail:
    """One mail of the outbox, for the demo mailbox; an unknown id is ``NotFound``."""
    row = OutboxMail.get_or_none(OutboxMail.id == mail_id)
    if row is None:
        raise NotFound("mail")
    return row


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _claim(row_id: int, now) -> bool:
    """Mark a mail as being sent; only one worker can win the claim."""
    return (
        OutboxMail.update(
            status="sending", next_attempt_at=now + current_app.config["OUTBOX_STALE_SENDING"]
        )
        .where(
            (OutboxMail.id == row_id)
            & (
                (OutboxMail.status == "pending")
                | ((OutboxMail.status == "sending") & (OutboxMail.next_attempt_at <= now))
            )
        )
        .execute()
        == 1
    )


def _attach(message: Message, attachments: list[dict]) -> None:
    """Attach stored files; a file that has gone missing is left out rather than blocking mail."""
    from ..storage import storage

    files = storage()
    for item in attachments:
        if "data" in item:  # made with the mail (an .ics): kept as text in the outbox row
            message.attach(item["filename"], item.get("type", "text/plain"), item["data"].encode())
            continue
        try:
            data = files.read(item["key"])
        except (OSError, ValueError):  # gone or unsafe; an unreachable bucket retries the mail
            log.warning("attachment %s missing", item.get("key"))
            continue
        message.attach(
            item.get("filename", item["key"].rsplit("/", 1)[-1]),
            item.get("type", "application/octet-stream"),
            data,
        )


#: Threading headers the outbox carries through to the sent mail (others are ignored).
THREAD_HEADERS = ("In-Reply-To", "References")


def _set_headers(message: Message, headers: dict[str, str]) -> None:
    """The stored threading headers on the mail: the Message-ID replaces Flask-Mail's random one
    (the thread keeps it to match replies), Reply-To is the thread's reply address."""
    if headers.get("Message-ID"):
        message.msgId = headers["Message-ID"]
    if headers.get("Reply-To"):
        message.reply_to = headers["Reply-To"]
    extra = {name: headers[name] for name in THREAD_HEADERS if headers.get(name)}
    if extra:
        message.extra_headers = {**(message.extra_headers or {}), **extra}


def send_due(limit: int = 100) -> dict[str, int]:
    """Send the mails whose time has come; returns counts of sent and failed."""
    now = utcnow()
    due = (
        OutboxMail.select(OutboxMail.id)
        .where(OutboxMail.status.in_(["pending", "sending"]) & (OutboxMail.next_attempt_at <= now))
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
        .limit(limit)
    )
    counts = {"sent": 0, "failed": 0}
    max_attempts = current_app.config["OUTBOX_MAX_ATTEMPTS"]
    for (row_id,) in due.tuples():
        if not _claim(row_id, now):
            continue
        row = OutboxMail.get_by_id(row_id)
        try:
            message = Message(
                subject=row.subject,
                recipients=[row.recipient],
                body=row.body_text,
                html=row.body_html or None,
            )
            _set_headers(message, row.headers or {})
            _attach(message, row.attachments or [])
            mail.send(message)
        except Exception as exc:  # noqa: BLE001 - any failure of the SMTP path means "retry later"
            attempts = row.attempts + 1
            OutboxMail.update(
                status="dead" if attempts >= max_attempts else "pending",
                attempts=attempts,
                next_attempt_at=utcnow() + backoff(attempts),
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
            ).where(OutboxMail.id == row_id).execute()
            counts["failed"] += 1
            log.warning("mail %s not sent (attempt %s): %s", row_id, attempts, exc)
        else:
            OutboxMail.update(
                status="sent", attempts=row.attempts + 1, sent_at=utcnow(), last_error=""
            ).where(OutboxMail.id == row_id).execute()
            counts["sent"] += 1
    return counts

"""The desk mailbox becomes cases: each new mail is a message of its thread, or a new thread.

One mail, one write transaction. A reply finds its thread by the reply token (recipient
address, then subject), then by In-Reply-To/References against the Message-IDs already stored;
anything else starts a thread (``source="email"``) with a reply token of its own. A sender the
register knows (login, contact address or the register's e-mail) is linked to their account and,
when there is only one, their flat; an unknown sender waits in triage. The same mail taken twice
is one message: the Message-ID is unique, and a second take is a no-op.
"""

from __future__ import annotations

import imaplib
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from peewee import IntegrityError, fn

from ...db import write_txn
from ...domain import reply_tokens
from ...domain.contacts import ASOY_DESK_EMAIL
from ...domain.mail_intake import MailAttachment, ParsedMail, is_desk_address, parse_mail
from ...models import Attachment, Message, MessageThread, Resident, User, utcnow
from ...models.accounts import ROLE_RESIDENT
from ...storage import storage
from .. import access
from ..photos import discard_stored
from ..powers.documents import DocumentError, clean_document
from .sources import open_source

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sender:
    """Who a mail's sender is in the register: an account and/or a flat, or nobody."""

    user_id: int | None = None
    flat_id: int | None = None

    @property
    def known(self) -> bool:
        return self.user_id is not None or self.flat_id is not None


def _only(ids) -> int | None:
    ids = set(ids)
    return ids.pop() if len(ids) == 1 else None


def find_sender(email: str) -> Sender:
    """The resident behind an address: an account whose login or contact address it is, else
    a register entry with that e-mail. Two different people with one address are nobody (the
    desk decides in triage). The flat is linked only when the person has exactly one home."""
    email = (email or "").strip().lower()
    if not email:
        return Sender()
    users = list(
        User.select()
        .where(
            (User.role == ROLE_RESIDENT)
            & ~User.disabled
            & ((fn.LOWER(User.email) == email) | (fn.LOWER(User.contact_email) == email))
        )
        .limit(3)
    )
    if len(users) == 1:
        user = users[0]
        homes = [fa.flat_id for fa in access.compute_flats(user) if fa.power_id is None]
        return Sender(user.id, _only(homes))
    if users:
        return Sender()
    residents = list(Resident.select(Resident.id).where(fn.LOWER(Resident.email) == email).limit(3))
    if len(residents) != 1:
        return Sender()
    resident_id = residents[0].id
    account = User.get_or_none(User.resident == resident_id)
    probe = account or User(resident=resident_id)  # unsaved: the register's homes, no powers
    homes = [fa.flat_id for fa in access.compute_flats(probe) if fa.power_id is None]
    flat_id = _only(homes)
    if account is None and flat_id is None:
        return Sender()
    return Sender(account.id if account else None, flat_id)


def _find_thread(mail: ParsedMail) -> MessageThread | None:
    token = mail.reply_token(current_app.config.get("DESK_EMAIL", ASOY_DESK_EMAIL))
    if token:
        thread = MessageThread.get_or_none(MessageThread.reply_token == token)
        if thread is not None:
            return thread
    ids = list(mail.thread_ids)
    if not ids:
        return None
    rows = {
        m.message_id: m.thread
        for m in Message.select(Message.message_id, MessageThread)
        .join(MessageThread)
        .where(Message.message_id.in_(ids))
    }
    for message_id in ids:  # the nearest answered mail wins
        if message_id in rows:
            return rows[message_id]
    return None


def _clean_subject(subject: str) -> str:
    token = reply_tokens.token_in_subject(subject)
    if token:
        subject = subject.replace(f"[#{token}]", "").replace(f"[#{token.upper()}]", "")
    return " ".join(subject.split())[:250]


def _store(attachment: MailAttachment) -> tuple[str, str]:
    """Check one attachment like a scanned form or fault photo, store it; its key and type."""
    document = clean_document(attachment.data)
    now = datetime.now(UTC)
    key = f"mailbox/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{document.extension}"
    storage().write(key, document.data, document.mimetype)
    return key, document.mimetype


def _filename(name: str, mimetype: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'attachment'}.{'pdf' if mimetype == 'application/pdf' else 'jpg'}"


def _note(dropped: list[str], refused: list[str]) -> str:
    """The desk's internal note of what was left out, in the desk's language."""
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "fi")):
        lines = []
        if dropped:
            lines.append(_("Attachments left out (type not accepted): %(names)s",
                           names=", ".join(dropped)))
        if refused:
            lines.append(_("Attachments left out (damaged, too large or unsafe): %(names)s",
                           names=", ".join(refused)))
        return "\n".join(lines)


def take(raw: bytes) -> str:
    """Store one raw mail; returns what happened: "new", "reply", "duplicate", "automatic" or
    "appointment" (a new mail filed as an office appointment request)."""
    mail = parse_mail(raw)
    if is_desk_address(mail.sender_email, ASOY_DESK_EMAIL):
        log.info("desk mailbox: the desk's own mail %s skipped", mail.message_id)
        return "automatic"  # a mail loop: never a case, never answered
    if mail.automatic:
        log.info("desk mailbox: automatic mail (%s) %s skipped", mail.automatic, mail.message_id)
        return "automatic"
    if Message.select().where(Message.message_id == mail.message_id).exists():
        return "duplicate"
    stored: list[tuple[MailAttachment, str, str]] = []
    refused: list[str] = []
    try:
        for attachment in mail.attachments:
            try:
                key, mimetype = _store(attachment)
            except DocumentError:
                refused.append(attachment.filename)
            else:
                stored.append((attachment, key, mimetype))
    except BaseException:  # the storage failed: nothing of this mail is kept, it comes again
        discard_stored([key for _a, key, _m in stored])
        raise
    try:
        with write_txn():
            outcome = _write(mail, stored, refused)
    except IntegrityError:
        outcome = "duplicate"  # another run took the same mail meanwhile
    except BaseException:
        discard_stored([key for _a, key, _m in stored])
        raise
    if outcome == "duplicate":
        discard_stored([key for _a, key, _m in stored])
    return outcome


def _write(mail: ParsedMail, stored, refused: list[str]) -> str:
    if Message.select().where(Message.message_id == mail.message_id).exists():
        return "duplicate"
    now = utcnow()
    thread = _find_thread(mail)
    outcome = "reply"
    if thread is None:
        sender = find_sender(mail.sender_email)
        thread = MessageThread.create(
            user=sender.user_id,
            flat=sender.flat_id,
            subject=_clean_subject(mail.subject),
            source="email",
            sender_email=mail.sender_email[:255],
            sender_name=mail.sender_name,
            reply_token=reply_tokens.new_token(),
            needs_triage=not sender.known,
            created_at=now,
            updated_at=now,
        )
        outcome = "new"
    else:
        # A new message reopens a closed or answered thread.
        MessageThread.update(status="open", updated_at=now).where(
            MessageThread.id == thread.id
        ).execute()
    # The account writes only when the mail comes from its own address.
    author = None
    if thread.user_id and (
        outcome == "new" or find_sender(mail.sender_email).user_id == thread.user_id
    ):
        author = thread.user_id
    message = Message.create(
        thread=thread,
        author=author,
        source="email",
        body=mail.body or "",
        message_id=mail.message_id,
        in_reply_to=mail.in_reply_to,
        created_at=now,
    )
    for attachment, key, mimetype in stored:
        Attachment.create(
            message=message,
            filename=_filename(attachment.filename, mimetype)[:200],
            content_type=mimetype,
            storage_key=key,
            size=len(attachment.data),
            created_at=now,
        )
    note = _note(list(mail.dropped), refused)
    if note:
        Message.create(thread=thread, internal=True, from_staff=True, source="staff", body=note,
                       created_at=now)
    if outcome == "new":  # a first mail that asks for an office visit becomes a request
        from .appointment_intake import file_if_request

        if file_if_request(mail, thread) is not None:
            outcome = "appointment"
    return outcome


def run(limit: int | None = None) -> dict[str, int]:
    """One run of the intake: at most ``limit`` (``DESK_INTAKE_BATCH``) mails. Each mail is
    stored and committed before it is marked taken; a mail that fails is left for the next run.
    An unreachable server ends the run with nothing marked, so nothing is lost."""
    config = current_app.config
    limit = limit or config.get("DESK_INTAKE_BATCH", 50)
    counts = {"new": 0, "reply": 0, "duplicate": 0, "automatic": 0, "failed": 0, "appointment": 0}
    try:
        source = open_source(config)
    except (OSError, ValueError) as exc:
        log.warning("desk mailbox unreachable: %s", exc)
        counts["unreachable"] = 1
        return counts
    except Exception as exc:  # noqa: BLE001 - imapclient's login/select errors
        log.warning("desk mailbox refused the intake: %s", exc)
        counts["unreachable"] = 1
        return counts
    if source is None:
        return counts
    try:
        for key, raw in source.unseen(limit):
            try:
                outcome = take(raw)
            except Exception:  # noqa: BLE001 - one bad mail must not stop the others
                log.exception("desk mailbox: mail %s not taken; tried again next run", key)
                counts["failed"] += 1
                continue
            counts[outcome] += 1
            source.done(key)
    except (OSError, EOFError, imaplib.IMAP4.error) as exc:
        log.warning("desk mailbox connection lost: %s", exc)
        counts["unreachable"] = 1
    finally:
        source.close()
    return counts

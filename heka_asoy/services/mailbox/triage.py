"""The desk's triage of the mailbox: cases from senders the register did not know.

Staff link a case to a resident (found by name or e-mail) and one of the resident's current
flats, answer it by mail, or close it as spam. Answers go out through the outbox; the reply
token rides in the subject (``[#token]``) so the sender's reply finds the case again, and the
answer's own Message-ID is kept on its message so a reply that keeps only References does too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from email.utils import make_msgid

from peewee import JOIN, prefetch

from ...db import contains_text, write_txn
from ...domain import reply_tokens
from ...domain.clock import helsinki_today
from ...domain.contacts import ASOY_DESK_EMAIL
from ...models import (
    Attachment,
    Building,
    Flat,
    Message,
    MessageThread,
    Occupancy,
    OutboxMail,
    Resident,
    User,
    utcnow,
)
from .. import audit
from ..errors import NotFound, ServiceError
from ..mailer import queue_mail
from ..messages.mails import thread_headers
from ..photos import read_stored

#: The most register matches one search shows.
MAX_MATCHES = 20
#: The most cases the triage list shows at once (the oldest first).
MAX_QUEUE = 200


class MailboxError(ServiceError):
    """A triage action refused: ``empty_answer``, ``not_a_home``, ``closed``."""


@dataclass(frozen=True)
class FlatChoice:
    flat_id: int
    label: str


@dataclass(frozen=True)
class RegisterMatch:
    """A person of the register a case may be linked to, with their current homes."""

    resident_id: int
    name: str
    email: str
    has_account: bool
    flats: list[FlatChoice] = field(default_factory=list)


@dataclass(frozen=True)
class TriageItem:
    thread: MessageThread
    first: Message | None


@dataclass(frozen=True)
class CasePage:
    thread: MessageThread
    messages: list[Message]
    query: str
    matches: list[RegisterMatch] | None


def triage_queue() -> list[TriageItem]:
    """Open cases waiting for triage, oldest first, each with its first message (two queries
    whatever the number)."""
    threads = (
        MessageThread.select()
        .where(MessageThread.needs_triage & (MessageThread.status != "closed"))
        .order_by(MessageThread.created_at, MessageThread.id)
        .limit(MAX_QUEUE)
    )
    messages = Message.select().where(~Message.internal).order_by(Message.created_at, Message.id)
    items = []
    for thread in prefetch(threads, messages):
        items.append(TriageItem(thread, thread.messages[0] if thread.messages else None))
    return items


def _mailbox_thread(thread_id: int) -> MessageThread:
    thread = MessageThread.get_or_none(
        (MessageThread.id == thread_id) & (MessageThread.source == "email")
    )
    if thread is None:
        raise NotFound("thread")
    return thread


def case_page(thread_id: int, query: str = "") -> CasePage:
    """A mailbox case with its messages and attachments, and register matches for ``query``."""
    thread = _mailbox_thread(thread_id)
    messages = prefetch(
        Message.select().where(Message.thread == thread).order_by(Message.created_at, Message.id),
        Attachment.select().order_by(Attachment.id),
    )
    query = " ".join((query or "").split())[:100]
    return CasePage(thread, list(messages), query, search_register(query) if query else None)


def _homes(resident_ids: list[int], today: date) -> dict[int, list[FlatChoice]]:
    """Current homes of the residents, in one query."""
    rows = (
        Occupancy.select(Occupancy.resident, Flat.id, Flat.number, Building.street_address)
        .join(Flat)
        .join(Building)
        .where(
            Occupancy.resident.in_(resident_ids)
            & (Occupancy.moved_in <= today)
            & (Occupancy.moved_out.is_null() | (Occupancy.moved_out >= today))
        )
        .order_by(Building.street_address, Flat.number)
    )
    homes: dict[int, list[FlatChoice]] = {}
    for row in rows:
        flat = row.flat
        choices = homes.setdefault(row.resident_id, [])
        if all(c.flat_id != flat.id for c in choices):
            choices.append(FlatChoice(flat.id, f"{flat.building.street_address} {flat.number}"))
    return homes


def search_register(query: str) -> list[RegisterMatch]:
    """People of the register whose name or e-mail (register, login or contact) contains every
    word of ``query``; three queries whatever the number."""
    words = query.split()
    if not words:
        return []
    condition = None
    for word in words:
        part = (
            contains_text(Resident.first_names, word)
            | contains_text(Resident.last_name, word)
            | contains_text(Resident.email, word)
            | contains_text(User.email, word)
            | contains_text(User.contact_email, word)
        )
        condition = part if condition is None else condition & part
    residents = list(
        Resident.select(Resident, User)
        .join(User, JOIN.LEFT_OUTER, on=(User.resident == Resident.id), attr="account")
        .where(condition)
        .order_by(Resident.last_name, Resident.first_names, Resident.id)
        .limit(MAX_MATCHES)
    )
    homes = _homes([r.id for r in residents], helsinki_today())
    matches = []
    for resident in residents:
        account = getattr(resident, "account", None)
        has_account = account is not None and account.id is not None
        matches.append(RegisterMatch(
            resident.id,
            f"{resident.first_names} {resident.last_name}",
            (account.notice_email if has_account else "") or resident.email,
            has_account,
            homes.get(resident.id, []),
        ))
    return matches


def link(staff: User, thread_id: int, resident_id: int, flat_id: int) -> MessageThread:
    """Link a case to a person of the register and one of their current homes; the account
    (when there is one) then owns the thread and sees it on the pages."""
    with write_txn():
        thread = _mailbox_thread(thread_id)
        resident = Resident.get_or_none(Resident.id == resident_id)
        if resident is None:
            raise NotFound("resident")
        if flat_id not in {c.flat_id for c in _homes([resident.id], helsinki_today()).get(
                resident.id, [])}:
            raise MailboxError("not_a_home")
        account = User.get_or_none(User.resident == resident.id)
        MessageThread.update(
            user=account.id if account else None,
            flat=flat_id,
            needs_triage=False,
            updated_at=utcnow(),
        ).where(MessageThread.id == thread.id).execute()
        audit.record("mailbox.link", staff, thread, resident=resident.id, flat=flat_id)
    return MessageThread.get_by_id(thread.id)


def _desk_domain() -> str:
    return ASOY_DESK_EMAIL.partition("@")[2]


def queue_answer(thread: MessageThread, message: Message, language: str) -> OutboxMail:
    """Mail the desk's answer to the case's sender, threaded like every desk answer: the
    token in the subject, and the headers of ``messages.mails.thread_headers`` (Message-ID,
    In-Reply-To and References from ``message``, Reply-To the desk's +token address)."""
    subject = reply_tokens.tag_subject(f"Re: {thread.subject}".strip(), thread.reply_token)
    return queue_mail(
        thread.sender_email,
        "mailbox_answer",
        language,
        headers=thread_headers(thread, message),
        subject=subject,
        answer=message.body,
        reply_to=reply_tokens.reply_address(ASOY_DESK_EMAIL, thread.reply_token),
    )


def answer(staff: User, thread_id: int, body: str) -> Message:
    """Answer a case by mail from the desk (through the outbox)."""
    body = (body or "").strip()
    if not body:
        raise MailboxError("empty_answer")
    with write_txn():
        thread = _mailbox_thread(thread_id)
        if thread.status == "closed":
            raise MailboxError("closed")
        if not thread.reply_token:
            thread.reply_token = reply_tokens.new_token()
        last = (
            Message.select(Message.message_id)
            .where((Message.thread == thread) & Message.message_id.is_null(False)
                   & ~Message.from_staff)
            .order_by(Message.created_at.desc(), Message.id.desc())
            .first()
        )
        now = utcnow()
        message = Message.create(
            thread=thread,
            author=staff,
            from_staff=True,
            source="staff",
            body=body,
            message_id=make_msgid(domain=_desk_domain()),
            in_reply_to=last.message_id if last else "",
            created_at=now,
        )
        language = thread.user.language if thread.user_id else "fi"
        queue_answer(thread, message, language)
        MessageThread.update(
            status="answered",
            needs_triage=False,
            reply_token=thread.reply_token,
            first_answered_at=thread.first_answered_at or now,
            updated_at=now,
        ).where(MessageThread.id == thread.id).execute()
        audit.record("mailbox.answer", staff, thread)
    return message


def close_as_spam(staff: User, thread_id: int) -> None:
    """Close a case as spam: out of triage, never answered."""
    with write_txn():
        thread = _mailbox_thread(thread_id)
        MessageThread.update(status="closed", needs_triage=False, updated_at=utcnow()).where(
            MessageThread.id == thread.id
        ).execute()
        audit.record("mailbox.spam", staff, thread)


@dataclass(frozen=True)
class AttachmentFile:
    data: bytes = field(repr=False)
    mimetype: str
    download_name: str


def attachment_file(attachment_id: int) -> AttachmentFile:
    """A mailbox case's stored attachment, for staff; NotFound when missing or gone."""
    row = (
        Attachment.select(Attachment, Message, MessageThread)
        .join(Message)
        .join(MessageThread)
        .where((Attachment.id == attachment_id) & (MessageThread.source == "email"))
        .first()
    )
    data = read_stored(row.storage_key) if row is not None else None
    if data is None:
        raise NotFound("attachment")
    return AttachmentFile(data, row.content_type, row.filename)

"""The asoy desk's side of a thread: a simple list of threads (the unified queue is built
elsewhere), the thread with its internal notes, answers mailed to the resident (the first one
stops the SLA clock: ``first_answered_at``), internal notes (never shown nor mailed), close and
reopen, and assignment to a desk worker."""

from __future__ import annotations

from dataclasses import dataclass, field

from peewee import JOIN

from ...db import locked, write_txn
from ...models import Attachment, Flat, Message, MessageThread, ReplyTemplate, User, utcnow
from ...models.accounts import STAFF_ROLES
from ..errors import NotFound
from ..inbox import templates as reply_templates
from .attachments import (
    AttachmentFile,
    StoredFiles,
    Upload,
    attachment_file,
    attachments_by_message,
    check_uploads,
)
from .common import (
    ANSWERED,
    BODY_MAX,
    CLOSED,
    OPEN,
    STATUSES,
    MessageError,
    add_message,
    clean_text,
)
from .mails import mail_answer

#: Filters of the desk's list: one status, or every thread.
LIST_FILTERS = (OPEN, ANSWERED, CLOSED, "all")
LIST_LIMIT = 200


@dataclass(frozen=True)
class DeskList:
    threads: list[MessageThread]  # with ``user``, ``flat`` (and its building) and ``assigned_to``
    status: str


def desk_list(status: str = OPEN, limit: int = LIST_LIMIT) -> DeskList:
    """Threads newest first, filtered by status, with who wrote, the flat and the assignee
    joined (one query)."""
    status = status if status in LIST_FILTERS else OPEN
    author = User.alias()
    assignee = User.alias()
    query = (
        MessageThread.select(MessageThread, author, Flat, assignee)
        .join(author, JOIN.LEFT_OUTER, on=(MessageThread.user == author.id), attr="user")
        .switch(MessageThread)
        .join(Flat, JOIN.LEFT_OUTER, attr="flat")
        .switch(MessageThread)
        .join(
            assignee, JOIN.LEFT_OUTER, on=(MessageThread.assigned_to == assignee.id),
            attr="assigned_to",
        )
    )
    if status != "all":
        query = query.where(MessageThread.status == status)
    query = query.order_by(MessageThread.updated_at.desc(), MessageThread.id.desc()).limit(limit)
    return DeskList(list(query), status)


def desk_workers() -> list[User]:
    """Staff accounts a thread can be assigned to."""
    return list(
        User.select()
        .where(User.role.in_(sorted(STAFF_ROLES)) & ~User.disabled)
        .order_by(User.name, User.email)
    )


def _thread(thread_id: int) -> MessageThread:
    thread = MessageThread.get_or_none(MessageThread.id == thread_id)
    if thread is None:
        raise NotFound("thread")
    return thread


@dataclass(frozen=True)
class DeskThread:
    thread: MessageThread
    messages: list[Message]  # internal notes included (``internal``)
    attachments: dict[int, list[Attachment]]
    flat: Flat | None
    workers: list[User]
    #: The desk's reply templates, and the chosen one's text in the resident's language.
    templates: list[ReplyTemplate] = field(default_factory=list)
    template_text: str = ""


def desk_thread(thread_id: int, template_id: int | None = None) -> DeskThread:
    """The thread for the desk, its messages read; with ``template_id`` the answer starts from
    that reply template, in the resident's language (``NotFound`` for an unknown one)."""
    thread = _thread(thread_id)
    messages = list(
        Message.select(Message, User)
        .join(User, JOIN.LEFT_OUTER, on=(Message.author == User.id), attr="author")
        .where(Message.thread == thread.id)
        .order_by(Message.created_at, Message.id)
    )
    unread = [m.id for m in messages if not m.from_staff and m.read_at is None]
    if unread:
        Message.update(read_at=utcnow()).where(Message.id.in_(unread)).execute()
    flat = (
        Flat.with_building_company().where(Flat.id == thread.flat_id).first()
        if thread.flat_id
        else None
    )
    language = thread.user.language if thread.user_id else "fi"
    return DeskThread(
        thread,
        messages,
        attachments_by_message([m.id for m in messages]),
        flat,
        desk_workers(),
        reply_templates.templates(),
        reply_templates.template_body(template_id, language) if template_id else "",
    )


def _locked(thread_id: int) -> MessageThread:
    thread = locked(MessageThread.select().where(MessageThread.id == thread_id)).first()
    if thread is None:
        raise NotFound("thread")
    return thread


def answer(staff: User, thread_id: int, body: str, uploads: list[Upload] | None = None) -> Message:
    """The desk answers: shown in the thread, mailed to the resident in their language with
    the threading headers, a notice on their pages. The first answer sets
    ``first_answered_at`` (the SLA)."""
    uploads = uploads or []
    text = clean_text(body, BODY_MAX)
    if not text:
        raise MessageError("empty")
    _thread(thread_id)
    files = check_uploads(uploads)
    with StoredFiles(files) as stored, write_txn():
        thread = _locked(thread_id)
        message = add_message(thread, staff, text, from_staff=True, source="staff")
        stored.attach(message)
        now = message.created_at  # the SLA stops at the answer's own time
        changes = {MessageThread.status: ANSWERED, MessageThread.updated_at: now}
        if thread.first_answered_at is None:
            changes[MessageThread.first_answered_at] = now
        if thread.assigned_to_id is None:
            changes[MessageThread.assigned_to] = staff.id  # who answers, has it
        MessageThread.update(changes).where(MessageThread.id == thread.id).execute()
        mail_answer(thread, message, stored.for_mail())
    return message


def add_note(staff: User, thread_id: int, body: str) -> Message:
    """An internal note: for the desk only, never shown to the resident nor mailed."""
    text = clean_text(body, BODY_MAX)
    if not text:
        raise MessageError("empty")
    with write_txn():
        thread = _locked(thread_id)
        return add_message(thread, staff, text, from_staff=True, internal=True, source="staff")


def set_status(staff: User, thread_id: int, status: str) -> MessageThread:
    """Close a thread, or reopen it (``open``)."""
    if status not in (OPEN, CLOSED):
        raise MessageError("status")
    with write_txn():
        thread = _locked(thread_id)
        if thread.status != status:
            MessageThread.update(status=status, updated_at=utcnow()).where(
                MessageThread.id == thread.id
            ).execute()
            thread.status = status
    return thread


def assign(staff: User, thread_id: int, worker_id: int | None) -> MessageThread:
    """Give the thread to a desk worker (None: nobody)."""
    if worker_id is not None:
        worker = User.get_or_none((User.id == worker_id) & User.role.in_(sorted(STAFF_ROLES)))
        if worker is None:
            raise MessageError("worker")
    with write_txn():
        thread = _locked(thread_id)
        MessageThread.update(assigned_to=worker_id).where(MessageThread.id == thread.id).execute()
        thread.assigned_to = worker_id
    return thread


def desk_attachment(attachment_id: int) -> AttachmentFile:
    return attachment_file(Attachment.get_or_none(Attachment.id == attachment_id))


__all__ = [
    "LIST_FILTERS",
    "STATUSES",
    "DeskList",
    "DeskThread",
    "add_note",
    "answer",
    "assign",
    "desk_attachment",
    "desk_list",
    "desk_thread",
    "desk_workers",
    "set_status",
]

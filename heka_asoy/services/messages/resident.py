"""The resident's side: their own threads with the asoy desk (every resident, not agents:
capability "messages"), a new thread about one of their flats, the thread's history without the
desk's internal notes, and replies (a reply to a closed thread reopens it)."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from ...db import locked, write_txn
from ...models import Attachment, Message, MessageThread, User, utcnow
from .. import access
from ..access import FlatSummary
from ..errors import NotFound
from .attachments import (
    AttachmentFile,
    StoredFiles,
    Upload,
    attachment_file,
    attachments_by_message,
    check_uploads,
)
from .common import (
    BODY_MAX,
    OPEN,
    SUBJECT_MAX,
    TOPICS,
    MessageError,
    add_message,
    clean_text,
    new_thread,
)
from .mails import mail_receipt

CAPABILITY = "messages"
#: The most threads the resident's list shows (newest activity first).
LIST_LIMIT = 100


def require_messages(user: User) -> None:
    """Every resident may write to the desk; an agent (power of attorney) may not: ``Refused``."""
    access.pick_flat(user, None, CAPABILITY)


@dataclass(frozen=True)
class ThreadsPage:
    threads: list[MessageThread]  # each with ``unread``: the desk's messages not yet seen
    flats: list[FlatSummary]


def _unread_count():
    return (
        Message.select(fn.COUNT(Message.id))
        .where(
            (Message.thread == MessageThread.id)
            & Message.from_staff
            & ~Message.internal
            & Message.read_at.is_null()
        )
    )


def own_threads(user: User, limit: int = LIST_LIMIT) -> list[MessageThread]:
    """The user's threads, newest activity first, with the unread count (one query)."""
    return list(
        MessageThread.select(MessageThread, _unread_count().alias("unread"))
        .where(MessageThread.user == user.id)
        .order_by(MessageThread.updated_at.desc(), MessageThread.id.desc())
        .limit(limit)
    )


def threads_page(user: User) -> ThreadsPage:
    require_messages(user)
    flats = access.describe([fa for fa in access.started_flats(user) if fa.can(CAPABILITY)])
    return ThreadsPage(own_threads(user), flats)


def new_thread_flats(user: User, wanted: int | None) -> tuple[list[FlatSummary], int]:
    """The flats a new thread may be about and the one chosen (``NotFound`` for another's)."""
    chosen = access.pick_flat(user, wanted, CAPABILITY)
    flats = access.describe([fa for fa in access.started_flats(user) if fa.can(CAPABILITY)])
    return flats, chosen


def _body(body: str, uploads: list[Upload]) -> str:
    text = clean_text(body, BODY_MAX)
    if not text and not uploads:
        raise MessageError("empty")
    return text


def start_thread(
    user: User,
    flat_id: int,
    topic: str,
    subject: str,
    body: str,
    uploads: list[Upload],
    source: str = "web",
) -> MessageThread:
    """A new thread about one of the user's flats, its first message and the receipt mail.
    ``source`` "staff": filed by a desk worker for the resident (on-behalf mode)."""
    access.flat_access(user, flat_id, CAPABILITY)
    if topic not in TOPICS:
        raise MessageError("topic")
    subject = clean_text(subject, SUBJECT_MAX)
    if not subject:
        raise MessageError("subject")
    text = _body(body, uploads)
    files = check_uploads(uploads)
    with StoredFiles(files) as stored, write_txn():
        thread = new_thread(user, flat_id, topic, subject, source=source)
        message = add_message(thread, user, text, source=source)
        stored.attach(message)
        mail_receipt(thread, message)
    return thread


def own_thread(user: User, thread_id: int) -> MessageThread:
    """One of the user's threads; ``NotFound`` for anyone else's (its existence not revealed)."""
    require_messages(user)
    thread = MessageThread.get_or_none(
        (MessageThread.id == thread_id) & (MessageThread.user == user.id)
    )
    if thread is None:
        raise NotFound("thread")
    return thread


@dataclass(frozen=True)
class ThreadView:
    thread: MessageThread
    messages: list[Message]  # never the desk's internal notes
    attachments: dict[int, list[Attachment]]
    version: str


def _version(thread: MessageThread) -> str:
    """What a poll compares: the newest visible message and the status."""
    newest = (
        Message.select(fn.MAX(Message.id))
        .where((Message.thread == thread.id) & ~Message.internal)
        .scalar()
    )
    return f"{newest or 0}-{thread.status}"


def thread_view(user: User, thread_id: int, unless_version: str | None = None):
    """The thread page's content, the desk's messages marked read; None when nothing changed
    since ``unless_version`` (the page's poll: nothing more is read or written)."""
    thread = own_thread(user, thread_id)
    version = _version(thread)
    if unless_version is not None and unless_version == version:
        return None
    messages = list(
        Message.select()
        .where((Message.thread == thread.id) & ~Message.internal)
        .order_by(Message.created_at, Message.id)
    )
    if any(m.from_staff and m.read_at is None for m in messages):
        now = utcnow()
        Message.update(read_at=now).where(
            (Message.thread == thread.id)
            & Message.from_staff
            & ~Message.internal
            & Message.read_at.is_null()
        ).execute()
    return ThreadView(thread, messages, attachments_by_message([m.id for m in messages]), version)


def reply(user: User, thread_id: int, body: str, uploads: list[Upload]) -> Message:
    """The resident writes again; the thread is open for the desk again (also when closed)."""
    thread = own_thread(user, thread_id)
    text = _body(body, uploads)
    files = check_uploads(uploads)
    with StoredFiles(files) as stored, write_txn():
        thread = locked(MessageThread.select().where(MessageThread.id == thread.id)).get()
        message = add_message(thread, user, text)
        stored.attach(message)
        MessageThread.update(status=OPEN, updated_at=utcnow()).where(
            MessageThread.id == thread.id
        ).execute()
    return message


def resident_attachment(user: User, attachment_id: int) -> AttachmentFile:
    """A file of the user's own thread (never of an internal note); ``NotFound`` for any other."""
    require_messages(user)
    row = (
        Attachment.select(Attachment)
        .join(Message)
        .join(MessageThread)
        .where(
            (Attachment.id == attachment_id)
            & (MessageThread.user == user.id)
            & ~Message.internal
        )
        .first()
    )
    return attachment_file(row)

"""What the resident's and the desk's sides of a message thread share: topics, statuses,
errors, the Message-ID of a message and the rows a resident may see."""

from __future__ import annotations

from email.utils import make_msgid

from flask_babel import lazy_gettext as _l

from ...domain import reply_tokens
from ...domain.contacts import ASOY_DESK_EMAIL
from ...models import Message, MessageThread, User, utcnow
from ..errors import ServiceError

#: The topics a resident chooses from (stored codes) and their words.
TOPICS = {
    "rent": _l("Rent payment"),
    "tenant_democracy": _l("Tenant democracy"),
    "lease": _l("The lease"),
    "other": _l("Other"),
}
OPEN, ANSWERED, CLOSED = "open", "answered", "closed"
STATUSES = {
    OPEN: _l("Open"),
    ANSWERED: _l("Answered"),
    CLOSED: _l("Closed"),
}
SUBJECT_MAX = 200
BODY_MAX = 8000
#: Attachments one message may carry.
MAX_ATTACHMENTS = 5
#: The domain of the Message-IDs the desk's mails carry.
MESSAGE_ID_DOMAIN = ASOY_DESK_EMAIL.partition("@")[2]


class MessageError(ServiceError):
    """A message the rules refuse; ``code`` says why (shown next to its field by the views),
    ``params["n"]`` names the attachment it concerns."""


def topic_label(code: str) -> str:
    return str(TOPICS.get(code, TOPICS["other"]))


def status_label(code: str) -> str:
    return str(STATUSES.get(code, code))


def new_message_id() -> str:
    """A fresh RFC 5322 Message-ID (with its angle brackets, as the headers carry it)."""
    return make_msgid(domain=MESSAGE_ID_DOMAIN)


def new_thread(
    user: User | None, flat_id: int | None, topic: str, subject: str, source: str = "web"
) -> MessageThread:
    """A thread with its reply token (every thread gets one at creation: the desk's answers
    carry it in the reply address and subject)."""
    now = utcnow()
    return MessageThread.create(
        user=user,
        flat=flat_id,
        topic=topic if topic in TOPICS else "other",
        subject=subject,
        status=OPEN,
        source=source,
        reply_token=reply_tokens.new_token(),
        created_at=now,
        updated_at=now,
    )


def add_message(
    thread: MessageThread,
    author: User | None,
    body: str,
    *,
    from_staff: bool = False,
    internal: bool = False,
    source: str = "web",
) -> Message:
    """One message of the thread. Every message that is not an internal note gets a Message-ID
    (the mail that carries or confirms it uses it), and points to the previous one."""
    previous = None if internal else last_public_message(thread.id)
    return Message.create(
        thread=thread,
        author=author,
        from_staff=from_staff,
        internal=internal,
        source=source,
        body=body,
        message_id=None if internal else new_message_id(),
        in_reply_to=(previous.message_id or "") if previous else "",
    )


def last_public_message(thread_id: int) -> Message | None:
    """The newest message of the thread that the resident sees (no internal notes)."""
    return (
        Message.select()
        .where((Message.thread == thread_id) & ~Message.internal)
        .order_by(Message.created_at.desc(), Message.id.desc())
        .first()
    )


def first_public_message(thread_id: int) -> Message | None:
    return (
        Message.select()
        .where((Message.thread == thread_id) & ~Message.internal)
        .order_by(Message.created_at, Message.id)
        .first()
    )


def clean_text(text: str | None, limit: int) -> str:
    return (text or "").strip()[:limit]

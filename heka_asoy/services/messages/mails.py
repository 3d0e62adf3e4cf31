"""The mails of a thread (the receipt of a resident's message, the desk's answer) and the
on-page notice of an answer, in the resident's language, threaded.

Each mail carries the Message-ID of the message it carries or confirms (stored on the
``Message``), In-Reply-To and References pointing at the previous messages, the thread's reply
address (``reply_tokens.reply_address``) as Reply-To and the token in the subject: the resident's
mail client threads the answers, and the desk mailbox's intake finds the thread of a reply.
"""

from __future__ import annotations

from flask import g
from flask_babel import force_locale
from flask_babel import gettext as _

from ...domain import reply_tokens
from ...domain.contacts import ASOY_DESK_EMAIL
from ...models import Message, MessageThread, Notification, User
from ..mailer import queue_mail
from ..urls import external_url
from .common import first_public_message


def recipient_of(thread: MessageThread) -> tuple[str, str, User | None]:
    """Address, language and account of the thread's resident (a mailbox case without an
    account: the sender's address, in Finnish)."""
    user = thread.user if thread.user_id else None
    if user is not None:
        return user.notice_email, user.language, user
    return thread.sender_email, "fi", None


def thread_headers(thread: MessageThread, message: Message) -> dict[str, str]:
    """The threading headers of the mail that carries ``message``."""
    headers = {
        "Message-ID": message.message_id,
        "Reply-To": reply_tokens.reply_address(ASOY_DESK_EMAIL, thread.reply_token),
    }
    previous = message.in_reply_to
    if previous:
        root = first_public_message(thread.id)
        chain = [root.message_id] if root is not None and root.message_id else []
        if previous not in chain:
            chain.append(previous)
        headers["In-Reply-To"] = previous
        headers["References"] = " ".join(chain)
    return headers


def _queue(
    thread: MessageThread, message: Message, template: str, attachments: list[dict] | None = None
) -> None:
    address, language, user = recipient_of(thread)
    if not address:
        return  # a mailbox case without a sender address cannot be answered by mail
    link = external_url("messages.thread", thread_id=thread.id) if user is not None else None
    row = queue_mail(
        address,
        template,
        language,
        attachments=attachments,
        headers=thread_headers(thread, message),
        thread=thread,
        message=message,
        link=link,
    )
    # The token goes after the rendered (translated) subject, once.
    row.subject = reply_tokens.tag_subject(row.subject, thread.reply_token)
    row.save(only=[type(row).subject])


def mail_receipt(thread: MessageThread, message: Message) -> None:
    """"We received your message": the resident's copy, the root of the thread in their mail."""
    _queue(thread, message, "message_received")


def mail_answer(
    thread: MessageThread, message: Message, attachments: list[dict] | None = None
) -> None:
    """The desk's answer to the resident (with its files), and a notice on their pages."""
    _queue(thread, message, "message_answer", attachments)
    user = thread.user if thread.user_id else None
    if user is None:
        return
    with force_locale(user.language):
        g.force_locale = user.language
        try:
            text = _("The asoy desk answered your message: %(subject)s", subject=thread.subject)
        finally:
            g.force_locale = None
    Notification.create(
        user=user,
        kind="message_answer",
        text=text[:255],
        url=external_url("messages.thread", thread_id=thread.id),
    )

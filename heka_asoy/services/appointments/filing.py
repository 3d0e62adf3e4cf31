"""Requests the desk files by hand: a phone call, or any mail in the desk mailbox (then the
mail's Message-ID is the request's ``intake_ref`` and its source "email"). A known sender's
account and home are linked, as the mailbox intake does."""

from __future__ import annotations

from dataclasses import dataclass

from ...db import write_txn
from ...models import Appointment, Message, MessageThread, User
from ..errors import NotFound
from ..mailbox import find_sender
from .errors import AppointmentError
from .record import DETAILS_MAX, RequestData, already_filed, file_request


@dataclass(frozen=True)
class Prefill:
    """A request's fields taken from a mailbox case, for the desk to check before filing."""

    thread_id: int
    name: str
    email: str
    details: str
    language: str


def _thread_mail(thread_id: int) -> tuple[MessageThread, Message | None]:
    thread = MessageThread.get_or_none(
        (MessageThread.id == thread_id) & (MessageThread.source == "email")
    )
    if thread is None:
        raise NotFound("thread")
    first = (
        Message.select()
        .where((Message.thread == thread) & ~Message.internal & ~Message.from_staff)
        .order_by(Message.created_at, Message.id)
        .first()
    )
    return thread, first


def prefill_from_thread(thread_id: int) -> Prefill:
    """A request's fields from a mailbox case: the sender, and the mail as details."""
    thread, first = _thread_mail(thread_id)
    language = thread.user.language if thread.user_id else "fi"
    body = first.body if first else ""
    details = "\n\n".join(p for p in (thread.subject.strip(), body.strip()) if p)[:DETAILS_MAX]
    return Prefill(
        thread.id,
        thread.sender_name or thread.sender_email.partition("@")[0],
        thread.sender_email,
        details,
        language if language in ("fi", "sv", "en") else "fi",
    )


def create_request(staff: User, data: RequestData, thread_id: int | None = None) -> Appointment:
    """File a request the desk took by phone, or (``thread_id``) from a mail in the mailbox:
    then the mail's Message-ID is the request's ``intake_ref`` and its source "email". A known
    sender's account and home are linked, as the intake does."""
    with write_txn():
        intake_ref, source = "", "staff"
        if thread_id is not None:
            _thread, first = _thread_mail(thread_id)
            intake_ref = (first.message_id or "") if first else ""
            source = "email"
            if already_filed(intake_ref):
                raise AppointmentError("already_filed")
        sender = find_sender(data.email)
        resident_id = None
        if sender.user_id is not None:
            resident_id = User.get_by_id(sender.user_id).resident_id
        return file_request(
            RequestData(
                name=data.name,
                email=data.email,
                reason=data.reason,
                language=data.language,
                phone=data.phone,
                details=data.details,
                source=source,
                intake_ref=intake_ref,
                user_id=sender.user_id,
                flat_id=sender.flat_id,
                resident_id=resident_id,
            ),
            staff,
        )

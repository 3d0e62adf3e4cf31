"""The intake's appointment triage: a new mail that asks for an office visit
(``domain.appointment_requests``) becomes an appointment request waiting for a time, so the desk
answers it from the office calendar instead of as a plain case.

The mail stays in its thread (history, attachments, and a reply from the person reopens it) with
an internal note naming the request; the thread leaves triage and is closed, so the desk does
not handle the same mail twice."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from ...domain.appointment_requests import details_text, read_request
from ...domain.mail_intake import ParsedMail
from ...models import Appointment, Message, MessageThread, User, utcnow
from ..appointments.record import RequestData, already_filed, file_request


def file_if_request(mail: ParsedMail, thread: MessageThread) -> Appointment | None:
    """File ``mail`` (the first of the new ``thread``) as an appointment request when it asks
    for an office visit; call inside the intake's transaction. None for any other mail."""
    hints = read_request(mail.subject, mail.body, mail.in_reply_to, mail.references)
    if hints is None or already_filed(mail.message_id):
        return None
    resident_id = None
    if thread.user_id:
        resident_id = User.get_by_id(thread.user_id).resident_id
    appointment = file_request(
        RequestData(
            name=mail.sender_name or mail.sender_email.partition("@")[0],
            email=mail.sender_email,
            reason=hints.reason,
            language=hints.language,
            details=details_text(mail.subject, mail.body),
            source="email",
            intake_ref=mail.message_id,
            user_id=thread.user_id,
            flat_id=thread.flat_id,
            resident_id=resident_id,
        ),
        None,
    )
    now = utcnow()
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "fi")):
        note = _("Filed as office appointment request %(number)s.", number=appointment.id)
    Message.create(
        thread=thread, internal=True, from_staff=True, source="staff", body=note, created_at=now
    )
    MessageThread.update(status="closed", needs_triage=False, updated_at=now).where(
        MessageThread.id == thread.id
    ).execute()
    return appointment

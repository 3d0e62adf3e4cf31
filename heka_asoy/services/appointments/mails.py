"""The mails of an appointment: to the person in their language, and the desk's notice of every
change the person makes through the link.

Confirmations carry the ``.ics`` (as the attachment's text in the outbox row, so it survives a
mail server outage with the mail) and the signed cancel/rebook link."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from ...domain import contacts
from ...domain.contacts import office_address
from ...models import Appointment
from ..mailer import queue_mail
from . import ics
from .links import manage_url

#: Events whose mail carries the calendar event.
WITH_EVENT = ("confirmed", "rebooked")
#: Events whose mail carries the cancel/rebook link.
WITH_LINK = ("confirmed", "rebooked", "proposed")


def _event_attachment(appointment: Appointment) -> dict:
    with force_locale(appointment.language):
        text = ics.event_text(
            appointment,
            summary=_("Visit to Heka's customer service office"),
            location=office_address(appointment.language),
            description=_(
                "Bring a valid driving licence, passport or identity card. "
                "1st floor, the door after the lifts; report at reception."
            ),
        )
    return {"filename": "heka-appointment.ics", "type": "text/calendar", "data": text}


def tell_person(appointment: Appointment, event: str) -> None:
    """Mail the person about ``event`` (confirmed, proposed, rebooked, declined, cancelled,
    cancelled_by_desk, reminder) in their language."""
    attachments = [_event_attachment(appointment)] if event in WITH_EVENT else None
    queue_mail(
        appointment.email,
        "appointment_event",
        appointment.language,
        attachments=attachments,
        event=event,
        appointment=appointment,
        link=manage_url(appointment) if event in WITH_LINK or event == "reminder" else "",
        address=office_address(appointment.language),
        contacts=contacts,
    )


def tell_desk(appointment: Appointment, event: str, **extra) -> None:
    """Tell the asoy desk's mailbox what the person did (accepted, rebooked, cancelled)."""
    queue_mail(
        contacts.ASOY_DESK_EMAIL,
        "appointment_desk",
        "fi",
        event=event,
        appointment=appointment,
        **extra,
    )

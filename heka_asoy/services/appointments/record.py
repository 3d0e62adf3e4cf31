"""Filing an appointment request on the person's behalf: from a mail to the desk mailbox (the
intake, or staff by hand from a mailbox case) or from a phone call taken by the desk.

Both paths write the same row: status "requested", the person's name, e-mail and language, and
where it came from (``source`` "email" with the mail's Message-ID in ``intake_ref``, or "staff").
A mail is filed at most once: a second try for the same Message-ID is refused."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.appointments import REASONS
from ...models import Appointment, User, utcnow
from .. import audit
from .errors import AppointmentError

LANGUAGES = ("fi", "sv", "en")
SOURCES = ("email", "staff")
#: Field bounds, shared with the desk's form.
NAME_MAX = 100
EMAIL_MAX = 254
PHONE_MAX = 30
DETAILS_MAX = 4000


@dataclass(frozen=True)
class RequestData:
    """What a request needs; ``user_id``/``flat_id``/``resident_id`` link a known person."""

    name: str
    email: str
    reason: str
    language: str = "fi"
    phone: str = ""
    details: str = ""
    source: str = "staff"
    intake_ref: str = ""
    user_id: int | None = None
    flat_id: int | None = None
    resident_id: int | None = None


def already_filed(intake_ref: str) -> Appointment | None:
    """The request filed from the mail ``intake_ref`` (a Message-ID), if any."""
    if not intake_ref:
        return None
    return Appointment.get_or_none(Appointment.intake_ref == intake_ref)


def file_request(data: RequestData, actor: User | None) -> Appointment:
    """Write the request (call inside ``write_txn``); ``AppointmentError`` for bad input."""
    name = " ".join((data.name or "").split())[:NAME_MAX]
    email = (data.email or "").strip().lower()
    if not name:
        raise AppointmentError("name_required")
    local, at, domain = email.partition("@")
    if not (local and at and "." in domain) or len(email) > EMAIL_MAX or " " in email:
        raise AppointmentError("bad_email")
    if data.reason not in REASONS or data.language not in LANGUAGES:
        raise AppointmentError("bad_input")
    if data.source not in SOURCES:
        raise AppointmentError("bad_input")
    if already_filed(data.intake_ref):
        raise AppointmentError("already_filed")
    now = utcnow()
    appointment = Appointment.create(
        user=data.user_id,
        flat=data.flat_id,
        resident=data.resident_id,
        name=name,
        email=email,
        phone=(data.phone or "").strip()[:PHONE_MAX],
        reason=data.reason,
        details=(data.details or "").strip()[:DETAILS_MAX],
        language=data.language,
        status="requested",
        source=data.source,
        intake_ref=data.intake_ref[:255],
        created_at=now,
        updated_at=now,
    )
    audit.record(
        "appointment_filed",
        actor,
        appointment,
        actor_label="" if actor is not None else "mailbox",
        source=data.source,
    )
    return appointment

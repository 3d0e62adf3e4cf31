"""A person asks for an office visit: a resident from the resident pages (for one of their own
flats, contact details prefilled), or anyone from the public form, whose request waits
"unverified" until the mailed link confirms the address (and is deleted when it never is).

The desk sees a request only from "requested" on; an unverified one never reaches its list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ...db import write_txn
from ...domain.appointments import REASONS, WEEKDAYS, days_text
from ...domain.clock import helsinki_now
from ...domain.contacts import office_address
from ...models import Appointment, User, utcnow
from .. import access, audit, tokens
from ..errors import NotFound
from ..mailer import queue_mail
from ..urls import external_url
from .errors import AppointmentError
from .links import OPEN, manage_url
from .slots import to_local, to_utc

#: The purpose of the tokens that confirm a public request's e-mail address.
VERIFY = "appointment_verify"
#: How long a public request waits for its confirmation.
VERIFY_LIFETIME = timedelta(hours=24)


@dataclass(frozen=True)
class RequestInput:
    """What the form asks: why, which weekdays suit, how to reach the person, anything else."""

    reason: str
    name: str
    email: str
    phone: str = ""
    details: str = ""
    preferred_days: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewRequestPage:
    """The resident's request form: the flat it is for (and the others to choose from) and the
    contact details known of the user."""

    flat_id: int
    flats: list[access.FlatSummary]
    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class AppointmentRow:
    """One appointment as its person sees it."""

    id: int
    status: str
    reason: str
    preferred_days: list[str]
    details: str
    name: str
    email: str
    phone: str
    starts_at: datetime | None  # aware Helsinki time, when the desk gave one
    ends_at: datetime | None
    created_at: datetime
    decline_reason: str
    #: The cancel/rebook page of a visit still ahead (the same as the mailed link).
    manage_link: str = ""
    flat: str = ""

    @property
    def is_open(self) -> bool:
        return self.status in ("unverified", "requested", "proposed", "confirmed")


@dataclass(frozen=True)
class MyAppointments:
    open: list[AppointmentRow] = field(default_factory=list)
    past: list[AppointmentRow] = field(default_factory=list)


def _check(data: RequestInput) -> None:
    if data.reason not in REASONS:
        raise AppointmentError("reason")
    if any(day not in WEEKDAYS for day in data.preferred_days):
        raise AppointmentError("days")
    if not data.name.strip():
        raise AppointmentError("name")
    if "@" not in data.email:
        raise AppointmentError("email")


def _fields(data: RequestInput, language: str) -> dict:
    return {
        "reason": data.reason,
        "name": data.name.strip(),
        "email": data.email.strip().lower(),
        "phone": data.phone.strip(),
        "details": data.details.strip(),
        "preferred_days": days_text(data.preferred_days),
        "language": language if language in ("fi", "sv", "en") else "fi",
    }


def _tell_received(appointment: Appointment) -> None:
    """The person's receipt: what they asked for, and that the desk answers by e-mail."""
    queue_mail(
        appointment.email,
        "appointment_received",
        appointment.language,
        appointment=appointment,
        days=appointment.preferred_days.split(",") if appointment.preferred_days else [],
        address=office_address(appointment.language),
    )


# --- the resident pages ------------------------------------------------------------------------


def new_request_page(user: User, wanted_flat: int | None) -> NewRequestPage:
    """The form for one of the user's flats (``wanted_flat``, else the first): every resident
    may ask (capability "messages"); another flat's id is ``NotFound``."""
    flat_id = access.pick_flat(user, wanted_flat, "messages")
    flats = [fa for fa in access.started_flats(user) if fa.can("messages")]
    resident = user.resident if user.resident_id else None
    return NewRequestPage(
        flat_id=flat_id,
        flats=access.describe(flats) if len(flats) > 1 else [],
        name=resident.full_name if resident else user.name,
        email=user.notice_email,
        phone=resident.phone if resident else "",
    )


def request_from_pages(
    user: User, flat_id: int | None, data: RequestInput, language: str
) -> Appointment:
    """A resident asks for a visit about one of their flats; the desk sees it at once."""
    flat_id = access.pick_flat(user, flat_id, "messages")
    _check(data)
    with write_txn():
        appointment = Appointment.create(
            user=user,
            resident=user.resident_id,
            flat=flat_id,
            status="requested",
            source="pages",
            **_fields(data, language),
        )
        _tell_received(appointment)
        audit.record("appointment_requested", user, appointment, source="pages")
    return appointment


def _row(appointment: Appointment, flat: str = "") -> AppointmentRow:
    starts = to_local(appointment.starts_at) if appointment.starts_at else None
    ends = to_local(appointment.ends_at) if appointment.ends_at else None
    ahead = appointment.ends_at is not None and appointment.ends_at > utcnow()
    link = manage_url(appointment) if appointment.status in OPEN and ahead else ""
    return AppointmentRow(
        id=appointment.id,
        status=appointment.status,
        reason=appointment.reason,
        preferred_days=[d for d in appointment.preferred_days.split(",") if d],
        details=appointment.details,
        name=appointment.name,
        email=appointment.email,
        phone=appointment.phone,
        starts_at=starts,
        ends_at=ends,
        created_at=to_local(appointment.created_at),
        decline_reason=appointment.decline_reason,
        manage_link=link,
        flat=flat,
    )


def _mine(user: User):
    """The user's own appointments about flats they may still see: the one scope of the list,
    the details and the dashboard line."""
    flats = access.flat_ids_with(user, "messages")
    return Appointment.select().where((Appointment.user == user.id) & Appointment.flat.in_(flats))


def _ended(appointment: Appointment) -> bool:
    if appointment.status not in ("unverified", "requested", "proposed", "confirmed"):
        return True
    return appointment.ends_at is not None and appointment.ends_at <= utcnow()


def my_appointments(user: User) -> MyAppointments:
    """The user's visits: the open ones (soonest first), then the history (newest first)."""
    rows = list(_mine(user).order_by(Appointment.created_at.desc(), Appointment.id.desc()))
    open_rows = [a for a in rows if not _ended(a)]
    open_rows.sort(key=lambda a: (a.starts_at is None, a.starts_at or a.created_at))
    return MyAppointments(
        open=[_row(a) for a in open_rows], past=[_row(a) for a in rows if _ended(a)]
    )


def my_appointment(user: User, appointment_id: int) -> AppointmentRow:
    """One of the user's own appointments; anybody else's is ``NotFound``."""
    found = _mine(user).where(Appointment.id == appointment_id).first()
    if found is None:
        raise NotFound("appointment")
    summaries = access.describe([fa for fa in access.started_flats(user)
                                 if fa.flat_id == found.flat_id])  # fmt: skip
    flat = f"{summaries[0].address}, {summaries[0].number}" if summaries else ""
    return _row(found, flat)


def next_visit(user: User) -> datetime | None:
    """The start (Helsinki time) of the user's next confirmed visit, for the dashboard."""
    found = (
        _mine(user)
        .where((Appointment.status == "confirmed") & (Appointment.starts_at > utcnow()))
        .order_by(Appointment.starts_at)
        .first()
    )
    return to_local(found.starts_at) if found else None


# --- the public form ---------------------------------------------------------------------------


def request_from_public(data: RequestInput, language: str) -> Appointment:
    """Anyone asks for a visit without logging in: the request waits "unverified" (the desk
    does not see it) until the link mailed to the given address is opened, within 24 hours."""
    _check(data)
    with write_txn():
        appointment = Appointment.create(status="unverified", source="public",
                                         **_fields(data, language))  # fmt: skip
        raw = tokens.issue(VERIFY, None, VERIFY_LIFETIME, {"appointment": appointment.id})
        queue_mail(
            appointment.email,
            "appointment_verify",
            appointment.language,
            appointment=appointment,
            link=external_url("appointments.verify", token=raw),
        )
    return appointment


def verify(raw: str) -> Appointment:
    """The mailed link of a public request: it becomes "requested" and the desk sees it. A bad,
    used or expired link raises ``tokens.TokenError`` and changes nothing."""
    with write_txn():
        token = tokens.consume(VERIFY, raw)
        appointment = Appointment.get_or_none(Appointment.id == token.data["appointment"])
        if appointment is None:
            raise tokens.TokenError(tokens.TokenProblem.EXPIRED, token)  # swept meanwhile
        if appointment.status == "unverified":
            Appointment.update(status="requested", updated_at=utcnow()).where(
                (Appointment.id == appointment.id) & (Appointment.status == "unverified")
            ).execute()
            appointment.status = "requested"
            _tell_received(appointment)
            audit.record("appointment_requested", None, appointment, source="public",
                         actor_label=appointment.email)  # fmt: skip
    return appointment


def expire_unverified(now: datetime | None = None) -> int:
    """Delete the public requests never confirmed within their link's lifetime (with a margin):
    nothing of a stranger's typing is kept. The periodic job runs it."""
    now = now or helsinki_now()
    limit = to_utc(now) - VERIFY_LIFETIME - timedelta(hours=1)
    with write_txn():
        return (
            Appointment.delete()
            .where((Appointment.status == "unverified") & (Appointment.created_at < limit))
            .execute()
        )

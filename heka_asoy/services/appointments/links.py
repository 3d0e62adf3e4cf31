"""The signed link each appointment mail carries, to cancel or rebook without logging in.

The link names the appointment and its ``link_version``; every new time raises the version, so a
link from an older mail stops working (no replaying a cancel onto the new time). It needs no
expiry stamp of its own: it works until the appointment's end, then it is refused."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from ...models import Appointment, utcnow
from ..urls import external_url
from .errors import LinkRefused

SALT = "appointment-link"
#: States a link may still act on.
OPEN = ("proposed", "confirmed")


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(appointment: Appointment) -> str:
    return _serializer().dumps({"a": appointment.id, "v": appointment.link_version})


def manage_url(appointment: Appointment) -> str:
    return external_url("appointments.manage", token=token_for(appointment))


def appointment_for(token: str, *, open_only: bool = True) -> Appointment:
    """The appointment behind a link, or ``LinkRefused`` (invalid, superseded, expired)."""
    try:
        data = _serializer().loads(token)
    except BadSignature as exc:
        raise LinkRefused("invalid") from exc
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        raise LinkRefused("invalid")
    appointment = Appointment.get_or_none(Appointment.id == data["a"])
    if appointment is None:
        raise LinkRefused("invalid")
    if appointment.link_version != data.get("v"):
        raise LinkRefused("superseded")
    if appointment.ends_at is not None and appointment.ends_at <= utcnow():
        raise LinkRefused("expired")
    if open_only and appointment.status not in OPEN:
        raise LinkRefused("closed")
    return appointment

"""Words for the appointments' codes (reason, status, source, weekday), as template globals
(``appointment_reason`` …) so the desk's office pages and the identification form share them."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from ..appointments.labels import DAY_LABELS

REASON_LABELS = {
    "identification": _l("Office identification"),
    "lease": _l("Lease matters"),
    "keys": _l("Keys"),
    "other": _l("Other matter"),
}
STATUS_LABELS = {
    "unverified": _l("E-mail not confirmed"),
    "requested": _l("Waiting for a time"),
    "proposed": _l("Time proposed"),
    "confirmed": _l("Confirmed"),
    "declined": _l("Declined"),
    "cancelled": _l("Cancelled"),
    "came": _l("Came"),
    "no_show": _l("Did not come"),
}
STATUS_KINDS = {
    "requested": "info",
    "proposed": "warning",
    "confirmed": "success",
    "came": "success",
    "no_show": "error",
}
SOURCE_LABELS = {
    "pages": _l("Resident pages"),
    "public": _l("Public form"),
    "email": _l("E-mail"),
    "staff": _l("Asoy desk"),
}
LANGUAGE_LABELS = {"fi": "suomi", "sv": "svenska", "en": "English"}
WEEKDAY_LABELS = DAY_LABELS  # the person's pages name the days the same way


def appointment_reason(code: str) -> str:
    return str(REASON_LABELS.get(code, code))


def appointment_status(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


def appointment_status_kind(code: str) -> str:
    return STATUS_KINDS.get(code, "neutral")


def appointment_source(code: str) -> str:
    return str(SOURCE_LABELS.get(code, code))


def preferred_days(value: str) -> str:
    """ "wed,thu" as "Wednesday, Thursday"; empty when any day suits."""
    days = [d for d in (value or "").split(",") if d in WEEKDAY_LABELS]
    return ", ".join(str(WEEKDAY_LABELS[d]) for d in days)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        appointment_reason=appointment_reason,
        appointment_status=appointment_status,
        appointment_status_kind=appointment_status_kind,
        appointment_source=appointment_source,
        appointment_preferred_days=preferred_days,
    )

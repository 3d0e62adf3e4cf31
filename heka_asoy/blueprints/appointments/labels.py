"""Words for the appointment codes (statuses, reasons, weekdays), for the pages and the mails
alike: registered as template globals by the blueprint (``appt_status``, ``appt_status_kind``,
``appt_reason``, ``appt_day``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: What each status means to the person who asked for the visit.
STATUS_LABELS = {
    "unverified": _l("Waiting for you to confirm your e-mail address"),
    "requested": _l("Received: the asoy desk sends you a time by e-mail"),
    "proposed": _l("A time is proposed: accept it or choose another"),
    "confirmed": _l("Confirmed"),
    "declined": _l("Not booked: see the asoy desk's answer"),
    "cancelled": _l("Cancelled"),
    "came": _l("You visited the office"),
    "no_show": _l("You did not come to the visit"),
}
#: The status tag's colour (``_macros.status_tag``).
STATUS_KINDS = {
    "unverified": "warning",
    "requested": "info",
    "proposed": "warning",
    "confirmed": "success",
    "declined": "error",
    "cancelled": "neutral",
    "came": "success",
    "no_show": "neutral",
}
REASON_LABELS = {
    "identification": _l("Office identification for registering as a user"),
    "lease": _l("Lease matters"),
    "keys": _l("Keys"),
    "other": _l("Other matter"),
}
DAY_LABELS = {
    "mon": _l("Monday"),
    "tue": _l("Tuesday"),
    "wed": _l("Wednesday"),
    "thu": _l("Thursday"),
    "fri": _l("Friday"),
}


def appt_status(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


def appt_status_kind(code: str) -> str:
    return STATUS_KINDS.get(code, "neutral")


def appt_reason(code: str) -> str:
    return str(REASON_LABELS.get(code, code))


def appt_day(code: str) -> str:
    return str(DAY_LABELS.get(code, code))


TEMPLATE_GLOBALS = {
    "appt_status": appt_status,
    "appt_status_kind": appt_status_kind,
    "appt_reason": appt_reason,
    "appt_day": appt_day,
}

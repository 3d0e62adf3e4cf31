"""Words for the register page's codes: people's roles, account and lease states, and the
statuses of the cases listed on a flat's page (each feature's own words where they exist)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...domain import inbox as rules
from ...labels import category_label, status_label
from ..staff_inbox.labels import REQUEST_KIND_LABELS, own_status_label

ROLE_LABELS = {
    "lease_party": _l("Lease party"),
    "other_resident": _l("Other resident"),
    "former_party": _l("Former lease party"),
}
ACCOUNT_LABELS = {
    "active": _l("Account in use"),
    "disabled": _l("Account disabled"),
    "not_activated": _l("Account not activated"),
}
LEASE_LABELS = {"current": _l("Current"), "ahead": _l("Starts later"), "ended": _l("Ended")}
RUNNING_LABELS = {"running": _l("Running"), "ended": _l("Ended")}
APPOINTMENT_REASONS = {
    "identification": _l("Identification"),
    "lease": _l("Lease"),
    "keys": _l("Keys"),
    "other": _l("Other"),
}

APPOINTMENT_STATUSES = {
    "unverified": _l("E-mail not confirmed"),
    "requested": _l("Requested"),
    "proposed": _l("Time offered"),
    "confirmed": _l("Confirmed"),
    "declined": _l("Declined"),
    "cancelled": _l("Cancelled"),
    "came": _l("Came"),
    "no_show": _l("Did not come"),
}


def role(code: str) -> str:
    return str(ROLE_LABELS.get(code, code))


def account(code: str) -> str:
    return str(ACCOUNT_LABELS.get(code, code))


def lease(code: str) -> str:
    return str(LEASE_LABELS.get(code, code))


def running(code: str) -> str:
    return str(RUNNING_LABELS.get(code, code))


def fault_title(code: str) -> str:
    return category_label(code)


def fault_status(code: str) -> str:
    return status_label(code)


def request_title(code: str) -> str:
    return str(REQUEST_KIND_LABELS.get(code, code))


def request_status(code: str) -> str:
    return own_status_label(rules.REQUEST_TABLE, code)


def thread_status(code: str) -> str:
    return own_status_label(rules.THREAD_TABLE, code)


def appointment_reason(code: str) -> str:
    return str(APPOINTMENT_REASONS.get(code, code))


def appointment_status(code: str) -> str:
    return str(APPOINTMENT_STATUSES.get(code, code))

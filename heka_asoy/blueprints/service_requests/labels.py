"""Words for service-request codes (kinds, statuses, decisions, field names and choices), for
the resident's and the desk's pages and the mails alike: registered as template globals by the
blueprint (``sr_kind``, ``sr_status``, ``sr_decision``, ``sr_fields``)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from ...domain import service_requests as rules
from ...i18n import house_date

KIND_LABELS = {
    rules.DISTURBANCE: _l("Disturbing neighbours"),
    rules.SMOKING: _l("Smoking in the building"),
    rules.RENOVATION: _l("Permit to renovate yourself"),
    rules.TENANCY_TRANSFER: _l("Transfer of the tenancy to a family member"),
    rules.INSPECTION: _l("Flat inspection"),
    rules.OTHER: _l("Other request"),
}

KIND_HINTS = {
    rules.DISTURBANCE: _l(
        "Noise or other disturbance from a neighbour. Your name is never shown to the neighbour."
    ),
    rules.SMOKING: _l(
        "Smoke from a neighbour's flat, balcony or the stairwell. "
        "Your name is never shown to the neighbour."
    ),
    rules.RENOVATION: _l(
        "Ask for permission before you renovate the flat yourself; attach plans if you have them."
    ),
    rules.TENANCY_TRANSFER: _l(
        "Transfer the lease to a family member who lives in the flat with you."
    ),
    rules.INSPECTION: _l("Order an inspection of the flat, e.g. for damage or moisture."),
    rules.OTHER: _l("Anything else the asoy desk can help with."),
}

STATUS_LABELS = {
    rules.RECEIVED: _l("Received"),
    rules.IN_PROGRESS: _l("Being handled"),
    rules.WAITING: _l("Waiting for the resident's answer"),
    rules.DECIDED: _l("Decided"),
    rules.CLOSED: _l("Closed"),
}

DECISION_LABELS = {
    rules.APPROVED: _l("Approved"),
    rules.WITH_CONDITIONS: _l("Approved with conditions"),
    rules.REFUSED: _l("Refused"),
}

FREQUENCY_LABELS = {
    "once": _l("Once"),
    "sometimes": _l("Now and then"),
    "weekly": _l("Every week"),
    "daily": _l("Every day"),
}

WORKER_LABELS = {
    "self": _l("I do it myself"),
    "contractor": _l("A contractor"),
}

FIELD_LABELS = {
    "what": _l("What happens"),
    "when": _l("When does it happen"),
    "how_often": _l("How often"),
    "which_flat": _l("Which flat, if you know"),
    "where": _l("Where"),
    "details": _l("More details"),
    "starts_on": _l("Work starts on"),
    "ends_on": _l("Work ends on"),
    "worker": _l("Who does the work"),
    "contractor": _l("Contractor's name and contact details"),
    "first_names": _l("First names"),
    "last_name": _l("Last name"),
    "birth_date": _l("Date of birth"),
    "relationship": _l("Relationship to you"),
    "living_since": _l("Living in the flat since"),
    "phone": _l("Phone"),
    "email": _l("E-mail"),
    "reason": _l("Reason"),
    "preferred_times": _l("Preferred times"),
    "subject": _l("Subject"),
}

#: The renovation request's "what" reads better as the work to be done.
KIND_FIELD_LABELS = {
    (rules.RENOVATION, "what"): _l("What will you renovate"),
    (rules.RENOVATION, "where"): _l("In which room or part of the flat"),
    (rules.SMOKING, "where"): _l("Where does the smoke come from"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def kind_hint(kind: str) -> str:
    return str(KIND_HINTS.get(kind, ""))


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def decision_label(decision: str) -> str:
    return str(DECISION_LABELS.get(decision, decision))


def field_label(kind: str, name: str) -> str:
    return str(KIND_FIELD_LABELS.get((kind, name), FIELD_LABELS.get(name, name)))


def _value(name: str, value) -> str:
    if name == "how_often":
        return str(FREQUENCY_LABELS.get(value, value))
    if name == "worker":
        return str(WORKER_LABELS.get(value, value))
    if name in ("starts_on", "ends_on", "birth_date", "living_since"):
        try:
            return house_date(date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def shown_fields(kind: str, data: dict) -> list[tuple[str, str]]:
    """The request's fields as (label, words) in the kind's order, those given only."""
    return [
        (field_label(kind, name), _value(name, data[name]))
        for name in rules.FIELDS.get(kind, {})
        if data.get(name) not in (None, "")
    ]


TEMPLATE_GLOBALS = {
    "sr_kind": kind_label,
    "sr_kind_hint": kind_hint,
    "sr_status": status_label,
    "sr_decision": decision_label,
    "sr_fields": shown_fields,
}

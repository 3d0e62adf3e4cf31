"""Service requests (palvelupyynnöt): the kinds, who may file each, their fields, statuses and
decisions. Pure rules: the services apply them, the forms and pages name them.

Who may file which kind (DOMAIN.md's access table, as ``services.access`` capabilities):

* disturbance, smoking, other: every resident (the lease party and an other resident; an agent
  within scope). They are filed with ``faults``, the every-resident capability: a neighbour's
  noise or smoke bothers whoever lives in the flat, exactly like a fault does, and a power of
  attorney that covers fault reports covers these too.
* renovation (permit to renovate yourself): ``renovation`` (lease party; agent with a
  renovation or general power).
* tenancy transfer and flat inspection: ``service_requests`` (lease party; agent within scope).

A request is seen by its requester and the asoy desk only, never by other residents of the
flat: a disturbance report must never reach the neighbour it is about, and the safest rule is
that nobody but the one who wrote it sees it.
"""

from __future__ import annotations

from datetime import date

DISTURBANCE = "disturbance"
SMOKING = "smoking"
RENOVATION = "renovation"
TENANCY_TRANSFER = "tenancy_transfer"
INSPECTION = "inspection"
OTHER = "other"

#: The kinds in the order the type chooser lists them.
KINDS: tuple[str, ...] = (DISTURBANCE, SMOKING, RENOVATION, TENANCY_TRANSFER, INSPECTION, OTHER)

#: The capability (``services.access``) a user needs in the flat to file each kind.
CAPABILITY: dict[str, str] = {
    DISTURBANCE: "faults",
    SMOKING: "faults",
    OTHER: "faults",
    RENOVATION: "renovation",
    TENANCY_TRANSFER: "service_requests",
    INSPECTION: "service_requests",
}

#: Reports about neighbours: the reporter is never named to anyone but the desk.
NEIGHBOUR_REPORTS = frozenset({DISTURBANCE, SMOKING})

RECEIVED = "received"
IN_PROGRESS = "in_progress"
WAITING = "waiting_for_resident"
DECIDED = "decided"
CLOSED = "closed"
STATUSES: tuple[str, ...] = (RECEIVED, IN_PROGRESS, WAITING, DECIDED, CLOSED)

APPROVED = "approved"
WITH_CONDITIONS = "approved_with_conditions"
REFUSED = "refused"

#: The decisions each kind can get; a kind without any is handled and closed, not decided
#: (a disturbance report is not "approved").
DECISIONS: dict[str, tuple[str, ...]] = {
    RENOVATION: (APPROVED, WITH_CONDITIONS, REFUSED),
    TENANCY_TRANSFER: (APPROVED, WITH_CONDITIONS, REFUSED),
    INSPECTION: (APPROVED, REFUSED),
}
#: Decisions that must say why, or on which conditions.
NEEDS_TEXT = frozenset({WITH_CONDITIONS, REFUSED})

#: How often a neighbour's disturbance or smoking happens.
FREQUENCIES: tuple[str, ...] = ("once", "sometimes", "weekly", "daily")
#: Who does the renovation work.
WORKERS: tuple[str, ...] = ("self", "contractor")

SHORT_MAX = 200
TEXT_MAX = 4000
MESSAGE_MAX = 4000
MAX_ATTACHMENTS = 5

#: Each kind's fields: name -> (type, required). Types: "text" (one line), "long" (several
#: lines), "date", or a tuple of the allowed values.
FIELDS: dict[str, dict[str, tuple[object, bool]]] = {
    DISTURBANCE: {
        "what": ("long", True),
        "when": ("text", True),
        "how_often": (FREQUENCIES, True),
        "which_flat": ("text", False),
    },
    SMOKING: {
        "where": ("text", True),
        "when": ("text", True),
        "how_often": (FREQUENCIES, True),
        "which_flat": ("text", False),
        "details": ("long", False),
    },
    RENOVATION: {
        "what": ("long", True),
        "where": ("text", True),
        "starts_on": ("date", True),
        "ends_on": ("date", True),
        "worker": (WORKERS, True),
        "contractor": ("text", False),
    },
    TENANCY_TRANSFER: {
        "first_names": ("text", True),
        "last_name": ("text", True),
        "birth_date": ("date", True),
        "relationship": ("text", True),
        "living_since": ("date", True),
        "phone": ("text", False),
        "email": ("text", False),
        "reason": ("long", False),
    },
    INSPECTION: {
        "reason": ("long", True),
        "preferred_times": ("text", True),
    },
    OTHER: {
        "subject": ("text", True),
        "details": ("long", True),
    },
}


class RequestRuleError(ValueError):
    """A request's fields break a rule: ``field`` is the field it is said next to (None: the
    whole form), ``code`` picks the words."""

    def __init__(self, code: str, field: str | None = None):
        super().__init__(code)
        self.code = code
        self.field = field


def is_kind(kind: str) -> bool:
    return kind in CAPABILITY


def clean_data(kind: str, raw: dict, today: date) -> dict:
    """The request's fields as stored: only the kind's own fields, trimmed, every required one
    given, choices from their lists, lengths bounded, dates in order. ``RequestRuleError`` names
    the first problem."""
    if not is_kind(kind):
        raise RequestRuleError("kind")
    data: dict = {}
    for name, (kind_of, required) in FIELDS[kind].items():
        value = raw.get(name)
        if kind_of == "date":
            if value is None or value == "":
                if required:
                    raise RequestRuleError("required", name)
                continue
            if not isinstance(value, date):
                raise RequestRuleError("date", name)
            data[name] = value.isoformat()
            continue
        text = value.strip() if isinstance(value, str) else ""
        if kind_of != "long":
            text = " ".join(text.split())
        if not text:
            if required:
                raise RequestRuleError("required", name)
            continue
        if isinstance(kind_of, tuple):
            if text not in kind_of:
                raise RequestRuleError("choice", name)
        elif len(text) > (TEXT_MAX if kind_of == "long" else SHORT_MAX):
            raise RequestRuleError("too_long", name)
        data[name] = text
    _check_dates(kind, data, today)
    return data


def _check_dates(kind: str, data: dict, today: date) -> None:
    if kind == RENOVATION:
        if date.fromisoformat(data["starts_on"]) < today:
            raise RequestRuleError("date_past", "starts_on")
        if data["ends_on"] < data["starts_on"]:
            raise RequestRuleError("ends_before_start", "ends_on")
        if data["worker"] == "contractor" and not data.get("contractor"):
            raise RequestRuleError("contractor_required", "contractor")
    if kind == TENANCY_TRANSFER:
        if date.fromisoformat(data["birth_date"]) > today:
            raise RequestRuleError("date_future", "birth_date")
        if date.fromisoformat(data["living_since"]) > today:
            raise RequestRuleError("date_future", "living_since")


# --- statuses --------------------------------------------------------------------------------


def statuses_for(kind: str) -> tuple[str, ...]:
    """The statuses a kind can have: "decided" only where it can be decided."""
    return tuple(s for s in STATUSES if s != DECIDED or kind in DECISIONS)


def can_set_status(kind: str, current: str, new: str) -> bool:
    """Can the desk move a request from ``current`` to ``new`` by a plain status change?
    "decided" comes only with a decision (``can_decide``); "received" is where a request starts,
    never where it goes back to; a closed request may be reopened (in progress)."""
    if new == current or new not in statuses_for(kind) or new in (RECEIVED, DECIDED):
        return False
    if current == CLOSED:
        return new == IN_PROGRESS
    return True


def can_decide(kind: str, current: str, decision: str) -> bool:
    """A decision of the kind's own, on a request still open. A decided request is decided
    again only after the desk has reopened it ("in progress"): so two desk workers deciding at
    once never overwrite each other's decision unseen."""
    return decision in DECISIONS.get(kind, ()) and current not in (DECIDED, CLOSED)


def decision_text_problem(decision: str, text: str) -> str | None:
    """The problem code: "text_required" when a decision needs its conditions or reason;
    "too_long" past the limit; else None."""
    text = (text or "").strip()
    if decision in NEEDS_TEXT and not text:
        return "text_required"
    if len(text) > TEXT_MAX:
        return "too_long"
    return None


def status_after_reply(current: str) -> str:
    """The resident's reply to a request waiting for them puts it back in the desk's hands (in
    progress); any other open status stays as it is. A closed request takes no reply (the
    resident files a new one), which the service refuses before asking this."""
    return IN_PROGRESS if current == WAITING else current


def accepts_reply(current: str) -> bool:
    return current != CLOSED

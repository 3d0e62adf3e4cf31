"""Words for the inbox's codes: kinds of case, queue states, and each table's own statuses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...domain import inbox as rules
from ...labels import status_label

KIND_LABELS = {
    rules.FAULT: _l("Fault report"),
    rules.MESSAGE: _l("Message"),
    rules.MAILBOX: _l("Mailbox case"),
    rules.REQUEST: _l("Service request"),
}
STATE_LABELS = {
    rules.OPEN: _l("Open"),
    rules.WAITING: _l("Waiting"),
    rules.CLOSED: _l("Closed"),
}
STATE_FILTER_LABELS = {
    rules.ACTIVE: _l("Open or waiting"),
    rules.OPEN: _l("Open"),
    rules.WAITING: _l("Waiting"),
    rules.CLOSED: _l("Closed"),
    rules.ALL: _l("All"),
}
_THREAD_STATUS = {"open": _l("Open"), "answered": _l("Answered"), "closed": _l("Closed")}
_REQUEST_STATUS = {
    "received": _l("Received"),
    "in_progress": _l("Being handled"),
    "waiting_for_resident": _l("Waiting for the resident"),
    "decided": _l("Decided"),
    "closed": _l("Closed"),
}
REQUEST_KIND_LABELS = {
    "disturbance": _l("Disturbing neighbours"),
    "smoking": _l("Smoking in the building"),
    "renovation": _l("Permit to renovate"),
    "tenancy_transfer": _l("Transfer of the tenancy"),
    "inspection": _l("Flat inspection"),
    "other": _l("Other"),
}


def own_status_label(table: int, status: str) -> str:
    """A table's own status in words."""
    if table == rules.FAULT_TABLE:
        return status_label(status)
    table_labels = _THREAD_STATUS if table == rules.THREAD_TABLE else _REQUEST_STATUS
    return str(table_labels.get(status, status))


def title_of(row) -> str:
    """What a row shows as its title: a request's kind in words, else its own text."""
    if row.table == rules.REQUEST_TABLE:
        return str(REQUEST_KIND_LABELS.get(row.title, row.title))
    return row.title


def label(what: str, code: str, table: int) -> str:
    """For the CSV: ``what`` is kind, state, status or title."""
    if what == "title":
        if table == rules.REQUEST_TABLE:
            return str(REQUEST_KIND_LABELS.get(code, code))
        return code
    if what == "kind":
        return str(KIND_LABELS.get(code, code))
    if what == "state":
        return str(STATE_LABELS.get(code, code))
    return own_status_label(table, code)


def kind_names() -> dict[str, str]:
    """The kinds in words, translated once (a page uses them on every row)."""
    return {code: str(name) for code, name in KIND_LABELS.items()}


def state_names() -> dict[str, str]:
    """The queue states in words, translated once."""
    return {state: str(name) for state, name in STATE_LABELS.items()}


def state_tags(status_tag) -> dict[str, str]:
    """Each queue state as its status tag (the template's macro), made once per page."""
    kinds = {rules.OPEN: "info", rules.WAITING: "warning", rules.CLOSED: "neutral"}
    return {state: status_tag(str(STATE_LABELS[state]), kinds[state]) for state in rules.STATES}

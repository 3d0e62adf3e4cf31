"""The asoy desk's inbox (issue 10 §4): one queue over fault reports, message threads, mailbox
cases and service requests (:mod:`.queue`, its SQL in :mod:`.sql`), its CSV export
(:mod:`.export`), assignment to a desk worker (:mod:`.assignment`) and reply templates
(:mod:`.templates`)."""

from .assignment import assign
from .queue import ME, NOBODY, Cursor, InboxFilters, InboxPage, InboxRow, page
from .templates import template_body

__all__ = [
    "ME",
    "NOBODY",
    "Cursor",
    "InboxFilters",
    "InboxPage",
    "InboxRow",
    "assign",
    "page",
    "template_body",
]

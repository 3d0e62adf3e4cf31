"""Fault reports: statuses and who may change them, the category tree, urgency, timing rules.

Pure rules: no Flask, no database, no translations (labels for codes belong to the UI layer).

Urgent faults (water leaks, sewer blockages, electrical faults) are phoned, never only filed;
:func:`looks_urgent` decides when the form must stop and say so again. Timing rules reuse
:mod:`heka_asoy.domain.office_hours` (Finnish public holidays included).

Every datetime argument must be timezone-aware; a naive one raises ValueError. The database
stores naive UTC (``models.base.utcnow``), so callers attach ``tzinfo=UTC`` first; passing naive
values through would silently be read as Helsinki wall time by the office-hours rules.

The topics: ``photos`` (photo limits), ``statuses`` (statuses, actors, transitions), ``visits``
(the agreed visit), ``categories`` (the category tree), ``urgency`` (words that mean a fault
must be phoned) and ``timing`` (reopening, forwarding, overdue). Callers import this package:
``from heka_asoy.domain import faults as rules``.
"""

from .categories import (
    CATEGORIES,
    LEAF_CODES,
    TOP_LEVEL_CODES,
    URGENT_CATEGORY_CODES,
    Category,
    category,
    children,
    is_leaf,
)
from .photos import MAX_PHOTOS, MAX_REPORT_PHOTOS
from .statuses import (
    ACTOR_TRANSITIONS,
    ACTORS,
    CANCELLED,
    CLOSED_STATUSES,
    DESK,
    DONE,
    IN_PROGRESS,
    MAINTENANCE,
    MAINTENANCE_STATUSES,
    OPEN_STATUSES,
    RECEIVED,
    REDIRECTED,
    RESIDENT,
    REVIEW,
    SENT_TO_MAINTENANCE,
    STATUSES,
    SYSTEM,
    TIMELINE_STEPS,
    TRANSITIONS,
    UNCONFIRMED,
    VISIT_AGREED,
    WAITING_FOR_PARTS,
    allowed_next,
    can_transition,
)
from .timing import (
    MAINTENANCE_BUSINESS,
    MAINTENANCE_HOURS,
    NEW_REPORT,
    OVERDUE_LIMITS,
    REOPEN,
    REOPEN_WINDOW,
    feedback_outcome,
    forward_at,
    overdue,
    overdue_deadline,
)
from .urgency import looks_urgent, urgent_matches
from .visits import (
    KEEPS_VISIT,
    VISIT_STATUSES,
    VISIT_TIME_REQUIRED,
    VISIT_TIME_UNEXPECTED,
    visit_problem,
)

__all__ = [
    "ACTORS",
    "ACTOR_TRANSITIONS",
    "CANCELLED",
    "CATEGORIES",
    "CLOSED_STATUSES",
    "Category",
    "DESK",
    "DONE",
    "IN_PROGRESS",
    "KEEPS_VISIT",
    "LEAF_CODES",
    "MAINTENANCE",
    "MAINTENANCE_BUSINESS",
    "MAINTENANCE_HOURS",
    "MAINTENANCE_STATUSES",
    "MAX_PHOTOS",
    "MAX_REPORT_PHOTOS",
    "NEW_REPORT",
    "OPEN_STATUSES",
    "OVERDUE_LIMITS",
    "RECEIVED",
    "REDIRECTED",
    "REOPEN",
    "REOPEN_WINDOW",
    "RESIDENT",
    "REVIEW",
    "SENT_TO_MAINTENANCE",
    "STATUSES",
    "SYSTEM",
    "TIMELINE_STEPS",
    "TOP_LEVEL_CODES",
    "TRANSITIONS",
    "UNCONFIRMED",
    "URGENT_CATEGORY_CODES",
    "VISIT_AGREED",
    "VISIT_STATUSES",
    "VISIT_TIME_REQUIRED",
    "VISIT_TIME_UNEXPECTED",
    "WAITING_FOR_PARTS",
    "allowed_next",
    "can_transition",
    "category",
    "children",
    "feedback_outcome",
    "forward_at",
    "is_leaf",
    "looks_urgent",
    "overdue",
    "overdue_deadline",
    "urgent_matches",
    "visit_problem",
]

"""The agreed visit: in which statuses its time may be moved or is kept, and when a status
change must carry a visit time (or must not).
"""

from __future__ import annotations

from .statuses import DONE, IN_PROGRESS, VISIT_AGREED, WAITING_FOR_PARTS

#: Statuses in which an agreed visit is still to come (or under way): its time may be moved.
VISIT_STATUSES: frozenset[str] = frozenset({VISIT_AGREED, IN_PROGRESS, WAITING_FOR_PARTS})
#: Statuses that keep the visit time; any other move clears it, so a report sent back to
#: maintenance (reopened by "not fixed", or by the desk) never shows its old visit as the coming
#: one.
KEEPS_VISIT: frozenset[str] = VISIT_STATUSES | {DONE}
VISIT_TIME_REQUIRED = "visit_time_required"
VISIT_TIME_UNEXPECTED = "visit_time_unexpected"


def visit_problem(current: str, new: str | None, has_visit_time: bool) -> str | None:
    """Why a change with (or without) a visit time is refused, or None when it is fine.

    ``new`` is None when the status stays (a note, or moving the agreed visit). "Visit agreed"
    without a time would leave the resident with a visit without a date; with a status change a
    time goes only with "visit agreed"; without one, a time moves a visit only while one is agreed.
    """
    if new is None:
        if has_visit_time and current not in VISIT_STATUSES:
            return VISIT_TIME_UNEXPECTED
        return None
    if new == VISIT_AGREED and not has_visit_time:
        return VISIT_TIME_REQUIRED
    if new != VISIT_AGREED and has_visit_time:
        return VISIT_TIME_UNEXPECTED
    return None

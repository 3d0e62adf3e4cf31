"""A report's statuses, who acts on it, and which status each actor may move it to.

The transition table is per actor (desk, maintenance, system, resident); ``TRANSITIONS`` is
their union, for reading. The desk never moves a report to "unconfirmed" or "review".
"""

from __future__ import annotations

from types import MappingProxyType

#: A public (no-login) report waiting for the reporter to confirm it by the e-mailed link.
UNCONFIRMED = "unconfirmed"
#: A confirmed public report that did not match the resident register: the desk reviews it.
REVIEW = "review"
RECEIVED = "received"
SENT_TO_MAINTENANCE = "sent_to_maintenance"
VISIT_AGREED = "visit_agreed"
IN_PROGRESS = "in_progress"
WAITING_FOR_PARTS = "waiting_for_parts"
DONE = "done"
CANCELLED = "cancelled"
#: Heka's own responsibility: taken off the maintenance company.
REDIRECTED = "redirected"

STATUSES: tuple[str, ...] = (
    UNCONFIRMED,
    REVIEW,
    RECEIVED,
    SENT_TO_MAINTENANCE,
    VISIT_AGREED,
    IN_PROGRESS,
    WAITING_FOR_PARTS,
    DONE,
    CANCELLED,
    REDIRECTED,
)
CLOSED_STATUSES: frozenset[str] = frozenset({DONE, CANCELLED, REDIRECTED})
OPEN_STATUSES: frozenset[str] = frozenset(STATUSES) - CLOSED_STATUSES
#: The happy path, in order, for drawing the status timeline.
TIMELINE_STEPS: tuple[str, ...] = (
    RECEIVED,
    SENT_TO_MAINTENANCE,
    VISIT_AGREED,
    IN_PROGRESS,
    WAITING_FOR_PARTS,
    DONE,
)
#: Statuses the maintenance company works in (and may set through its signed link).
MAINTENANCE_STATUSES: frozenset[str] = frozenset(
    {SENT_TO_MAINTENANCE, VISIT_AGREED, IN_PROGRESS, WAITING_FOR_PARTS}
)


DESK = "desk"
MAINTENANCE = "maintenance"
SYSTEM = "system"
RESIDENT = "resident"
ACTORS: tuple[str, ...] = (DESK, MAINTENANCE, SYSTEM, RESIDENT)

_MAINTENANCE_TARGETS = frozenset({VISIT_AGREED, IN_PROGRESS, WAITING_FOR_PARTS, DONE})
# The desk never puts a report back to "unconfirmed" (only the reporter's e-mail confirms) nor
# into "review" (the queue for unmatched public reports, filled by the system alone).
_DESK_TARGETS = frozenset(STATUSES) - {UNCONFIRMED, REVIEW}


def _frozen(table: dict[str, frozenset[str]]) -> MappingProxyType[str, frozenset[str]]:
    return MappingProxyType({old: frozenset(new - {old}) for old, new in table.items() if new})


#: Allowed moves per actor: ``ACTOR_TRANSITIONS[actor][old]`` is the set of possible new statuses.
ACTOR_TRANSITIONS: MappingProxyType[str, MappingProxyType[str, frozenset[str]]] = MappingProxyType(
    {
        SYSTEM: _frozen(
            {
                UNCONFIRMED: frozenset({RECEIVED, REVIEW}),  # confirmed; matched or not
                RECEIVED: frozenset({SENT_TO_MAINTENANCE}),  # forwarded at forward_at()
                DONE: frozenset({RECEIVED}),  # "not fixed" within REOPEN_WINDOW
            }
        ),
        DESK: _frozen(
            {
                # Spam or a duplicate can be cancelled before it is confirmed, nothing else.
                UNCONFIRMED: frozenset({CANCELLED}),
                REVIEW: frozenset({RECEIVED, CANCELLED}),
                **{old: _DESK_TARGETS for old in OPEN_STATUSES - {UNCONFIRMED, REVIEW}},
                DONE: frozenset({RECEIVED}),  # reopened by hand
            }
        ),
        MAINTENANCE: _frozen({old: _MAINTENANCE_TARGETS for old in MAINTENANCE_STATUSES}),
        RESIDENT: _frozen({old: frozenset({CANCELLED}) for old in (RECEIVED, SENT_TO_MAINTENANCE)}),
    }
)


def _union() -> dict[str, frozenset[str]]:
    merged: dict[str, frozenset[str]] = {}
    for table in ACTOR_TRANSITIONS.values():
        for old, new in table.items():
            merged[old] = merged.get(old, frozenset()) | new
    return {status: merged[status] for status in STATUSES if status in merged}


#: Every move some actor may make: ``TRANSITIONS[old]`` is the set of possible new statuses.
TRANSITIONS: dict[str, frozenset[str]] = _union()


def allowed_next(old: str, actor: str) -> frozenset[str]:
    """The statuses ``actor`` may move a report in ``old`` to (empty when none)."""
    if actor not in ACTOR_TRANSITIONS:
        raise ValueError(f"unknown actor {actor!r}")
    return ACTOR_TRANSITIONS[actor].get(old, frozenset())


def can_transition(old: str, new: str, actor: str) -> bool:
    """True when ``actor`` may move a report from ``old`` to ``new``.

    Unknown statuses (e.g. from a tampered form) are simply not allowed; an unknown actor is a
    programming error and raises ValueError. Staying in the same status is never a transition.
    """
    return new in allowed_next(old, actor)

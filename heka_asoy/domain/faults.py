"""Fault reports: statuses and who may change them, the category tree, urgency, timing rules.

Pure rules: no Flask, no database, no translations (labels for codes belong to the UI layer).

Urgent faults (water leaks, sewer blockages, electrical faults) are phoned, never only filed;
:func:`looks_urgent` decides when the form must stop and say so again. Timing rules reuse
:mod:`heka_asoy.domain.office_hours` (Finnish public holidays included).

Every datetime argument must be timezone-aware; a naive one raises ValueError. The database
stores naive UTC (``models.base.utcnow``), so callers attach ``tzinfo=UTC`` first; passing naive
values through would silently be read as Helsinki wall time by the office-hours rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import MappingProxyType

from .office_hours import (
    DEFAULT_HOURS,
    HELSINKI,
    Hours,
    WeeklyHours,
    business_hours_between,
    desk_open,
    next_desk_opening,
    to_helsinki,
)

# --- photos -------------------------------------------------------------------------------------

#: Photos one fault form may carry (the resident's and the public form alike).
MAX_PHOTOS = 5
#: Photos one report may hold in all, those added with comments included.
MAX_REPORT_PHOTOS = MAX_PHOTOS * 2

# --- statuses -----------------------------------------------------------------------------------

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

# --- transitions --------------------------------------------------------------------------------

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


# --- the agreed visit ----------------------------------------------------------------------------

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


# --- the category tree --------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    """A node of the fault category tree. ``parent`` is None at the top level.

    ``urgent`` marks categories that must be phoned (the form stops and says so).
    """

    code: str
    parent: str | None = None
    urgent: bool = False


def _tree() -> tuple[Category, ...]:
    top = {
        "water": (  # water and plumbing
            "leak!",
            "tap",
            "toilet",
            "drain_blocked!",  # sewer blockage
            "shower",
            "other",
        ),
        "electricity": ("no_power!", "burning_smell!", "socket", "lighting", "other"),
        "doors_windows": ("lock", "door", "window", "balcony", "other"),  # doors, locks, windows
        "appliances": ("stove", "fridge", "dishwasher", "washing_machine", "other"),
        "ventilation_heating": ("radiator_cold", "ventilation", "other"),
        "common_areas": ("stairwell", "laundry", "sauna", "yard", "other"),
        "other": ("other",),
    }
    nodes: list[Category] = []
    for parent, kids in top.items():
        nodes.append(Category(parent))
        for kid in kids:
            name = kid.rstrip("!")
            nodes.append(Category(f"{parent}.{name}", parent, urgent=kid.endswith("!")))
    return tuple(nodes)


#: Top-level nodes and their children, in display order.
CATEGORIES: tuple[Category, ...] = _tree()
_BY_CODE: MappingProxyType[str, Category] = MappingProxyType({c.code: c for c in CATEGORIES})
TOP_LEVEL_CODES: tuple[str, ...] = tuple(c.code for c in CATEGORIES if c.parent is None)
#: The codes a report may be filed under (only leaves are selectable).
LEAF_CODES: tuple[str, ...] = tuple(
    c.code for c in CATEGORIES if not any(k.parent == c.code for k in CATEGORIES)
)
URGENT_CATEGORY_CODES: frozenset[str] = frozenset(c.code for c in CATEGORIES if c.urgent)


def category(code: str) -> Category:
    """The category with ``code``; KeyError when there is none."""
    return _BY_CODE[code]


def is_leaf(code: str) -> bool:
    """True for a selectable category (a known code without children)."""
    return code in LEAF_CODES


def children(parent_code: str | None) -> tuple[Category, ...]:
    """The children of ``parent_code`` in display order; ``None`` gives the top level.

    Raises KeyError for an unknown parent code.
    """
    if parent_code is not None:
        category(parent_code)
    return tuple(c for c in CATEGORIES if c.parent == parent_code)


# --- urgency ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    """Every term must match a distinct token, all within ``window`` tokens of each other.

    Terms are regular expressions matched against whole tokens (casefolded, punctuation
    removed), so a term like ``vuota\\w*`` covers Finnish inflections. ``unless`` terms cancel
    the match when any of them occurs within ``window`` tokens of it (e.g. a tap for "leaks").
    """

    terms: tuple[re.Pattern[str], ...]
    window: int = 1
    unless: tuple[re.Pattern[str], ...] = ()


def _rule(*terms: str, window: int | None = None, unless: tuple[str, ...] = ()) -> _Rule:
    return _Rule(
        tuple(re.compile(t) for t in terms),
        window if window is not None else max(1, len(terms) + 2),
        tuple(re.compile(u) for u in unless),
    )


# A dripping tap or a running toilet is an ordinary fault, not a leak to phone about.
_TAP = (r"hana\w*", r"\w*hanan?", r"kran\w*", r"\w*kranen", r"taps?", r"faucets?")
_TOBACCO = (r"tupak\w*", r"\w*savuk\w*", r"cigarett\w*", r"tobak\w*", r"cigarettes?", r"tobacco")
_SMOKE_ALARM = (
    r"\w*ilmais\w*",
    r"\w*varoit\w*",
    r"detector\w*",
    r"alarms?",
    r"\w*larm\w*",
    r"\w*varnare\w*",
    r"\w*detektor\w*",
)
_BLOCKED_FI = r"tuk[ok]\w*"  # tukossa, tukkeutunut, tukkoon, tukos; not "tuki" (support)
_BLOCKED_SV = r"(stopp\w*|igensatt\w*|igentäppt\w*|tilltäppt\w*|täppt\w*)"
_BLOCKED_EN = r"(block\w*|clog\w*|backed|backing)"
_WATER_FI = r"(vesi\w*|vettä|veden|vedet|vedessä)"
_POWER_FI = r"(sähkö|sähköä|sähköt|sähköjä|virta|virrat)"

_URGENT_RULES: tuple[_Rule, ...] = (
    # --- Finnish: leaks and floods (vuoto, vuotaa, vuotava, vuodon, vesivuoto; not "5-vuotias")
    _rule(r"\w*vuo[td]o\w*", unless=_TAP, window=3),
    _rule(r"vuota\w*", unless=_TAP, window=3),
    _rule(r"vuoti(?!a)\w*", unless=_TAP, window=3),
    _rule(r"\w*tulv\w*"),  # tulva, tulvii, tulvinut, vesitulva
    _rule(r"\w*vesivahin\w*"),  # vesivahinko
    _rule(_WATER_FI, r"lattia\w*", window=4),  # vettä lattialla, lattialla on vettä
    _rule(r"(märkä|märkänä|märän|kastu\w*)", r"lattia\w*", window=3),
    # sewer blockage: viemäri tukossa, tukossa oleva viemäri, viemäri on tukkeutunut
    _rule(r"\w*viemär\w*", _BLOCKED_FI, window=3),
    _rule(r"\w*viemär\w*tuk[ok]\w*"),  # viemäritukos
    _rule(r"(lattiakaiv\w*|wc\w*|vessa\w*|pönttö\w*|\w*istuin\w*)", _BLOCKED_FI, window=3),
    # electricity: sähkökatko, ei sähköä, sähköt poikki, sähköt meni
    _rule(r"\w*sähkökatk\w*"),
    _rule(r"\w*virtakatk\w*"),
    _rule(r"(ei|eikä)", _POWER_FI, window=3),
    _rule(_POWER_FI, r"(poikki|katke\w*|katkes\w*|pois|meni|mennyt|menneet|lähti|lähteneet)"),
    _rule(r"\w*oikosul\w*"),  # oikosulku
    _rule(r"\w*sähköisku\w*"),
    _rule(r"kipin[äö]\w*"),  # kipinä, kipinöi, kipinöintiä
    # burning: palaneen haju, haisee palaneelta, käry, savua; not "lamppu on palanut"
    _rule(r"(palane\w*|palanu\w*|palamis\w*|savun)", r"(haju\w*|hais\w*|käry\w*|tuoksu\w*)"),
    _rule(r"\w*käry\w*"),
    _rule(r"savu(?!ilmai|varoit|hormi)\w*", unless=_TOBACCO + _SMOKE_ALARM, window=2),
    _rule(r"\w*tulipalo\w*"),
    # --- Swedish: läcker, läcka, vattenläcka, läckage; not "bläck" (ink)
    _rule(r"(?!bläck)\w*läck\w*", unless=_TAP, window=3),
    _rule(r"\w*översvämn\w*"),
    _rule(r"svämma\w*"),  # svämmar över
    _rule(r"\w*vattenskad\w*"),
    _rule(r"(vatten|vattnet)", r"golv\w*", window=4),  # vatten på golvet
    _rule(r"\w*avlopp\w*", _BLOCKED_SV, window=3),  # stopp i avloppet, avloppet är stopp
    _rule(r"\w*avloppsstopp\w*"),
    _rule(r"(golvbrunn\w*|toalett\w*|wc)", _BLOCKED_SV, window=3),
    _rule(r"(ingen|inget|utan)", r"(el|elen|ström|strömmen)", window=2),  # ingen el
    _rule(r"(elen|strömmen)", r"(borta|gått|gick|bruten|slut)", window=3),
    _rule(r"\w*strömavbrott\w*"),
    _rule(r"\w*elavbrott\w*"),
    _rule(r"\w*kortslut\w*"),
    _rule(r"\w*elstöt\w*"),
    _rule(r"\w*brandlukt\w*"),
    _rule(r"(lukt\w*|doft\w*|stank|stinker)", r"(bränt|bränd\w*|brännt|bränn\w*|rök\w*)"),
    _rule(r"(rök|röken|ryker|rykande)", unless=_TOBACCO + _SMOKE_ALARM, window=2),
    _rule(r"gnist\w*"),  # gnistor, gnistrar
    _rule(r"(brand|branden|eldsvåda)"),
    # --- English: leak, leaking, leakage; "dripping tap" is not urgent
    _rule(r"leak\w*", unless=_TAP, window=3),
    _rule(r"flood\w*"),
    _rule(r"overflow\w*"),
    _rule(r"water", r"(floors?|flooring)", window=4),  # water on the floor
    _rule(r"water", r"damage\w*", window=2),
    _rule(r"wet", r"floors?", window=3),
    _rule(r"sewer\w*"),
    _rule(r"sewage"),
    _rule(r"(drains?|toilets?|wc)", _BLOCKED_EN, window=3),  # blocked drain, drain is blocked
    _rule(r"(no|without)", r"(power|electricity)", window=2, unless=(r"attorney",)),
    _rule(r"(power|electricity)", r"(cut|cuts|outage|failure|out|off|gone|down)", window=2),
    _rule(r"blackout"),
    _rule(r"short", r"circuit\w*", window=1),
    _rule(r"electric\w*", r"shocks?", window=2),
    _rule(r"burn\w*", r"(smell\w*|odou?rs?|stench)", window=3),  # burning smell, smell of burning
    _rule(r"(smoke|smoky)", unless=_TOBACCO + _SMOKE_ALARM, window=2),
    _rule(r"spark(?!l)\w*"),  # sparks, sparking; not "sparkling"
    _rule(r"(fire|ablaze)", r"on", window=1),  # on fire
)

_NON_WORD = re.compile(r"[\W_]+")


def _tokens(text: str) -> list[str]:
    normalized = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", normalized).split()


def _fullmatch_any(patterns: tuple[re.Pattern[str], ...], token: str) -> bool:
    return any(p.fullmatch(token) for p in patterns)


def _rule_spans(rule: _Rule, tokens: list[str]) -> list[tuple[int, int]]:
    """``(first, last)`` token indexes of each match of ``rule``."""
    hits = [[i for i, tok in enumerate(tokens) if term.fullmatch(tok)] for term in rule.terms]
    if not all(hits):
        return []
    spans: list[tuple[int, int]] = []
    for anchor in hits[0]:
        chosen = [anchor]
        for positions in hits[1:]:
            near = [i for i in positions if abs(i - anchor) <= rule.window and i not in chosen]
            if not near:
                break
            chosen.append(min(near, key=lambda i: abs(i - anchor)))
        else:
            lo, hi = min(chosen), max(chosen)
            context = tokens[max(0, lo - rule.window) : hi + rule.window + 1]
            if not any(_fullmatch_any(rule.unless, tok) for tok in context):
                spans.append((lo, hi))
    return spans


def urgent_matches(text: str) -> list[str]:
    """The phrases in ``text`` that suggest an urgent fault, in order of appearance.

    Each phrase is given normalized (casefolded, punctuation removed), e.g.
    ``["viemäri on tukkeutunut"]``; an empty list when nothing looks urgent.
    """
    tokens = _tokens(text or "")
    spans = sorted({span for rule in _URGENT_RULES for span in _rule_spans(rule, tokens)})
    phrases: list[str] = []
    for lo, hi in spans:
        phrase = " ".join(tokens[lo : hi + 1])
        if phrase not in phrases:
            phrases.append(phrase)
    return phrases


def looks_urgent(text: str, category_code: str | None = None) -> bool:
    """True when the category is urgent or the text mentions a leak, flood, sewer blockage,
    power cut, burning smell, smoke or sparks (Finnish, Swedish or English).

    An unknown category code is ignored here (validating it is the form's job).
    """
    if category_code in URGENT_CATEGORY_CODES:
        return True
    return bool(urgent_matches(text))


# --- timing -------------------------------------------------------------------------------------

REOPEN = "reopen"
NEW_REPORT = "new_report"
#: "Not fixed" within this long after "done" reopens the report; later it opens a linked new one.
REOPEN_WINDOW = timedelta(days=14)


def _require_aware(**values: datetime) -> None:
    for name, value in values.items():
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be a timezone-aware datetime")


def feedback_outcome(done_at: datetime, answered_at: datetime) -> str:
    """``"reopen"`` when "not fixed" is answered within REOPEN_WINDOW of ``done_at`` (inclusive),
    else ``"new_report"``."""
    _require_aware(done_at=done_at, answered_at=answered_at)
    return REOPEN if answered_at - done_at <= REOPEN_WINDOW else NEW_REPORT


def forward_at(received_at: datetime, hours: Hours = DEFAULT_HOURS) -> datetime:
    """When a report received at ``received_at`` goes to maintenance.

    ``received_at`` itself while the desk is open (Mon-Fri 9-12, not on Finnish public holidays);
    otherwise the next desk opening, as an aware Helsinki datetime.
    """
    _require_aware(received_at=received_at)
    if desk_open(received_at, hours):
        return received_at
    return next_desk_opening(received_at, hours)


#: Maintenance companies' working hours (Mon-Fri 8-16), used to count overdue time. Built as an
#: :class:`Hours` because office_hours counts business time over ``Hours.desk``.
MAINTENANCE_HOURS = WeeklyHours({day: (8, 16) for day in range(5)})
MAINTENANCE_BUSINESS = Hours(desk=MAINTENANCE_HOURS)

#: Business time a report may spend in a status before it is flagged overdue.
OVERDUE_LIMITS: MappingProxyType[str, timedelta] = MappingProxyType(
    {
        REVIEW: timedelta(hours=8),
        RECEIVED: timedelta(hours=8),
        SENT_TO_MAINTENANCE: timedelta(hours=16),
        VISIT_AGREED: timedelta(hours=80),
        IN_PROGRESS: timedelta(hours=80),
        WAITING_FOR_PARTS: timedelta(hours=80),
    }
)


def overdue(
    status: str, since: datetime, now: datetime, hours: Hours = MAINTENANCE_BUSINESS
) -> bool:
    """True when a report in ``status`` since ``since`` has, at ``now``, spent more business time
    (Mon-Fri 8-16, Finnish public holidays excluded) than ``OVERDUE_LIMITS`` allows.

    Closed and unconfirmed reports are never overdue.
    """
    _require_aware(since=since, now=now)
    limit = OVERDUE_LIMITS.get(status)
    if limit is None:
        return False
    return business_hours_between(since, now, hours) > limit


def overdue_deadline(
    status: str, since: datetime, hours: Hours = MAINTENANCE_BUSINESS
) -> datetime | None:
    """The moment after which :func:`overdue` becomes true (aware, Helsinki), or None when the
    status has no limit. Store it with the status change so the desk queue can filter overdue
    reports in SQL: ``overdue(status, since, now) == (now > overdue_deadline(status, since))``.
    """
    _require_aware(since=since)
    limit = OVERDUE_LIMITS.get(status)
    if limit is None:
        return None
    remaining = limit
    current = next_desk_opening(since, hours)
    while True:
        window = hours.desk.window(current.weekday())
        if window is None:  # pragma: no cover - next_desk_opening only returns open moments
            raise AssertionError("next_desk_opening returned a closed day")
        closes = datetime.combine(current.date(), window[1], tzinfo=HELSINKI)
        # Durations in UTC: same-zone subtraction would ignore a DST change inside the window.
        available = closes.astimezone(UTC) - current.astimezone(UTC)
        if available > remaining:
            return to_helsinki(current.astimezone(UTC) + remaining)
        remaining -= available
        current = next_desk_opening(closes, hours)

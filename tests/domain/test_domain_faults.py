"""Fault report rules: statuses and transitions, the category tree, urgency, timing.

Calendar used below: Tue 10 March 2026, Fri 13 March, Mon 16 March; Fri 3 December 2027,
Mon 6 December 2027 (Independence Day, a public holiday), Tue 7 December 2027.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heka_asoy.domain import faults
from heka_asoy.domain.faults import (
    ACTORS,
    CANCELLED,
    CATEGORIES,
    CLOSED_STATUSES,
    DONE,
    IN_PROGRESS,
    LEAF_CODES,
    MAINTENANCE_BUSINESS,
    OPEN_STATUSES,
    OVERDUE_LIMITS,
    RECEIVED,
    REDIRECTED,
    REOPEN_WINDOW,
    REVIEW,
    SENT_TO_MAINTENANCE,
    STATUSES,
    TIMELINE_STEPS,
    TRANSITIONS,
    UNCONFIRMED,
    VISIT_AGREED,
    WAITING_FOR_PARTS,
    allowed_next,
    can_transition,
    category,
    children,
    feedback_outcome,
    forward_at,
    is_leaf,
    looks_urgent,
    overdue,
    overdue_deadline,
    urgent_matches,
)
from heka_asoy.domain.office_hours import HELSINKI, Hours, business_hours_between


def hel(*args: int) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


# --- statuses -----------------------------------------------------------------------------------


def test_status_sets() -> None:
    assert len(set(STATUSES)) == len(STATUSES) == 10
    assert CLOSED_STATUSES == {DONE, CANCELLED, REDIRECTED}
    assert OPEN_STATUSES | CLOSED_STATUSES == set(STATUSES)
    assert not OPEN_STATUSES & CLOSED_STATUSES
    assert TIMELINE_STEPS == (
        RECEIVED,
        SENT_TO_MAINTENANCE,
        VISIT_AGREED,
        IN_PROGRESS,
        WAITING_FOR_PARTS,
        DONE,
    )
    assert faults.UNCONFIRMED == "unconfirmed"
    assert faults.REDIRECTED == "redirected"


ALLOWED = [
    # system
    (UNCONFIRMED, RECEIVED, "system"),
    (UNCONFIRMED, REVIEW, "system"),
    (RECEIVED, SENT_TO_MAINTENANCE, "system"),
    (DONE, RECEIVED, "system"),
    # desk
    (RECEIVED, SENT_TO_MAINTENANCE, "desk"),
    (RECEIVED, DONE, "desk"),
    (RECEIVED, REDIRECTED, "desk"),
    (SENT_TO_MAINTENANCE, CANCELLED, "desk"),
    (IN_PROGRESS, RECEIVED, "desk"),
    (WAITING_FOR_PARTS, REDIRECTED, "desk"),
    (VISIT_AGREED, SENT_TO_MAINTENANCE, "desk"),
    (REVIEW, RECEIVED, "desk"),
    (REVIEW, CANCELLED, "desk"),
    (DONE, RECEIVED, "desk"),
    (UNCONFIRMED, CANCELLED, "desk"),
    # maintenance
    (SENT_TO_MAINTENANCE, VISIT_AGREED, "maintenance"),
    (SENT_TO_MAINTENANCE, DONE, "maintenance"),
    (VISIT_AGREED, IN_PROGRESS, "maintenance"),
    (IN_PROGRESS, WAITING_FOR_PARTS, "maintenance"),
    (WAITING_FOR_PARTS, IN_PROGRESS, "maintenance"),
    (IN_PROGRESS, VISIT_AGREED, "maintenance"),
    (WAITING_FOR_PARTS, DONE, "maintenance"),
    # resident
    (RECEIVED, CANCELLED, "resident"),
    (SENT_TO_MAINTENANCE, CANCELLED, "resident"),
]

REFUSED = [
    # system does only its three jobs
    (RECEIVED, DONE, "system"),
    (SENT_TO_MAINTENANCE, VISIT_AGREED, "system"),
    (REVIEW, RECEIVED, "system"),
    (CANCELLED, RECEIVED, "system"),
    (REDIRECTED, RECEIVED, "system"),
    # desk: nothing back to unconfirmed or into review, review only to received/cancelled
    (RECEIVED, UNCONFIRMED, "desk"),
    (IN_PROGRESS, UNCONFIRMED, "desk"),
    (RECEIVED, REVIEW, "desk"),
    (REVIEW, SENT_TO_MAINTENANCE, "desk"),
    (REVIEW, DONE, "desk"),
    (UNCONFIRMED, RECEIVED, "desk"),  # only the reporter's e-mail confirms
    (DONE, CANCELLED, "desk"),
    (CANCELLED, RECEIVED, "desk"),
    (REDIRECTED, RECEIVED, "desk"),
    # maintenance: only within its own statuses, never cancel or redirect
    (SENT_TO_MAINTENANCE, CANCELLED, "maintenance"),
    (IN_PROGRESS, REDIRECTED, "maintenance"),
    (RECEIVED, VISIT_AGREED, "maintenance"),
    (REVIEW, IN_PROGRESS, "maintenance"),
    (UNCONFIRMED, DONE, "maintenance"),
    (DONE, IN_PROGRESS, "maintenance"),
    (DONE, RECEIVED, "maintenance"),
    (IN_PROGRESS, SENT_TO_MAINTENANCE, "maintenance"),
    (IN_PROGRESS, RECEIVED, "maintenance"),
    # resident: only cancels before the visit is agreed
    (VISIT_AGREED, CANCELLED, "resident"),
    (IN_PROGRESS, CANCELLED, "resident"),
    (RECEIVED, DONE, "resident"),
    (DONE, RECEIVED, "resident"),
    (REVIEW, CANCELLED, "resident"),
    (UNCONFIRMED, CANCELLED, "resident"),
    # unknown statuses
    (RECEIVED, "deleted", "desk"),
    ("deleted", RECEIVED, "desk"),
]


@pytest.mark.parametrize(("old", "new", "actor"), ALLOWED)
def test_allowed_transitions(old: str, new: str, actor: str) -> None:
    assert can_transition(old, new, actor)
    assert new in TRANSITIONS[old]


@pytest.mark.parametrize(("old", "new", "actor"), REFUSED)
def test_refused_transitions(old: str, new: str, actor: str) -> None:
    assert not can_transition(old, new, actor)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("status", STATUSES)
def test_same_status_is_never_a_transition(status: str, actor: str) -> None:
    assert not can_transition(status, status, actor)


@pytest.mark.parametrize("actor", ACTORS)
def test_cancelled_and_redirected_are_final(actor: str) -> None:
    for status in (CANCELLED, REDIRECTED):
        assert allowed_next(status, actor) == frozenset()
    assert CANCELLED not in TRANSITIONS
    assert REDIRECTED not in TRANSITIONS


def test_desk_may_move_a_working_report_anywhere_but_back_to_the_start() -> None:
    for old in (RECEIVED, SENT_TO_MAINTENANCE, VISIT_AGREED, IN_PROGRESS, WAITING_FOR_PARTS):
        expected = set(STATUSES) - {old, UNCONFIRMED, REVIEW}
        assert allowed_next(old, "desk") == expected


def test_nothing_moves_into_unconfirmed_and_only_system_into_review() -> None:
    for actor in ACTORS:
        for old in STATUSES:
            assert UNCONFIRMED not in allowed_next(old, actor)
            if actor != "system":
                assert REVIEW not in allowed_next(old, actor)


def test_transitions_is_the_union_over_actors() -> None:
    for old in STATUSES:
        union = set().union(*(allowed_next(old, actor) for actor in ACTORS))
        assert TRANSITIONS.get(old, frozenset()) == union
        assert set(TRANSITIONS.get(old, ())) <= set(STATUSES)


def test_unknown_actor_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="actor"):
        can_transition(RECEIVED, DONE, "neighbour")


# --- the category tree --------------------------------------------------------------------------


def test_tree_integrity() -> None:
    codes = [c.code for c in CATEGORIES]
    assert len(codes) == len(set(codes))
    top = [c for c in CATEGORIES if c.parent is None]
    assert [c.code for c in top] == [
        "water",
        "electricity",
        "doors_windows",
        "appliances",
        "ventilation_heating",
        "common_areas",
        "other",
    ]
    for node in CATEGORIES:
        if node.parent is not None:
            parent = category(node.parent)
            assert parent.parent is None  # two levels
            assert node.code.startswith(parent.code + ".")
    for node in top:
        kids = children(node.code)
        assert kids
        assert f"{node.code}.other" in {k.code for k in kids}
        assert not is_leaf(node.code)
        assert not node.urgent


def test_leaves_and_lookups() -> None:
    assert set(LEAF_CODES) == {c.code for c in CATEGORIES if c.parent is not None}
    assert is_leaf("water.leak")
    assert is_leaf("other.other")
    assert not is_leaf("water")
    assert not is_leaf("water.nope")
    assert category("appliances.dishwasher").parent == "appliances"
    assert [c.code for c in children(None)] == [c.code for c in CATEGORIES if c.parent is None]
    with pytest.raises(KeyError):
        category("water.nope")
    with pytest.raises(KeyError):
        children("nope")


def test_urgent_categories() -> None:
    urgent = {c.code for c in CATEGORIES if c.urgent}
    assert urgent == {
        "water.leak",
        "water.drain_blocked",
        "electricity.no_power",
        "electricity.burning_smell",
    }
    assert looks_urgent("", "water.leak")
    assert looks_urgent("", "electricity.burning_smell")
    assert not looks_urgent("", "water.tap")
    assert not looks_urgent("the oven light is broken", "electricity.lighting")
    assert not looks_urgent("", "not.a.category")
    assert not looks_urgent("", None)


# --- urgency ------------------------------------------------------------------------------------

URGENT_TEXTS = [
    # Finnish, with inflections
    "Kylpyhuoneessa vuoto",
    "Putki vuotaa keittiössä",
    "vuotava putki",
    "vuodon takia katto on märkä",
    "Vesivuoto naapuriin!",
    "Astianpesukone vuoti",
    "tulva kellarissa",
    "Kylpyhuone tulvii",
    "lattialla on vettä",
    "vettä lattialla",
    "viemäri tukossa",
    "tukossa oleva viemäri",
    "Viemäri on tukkeutunut.",
    "viemäritukos",
    "lattiakaivo on tukossa",
    "sähkökatko koko asunnossa",
    "Ei sähköä!",
    "asunnossa ei ole sähköä",
    "sähköt poikki",
    "sähköt meni keittiöstä",
    "palaneen haju eteisessä",
    "haisee palaneelta",
    "käryä pistorasiasta",
    "kärynhaju",
    "savua tulee liesituulettimesta",
    "pistorasia kipinöi",
    "kipinöitä näkyi",
    "oikosulku",
    # Swedish
    "kranen läcker inte men röret läcker",
    "Det läcker från taket",
    "en läcka under diskhon",
    "läckage i badrummet",
    "vattenläcka",
    "översvämning i källaren",
    "vatten på golvet",
    "vattnet står på golvet",
    "stopp i avloppet",
    "avloppet är stopp",
    "golvbrunnen är igensatt",
    "ingen el i lägenheten",
    "strömavbrott",
    "strömmen gick",
    "brandlukt i hallen",
    "det luktar bränt",
    "rök från uttaget",
    "gnistor från uttaget",
    # English
    "leak in the bathroom",
    "the pipe is leaking",
    "flood in the basement",
    "the kitchen is flooding",
    "there is water on the floor",
    "the sewer smells and overflows",
    "blocked drain in the shower",
    "the drain is blocked",
    "the toilet is clogged",
    "no electricity since morning",
    "No power in the flat!",
    "power cut in the kitchen",
    "power is out",
    "burning smell from the fuse box",
    "a smell of burning",
    "smoke from the socket",
    "sparks from the socket",
]

CALM_TEXTS = [
    "the oven light is broken",
    "ikkuna ei aukea",
    "kranen droppar",
    "tippuva hana",
    "droppande kran",
    "dripping tap",
    "keittiön hana vuotaa",  # a dripping kitchen tap is an ordinary fault
    "the kitchen tap is leaking a little",
    "kranen läcker lite",
    "5-vuotias lapsi rikkoi ikkunan",
    "vuokra on maksettu vuosi sitten",
    "savuilmaisin piippaa",
    "the smoke detector keeps beeping",
    "rökvarnaren piper",
    "grannen röker på balkongen",
    "tupakan savu rappukäytävässä",
    "lamppu on palanut",
    "sähköliesi ei toimi",
    "pistorasia ei toimi",
    "jääkaappi ei kylmennä",
    "ovi ei mene lukkoon",
    "bläck på väggen",
    "the window does not close",
    "the bathroom tiles are sparkling clean but the door squeaks",
    "patteri on kylmä",
    "viemäri haisee hieman",
    "",
    "   ...!!!   ",
]


@pytest.mark.parametrize("text", URGENT_TEXTS)
def test_urgent_texts(text: str) -> None:
    assert looks_urgent(text)
    assert urgent_matches(text)


@pytest.mark.parametrize("text", CALM_TEXTS)
def test_calm_texts(text: str) -> None:
    assert urgent_matches(text) == []
    assert not looks_urgent(text)
    assert not looks_urgent(text, "water.tap")


def test_urgent_matches_reports_the_phrases_in_order() -> None:
    assert urgent_matches("Viemäri on tukkeutunut!") == ["viemäri on tukkeutunut"]
    assert urgent_matches("Keittiön hana vuotaa ja lattialla on vettä.") == ["lattialla on vettä"]
    assert urgent_matches("Sparks, then SMOKE.") == ["sparks", "smoke"]
    assert urgent_matches("leak leak leak") == ["leak"]


@given(st.text(max_size=300))
def test_urgent_matches_accepts_any_text(text: str) -> None:
    matches = urgent_matches(text)
    assert looks_urgent(text) == bool(matches)
    assert all(m and m == m.casefold() for m in matches)


# --- reopening ----------------------------------------------------------------------------------


def test_feedback_outcome_window() -> None:
    done = hel(2026, 3, 10, 14, 0)
    assert REOPEN_WINDOW == timedelta(days=14)
    assert feedback_outcome(done, done + timedelta(days=13, hours=23)) == "reopen"
    assert feedback_outcome(done, done + timedelta(days=14)) == "reopen"
    assert feedback_outcome(done, done + timedelta(days=14, seconds=1)) == "new_report"
    assert feedback_outcome(done, done + timedelta(days=40)) == "new_report"


def test_feedback_outcome_needs_aware_datetimes() -> None:
    with pytest.raises(ValueError, match="aware"):
        feedback_outcome(datetime(2026, 3, 10), datetime(2026, 3, 11))


# --- forwarding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (hel(2026, 3, 10, 10, 0), hel(2026, 3, 10, 10, 0)),  # Tue, desk open: now
        (hel(2026, 3, 10, 12, 30), hel(2026, 3, 11, 9, 0)),  # Tue after 12: Wed 9
        (hel(2026, 3, 10, 12, 0), hel(2026, 3, 11, 9, 0)),  # closing time is closed
        (hel(2026, 3, 10, 7, 0), hel(2026, 3, 10, 9, 0)),  # early morning: same day 9
        (hel(2026, 3, 13, 13, 0), hel(2026, 3, 16, 9, 0)),  # Fri afternoon: Monday 9
        (hel(2026, 3, 14, 10, 0), hel(2026, 3, 16, 9, 0)),  # Saturday: Monday 9
        (hel(2027, 12, 3, 13, 0), hel(2027, 12, 7, 9, 0)),  # Fri before Independence Day (Mon)
        (hel(2027, 12, 6, 10, 0), hel(2027, 12, 7, 9, 0)),  # on Independence Day itself
    ],
)
def test_forward_at(received: datetime, expected: datetime) -> None:
    assert forward_at(received) == expected
    assert forward_at(received.astimezone(UTC)) == expected
    assert forward_at(received).utcoffset() is not None


def test_forward_at_respects_configured_hours_and_refuses_naive() -> None:
    closed_day = Hours(closed_dates=frozenset({hel(2026, 3, 11, 0).date()}))
    assert forward_at(hel(2026, 3, 10, 12, 30), closed_day) == hel(2026, 3, 12, 9, 0)
    with pytest.raises(ValueError, match="aware"):
        forward_at(datetime(2026, 3, 10, 10, 0))


# --- overdue ------------------------------------------------------------------------------------


def test_overdue_limits() -> None:
    assert OVERDUE_LIMITS[RECEIVED] == timedelta(hours=8)
    assert OVERDUE_LIMITS[REVIEW] == timedelta(hours=8)
    assert OVERDUE_LIMITS[SENT_TO_MAINTENANCE] == timedelta(hours=16)
    for status in (VISIT_AGREED, IN_PROGRESS, WAITING_FOR_PARTS):
        assert OVERDUE_LIMITS[status] == timedelta(hours=80)
    assert MAINTENANCE_BUSINESS.desk.window(0)[0].hour == 8
    assert MAINTENANCE_BUSINESS.desk.window(4)[1].hour == 16
    assert MAINTENANCE_BUSINESS.desk.window(5) is None


def test_overdue_skips_the_weekend_and_independence_day() -> None:
    since = hel(2027, 12, 2, 12, 0)  # Thu: 4 h that day, 8 h on Friday, Mon 6 Dec is a holiday
    assert not overdue(SENT_TO_MAINTENANCE, since, hel(2027, 12, 6, 15, 0))
    assert not overdue(SENT_TO_MAINTENANCE, since, hel(2027, 12, 7, 11, 59))
    assert not overdue(SENT_TO_MAINTENANCE, since, hel(2027, 12, 7, 12, 0))  # exactly 16 h
    assert overdue(SENT_TO_MAINTENANCE, since, hel(2027, 12, 7, 12, 0, 1))
    assert overdue_deadline(SENT_TO_MAINTENANCE, since) == hel(2027, 12, 7, 12, 0)


def test_overdue_received_friday_evening() -> None:
    since = hel(2026, 3, 13, 18, 0)  # Fri evening: nothing counts until Monday 8
    assert not overdue(RECEIVED, since, hel(2026, 3, 16, 15, 59))
    assert not overdue(RECEIVED, since, hel(2026, 3, 16, 16, 0, 1))  # exactly 8 h by 16:00
    assert overdue(RECEIVED, since, hel(2026, 3, 17, 8, 0, 1))
    assert overdue_deadline(RECEIVED, since) == hel(2026, 3, 17, 8, 0)  # limit met at closing
    assert overdue(REVIEW, since, hel(2026, 3, 17, 9, 0))


@pytest.mark.parametrize("status", [UNCONFIRMED, DONE, CANCELLED, REDIRECTED])
def test_never_overdue(status: str) -> None:
    since = hel(2026, 1, 1, 0, 0)
    assert not overdue(status, since, hel(2027, 1, 1, 0, 0))
    assert overdue_deadline(status, since) is None


def test_overdue_needs_aware_datetimes() -> None:
    with pytest.raises(ValueError, match="aware"):
        overdue(RECEIVED, datetime(2026, 3, 10, 10), hel(2026, 3, 11, 10))
    with pytest.raises(ValueError, match="aware"):
        overdue(RECEIVED, hel(2026, 3, 10, 10), datetime(2026, 3, 11, 10))


@settings(max_examples=150, deadline=None)
@given(
    status=st.sampled_from(sorted(OVERDUE_LIMITS)),
    since=st.datetimes(datetime(2026, 1, 1), datetime(2028, 12, 1), timezones=st.just(UTC)),
    waited=st.timedeltas(timedelta(0), timedelta(days=30)),
)
def test_overdue_deadline_agrees_with_overdue(
    status: str, since: datetime, waited: timedelta
) -> None:
    deadline = overdue_deadline(status, since)
    assert deadline is not None
    assert business_hours_between(since, deadline, MAINTENANCE_BUSINESS) == OVERDUE_LIMITS[status]
    now = since + waited
    assert overdue(status, since, now) == (now > deadline)

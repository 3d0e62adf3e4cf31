"""Service request rules: kinds and who files them, each kind's fields, statuses, decisions."""

from __future__ import annotations

from datetime import date

import pytest

from heka_asoy.domain import service_requests as rules

TODAY = date(2026, 3, 10)


def _renovation(**kw):
    data = {
        "what": "New floor in the bedroom",
        "where": "bedroom",
        "starts_on": date(2026, 4, 1),
        "ends_on": date(2026, 4, 5),
        "worker": "self",
    }
    data.update(kw)
    return data


def test_every_kind_has_a_capability_and_fields():
    assert set(rules.KINDS) == set(rules.CAPABILITY) == set(rules.FIELDS)


def test_neighbour_reports_are_every_residents_tenancy_requests_are_not():
    """Disturbance, smoking and other take the every-resident capability; the renovation permit
    and the tenancy requests the lease party's."""
    assert {rules.CAPABILITY[k] for k in (rules.DISTURBANCE, rules.SMOKING, rules.OTHER)} == {
        "faults"
    }
    assert rules.CAPABILITY[rules.RENOVATION] == "renovation"
    assert rules.CAPABILITY[rules.TENANCY_TRANSFER] == "service_requests"
    assert rules.CAPABILITY[rules.INSPECTION] == "service_requests"


def test_clean_data_keeps_only_the_kinds_fields_trimmed():
    data = rules.clean_data(
        rules.DISTURBANCE,
        {
            "what": "  Loud music  ",
            "when": " nights   after 22 ",
            "how_often": "weekly",
            "which_flat": "",
            "starts_on": date(2026, 1, 1),  # another kind's field: dropped
        },
        TODAY,
    )
    assert data == {"what": "Loud music", "when": "nights after 22", "how_often": "weekly"}


@pytest.mark.parametrize(
    ("raw", "code", "field"),
    [
        ({"what": ""}, "required", "what"),
        ({"worker": "neighbour"}, "choice", "worker"),
        ({"starts_on": date(2026, 3, 9)}, "date_past", "starts_on"),
        ({"ends_on": date(2026, 3, 31)}, "ends_before_start", "ends_on"),
        ({"worker": "contractor"}, "contractor_required", "contractor"),
        ({"where": "x" * (rules.SHORT_MAX + 1)}, "too_long", "where"),
        ({"starts_on": "2026-04-01"}, "date", "starts_on"),
    ],
)
def test_renovation_refusals_name_their_field(raw, code, field):
    with pytest.raises(rules.RequestRuleError) as caught:
        rules.clean_data(rules.RENOVATION, _renovation(**raw), TODAY)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_renovation_dates_are_stored_as_iso_text():
    data = rules.clean_data(rules.RENOVATION, _renovation(), TODAY)
    assert data["starts_on"] == "2026-04-01"
    assert data["ends_on"] == "2026-04-05"


def test_transfer_dates_not_in_the_future():
    raw = {
        "first_names": "Aino",
        "last_name": "Virtanen",
        "birth_date": date(2000, 1, 1),
        "relationship": "daughter",
        "living_since": date(2026, 3, 11),
    }
    with pytest.raises(rules.RequestRuleError) as caught:
        rules.clean_data(rules.TENANCY_TRANSFER, raw, TODAY)
    assert caught.value.field == "living_since"


def test_unknown_kind_refused():
    with pytest.raises(rules.RequestRuleError):
        rules.clean_data("complaint", {}, TODAY)


def test_statuses_per_kind():
    """Only kinds that can be decided have "decided"."""
    assert rules.DECIDED in rules.statuses_for(rules.RENOVATION)
    assert rules.DECIDED not in rules.statuses_for(rules.DISTURBANCE)


@pytest.mark.parametrize(
    ("current", "new", "ok"),
    [
        (rules.RECEIVED, rules.IN_PROGRESS, True),
        (rules.IN_PROGRESS, rules.WAITING, True),
        (rules.WAITING, rules.CLOSED, True),
        (rules.IN_PROGRESS, rules.RECEIVED, False),
        (rules.IN_PROGRESS, rules.DECIDED, False),
        (rules.IN_PROGRESS, rules.IN_PROGRESS, False),
        (rules.CLOSED, rules.IN_PROGRESS, True),
        (rules.CLOSED, rules.WAITING, False),
        (rules.DECIDED, rules.CLOSED, True),
    ],
)
def test_status_changes(current, new, ok):
    assert rules.can_set_status(rules.RENOVATION, current, new) is ok


def test_decisions_per_kind():
    assert rules.can_decide(rules.RENOVATION, rules.IN_PROGRESS, rules.WITH_CONDITIONS)
    assert not rules.can_decide(rules.INSPECTION, rules.IN_PROGRESS, rules.WITH_CONDITIONS)
    assert not rules.can_decide(rules.DISTURBANCE, rules.IN_PROGRESS, rules.APPROVED)
    assert not rules.can_decide(rules.RENOVATION, rules.CLOSED, rules.APPROVED)
    assert not rules.can_decide(rules.RENOVATION, rules.DECIDED, rules.REFUSED)


def test_conditions_and_refusals_need_words():
    assert rules.decision_text_problem(rules.APPROVED, "") is None
    assert rules.decision_text_problem(rules.WITH_CONDITIONS, "  ") == "text_required"
    assert rules.decision_text_problem(rules.REFUSED, "x" * (rules.TEXT_MAX + 1)) == "too_long"


def test_a_reply_puts_a_waiting_request_back_to_the_desk():
    assert rules.status_after_reply(rules.WAITING) == rules.IN_PROGRESS
    assert rules.status_after_reply(rules.DECIDED) == rules.DECIDED
    assert not rules.accepts_reply(rules.CLOSED)

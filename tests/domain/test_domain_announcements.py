"""The pure rules of announcements: audience, visibility at a moment, language fallback,
ordering, the form's checks, wall times and which fault categories are shared spaces."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from heka_asoy.domain import announcements as rules
from heka_asoy.domain.faults import LEAF_CODES

NOW = datetime(2026, 6, 1, 9, 0)
HOME = rules.Home(company_id=1, building_id=10)


@pytest.mark.parametrize(
    ("audience", "company", "building", "expected"),
    [
        ("all", None, None, True),
        ("housing_company", 1, None, True),
        ("housing_company", 2, None, False),
        ("building", 1, 10, True),
        ("building", 1, 11, False),
        ("nobody", None, None, False),
    ],
)
def test_reaches(audience, company, building, expected):
    assert rules.reaches(audience, company, building, [HOME]) is expected


def test_nobody_without_a_home_is_reached():
    assert rules.reaches("all", None, None, []) is False


@pytest.mark.parametrize(
    ("published", "expires", "withdrawn", "state"),
    [
        (NOW + timedelta(seconds=1), None, None, rules.SCHEDULED),
        (NOW, None, None, rules.SHOWN),
        (NOW - timedelta(days=1), NOW + timedelta(seconds=1), None, rules.SHOWN),
        (NOW - timedelta(days=1), NOW, None, rules.EXPIRED),
        (NOW - timedelta(days=1), None, NOW - timedelta(hours=1), rules.WITHDRAWN),
        (NOW - timedelta(days=1), None, NOW + timedelta(hours=1), rules.SHOWN),
    ],
)
def test_state_and_shows_at(published, expires, withdrawn, state):
    assert rules.state(published, expires, withdrawn, NOW) == state
    assert rules.shows_at(published, expires, withdrawn, NOW) is (state == rules.SHOWN)


def test_localized_falls_back_to_finnish():
    texts = {"fi": "Suomeksi", "sv": "  ", "en": "In English"}
    assert rules.localized(texts, "sv") == "Suomeksi"
    assert rules.localized(texts, "en") == "In English"
    assert rules.localized(texts, "fi") == "Suomeksi"
    assert rules.localized({"fi": "Suomeksi"}, "de") == "Suomeksi"


def test_order_emergency_first_then_newest():
    rows = [
        (False, NOW - timedelta(days=1), 1),
        (True, NOW - timedelta(days=9), 2),
        (False, NOW, 3),
        (False, NOW, 4),
    ]
    rows.sort(key=lambda r: rules.order_key(*r))
    assert [r[2] for r in rows] == [2, 4, 3, 1]


def test_schedule_and_audience_problems():
    assert rules.schedule_problem(NOW, None) is None
    assert rules.schedule_problem(NOW, NOW + timedelta(minutes=1)) is None
    assert rules.schedule_problem(NOW, NOW) == "expires_before_publish"
    assert rules.audience_problem("all", None, None) is None
    assert rules.audience_problem("housing_company", None, None) == "company"
    assert rules.audience_problem("building", 1, None) == "building"
    assert rules.audience_problem("x", None, None) == "audience"


def test_wall_times_in_helsinki():
    """Summer (UTC+3) and winter (UTC+2) wall times to UTC and back."""
    assert rules.wall_to_utc(datetime(2026, 6, 1, 14, 0)) == datetime(2026, 6, 1, 11, 0)
    assert rules.wall_to_utc(datetime(2026, 1, 5, 14, 0)) == datetime(2026, 1, 5, 12, 0)
    assert rules.utc_to_wall(datetime(2026, 1, 5, 12, 0)) == datetime(2026, 1, 5, 14, 0)
    with pytest.raises(ValueError, match="naive"):
        rules.wall_to_utc(rules.utc_to_wall(NOW).replace(tzinfo=rules.HELSINKI))


def test_shared_spaces_are_the_common_areas():
    assert rules.shared_space_codes(LEAF_CODES) == (
        "common_areas.stairwell",
        "common_areas.laundry",
        "common_areas.sauna",
        "common_areas.yard",
        "common_areas.other",
    )
    assert not rules.is_shared_space("water.tap")
    assert not rules.is_shared_space("no.such")

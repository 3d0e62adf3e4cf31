"""Who repairs a fault, by category (Limited Liability Housing Companies Act ch. 4)."""

from __future__ import annotations

import pytest

from heka_asoy.domain import responsibility as r
from heka_asoy.domain.faults import LEAF_CODES, TOP_LEVEL_CODES


def test_every_leaf_category_has_a_default_party():
    """Does every category a report can be filed under have a default, one of the parties, and
    nothing else (no top level, no unknown code)?"""
    assert set(r.DEFAULTS) == set(LEAF_CODES)
    for code in LEAF_CODES:
        assert r.default_for(code) in r.PARTIES
    for code in TOP_LEVEL_CODES:
        with pytest.raises(KeyError):
            r.default_for(code)


@pytest.mark.parametrize(
    ("category", "party"),
    [
        ("water.leak", r.HOUSING_COMPANY),  # pipes
        ("electricity.socket", r.HOUSING_COMPANY),  # wiring
        ("ventilation_heating.ventilation", r.HOUSING_COMPANY),
        ("doors_windows.window", r.HOUSING_COMPANY),
        ("common_areas.stairwell", r.HOUSING_COMPANY),
        ("common_areas.sauna", r.HOUSING_COMPANY),
        ("common_areas.yard", r.HOUSING_COMPANY),
        ("appliances.fridge", r.HEKA),
        ("appliances.stove", r.HEKA),
        ("appliances.dishwasher", r.HEKA),
        ("electricity.lighting", r.RESIDENT),  # nearly always a bulb
    ],
)
def test_the_act_s_split(category, party):
    """Structures and shared systems the housing company's; Heka's appliances Heka's; bulbs the
    resident's."""
    assert r.default_for(category) == party


def test_only_the_housing_company_s_share_is_forwarded():
    assert r.forwarded(r.HOUSING_COMPANY)
    assert not r.forwarded(r.HEKA)
    assert not r.forwarded(r.RESIDENT)


def test_company_rule_beats_global_beats_default():
    """Does the housing company's own rule win, then the global one, then the default; and is a
    rule with an unknown value skipped rather than routing a report nowhere?"""
    assert r.resolve("appliances.fridge", None, None) == r.HEKA
    assert r.resolve("appliances.fridge", None, r.HOUSING_COMPANY) == r.HOUSING_COMPANY
    assert r.resolve("appliances.fridge", r.RESIDENT, r.HOUSING_COMPANY) == r.RESIDENT
    assert r.resolve("appliances.fridge", "nobody", None) == r.HEKA
    assert r.is_party("heka")
    assert not r.is_party("")
    assert set(r.MOVABLE) == {r.HOUSING_COMPANY, r.HEKA}

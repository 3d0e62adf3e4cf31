"""Who repairs a fault, by its category: the split of the duty to maintain in a housing company.

The Limited Liability Housing Companies Act (1599/2009, ch. 4) splits it: the housing company
(taloyhtiö) maintains the structures and the shared systems (pipes, wiring, ventilation, heating,
the outer parts of windows, stairwells, saunas, yards); the shareholder — Heka — answers for the
flat's own fixtures it installed (kitchen appliances, cupboards, surfaces); the resident pays for
damage they cause and for small consumables (light bulbs, fuses, filters, as the lease says).

This module holds the default per fault category. The desk's table
(``models.desk.ResponsibilityRule``) overrides it, for every housing company or for one whose
articles of association differ; ``services.responsibility`` reads the two together.

Pure rules: no Flask, no database, no translations.
"""

from __future__ import annotations

from types import MappingProxyType

from .faults.categories import LEAF_CODES

#: The housing company's maintenance company repairs it (the report is forwarded there).
HOUSING_COMPANY = "housing_company"
#: Heka, as the shareholder, orders the repair: the asoy desk keeps the report.
HEKA = "heka"
#: Usually the resident's own to fix or pay; the report is still filed and the desk decides.
RESIDENT = "resident"

PARTIES: tuple[str, ...] = (HOUSING_COMPANY, HEKA, RESIDENT)
#: The parties staff may move a filed report between (a resident's share is decided by moving
#: it to one of these two).
MOVABLE: tuple[str, ...] = (HOUSING_COMPANY, HEKA)

#: Leaves that are not the housing company's. Every other leaf is: the structures and shared
#: systems are the rule, the flat's own fixtures and the consumables the exceptions.
_EXCEPTIONS: dict[str, str] = {
    # The flat's own appliances Heka installed.
    "appliances.stove": HEKA,
    "appliances.fridge": HEKA,
    "appliances.dishwasher": HEKA,
    "appliances.other": HEKA,  # e.g. the cooker hood, cupboards and surfaces of the kitchen
    # Heka does not furnish washing machines: one in the flat is the resident's own.
    "appliances.washing_machine": RESIDENT,
    # A light that does not come on is nearly always a bulb (a consumable); a fixed light
    # fitting that is broken the desk moves to the housing company.
    "electricity.lighting": RESIDENT,
    # Anything else: the asoy desk looks at it first and orders or forwards the repair.
    "other.other": HEKA,
}

#: The default party for every leaf category (read-only).
DEFAULTS: MappingProxyType[str, str] = MappingProxyType(
    {code: _EXCEPTIONS.get(code, HOUSING_COMPANY) for code in LEAF_CODES}
)


def default_for(category: str) -> str:
    """The default party for a leaf ``category``; KeyError for anything else."""
    return DEFAULTS[category]


def is_party(value: str) -> bool:
    """True for one of ``PARTIES`` (e.g. a value from a form or the table)."""
    return value in PARTIES


def forwarded(party: str) -> bool:
    """Does a report with this party go to the maintenance company? Only the housing company's
    share does; Heka's and the resident's stay with the asoy desk."""
    return party == HOUSING_COMPANY


def resolve(category: str, company_rule: str | None, global_rule: str | None) -> str:
    """The party for ``category``: the housing company's own rule beats the global rule, which
    beats the default. An unknown value in a rule is skipped (it cannot route a report)."""
    for rule in (company_rule, global_rule):
        if rule is not None and is_party(rule):
            return rule
    return default_for(category)

"""The repair-responsibility table: who answers for a fault category, and the desk's edits of it.

The default per category is a rule of the domain (:mod:`heka_asoy.domain.responsibility`). A
``ResponsibilityRule`` row overrides it: with no housing company for every flat, with one for
that company's flats alone (where its articles of association split the duty differently). The
company's own row beats the global row, which beats the default.

``responsible_for`` is asked by the fault form as the resident picks a category and by the
filing itself; it is one query whatever the table holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peewee import JOIN

from ..db import write_txn
from ..domain import responsibility as rules
from ..domain.faults import CATEGORIES, LEAF_CODES
from ..models import Flat, HousingCompany, User, utcnow
from ..models.desk import ResponsibilityRule
from . import access, audit, company_search
from .errors import NotFound, ServiceError

#: The longest note the table keeps beside a rule.
MAX_NOTE = 1000


class RuleError(ServiceError):
    """A table edit the rules refuse; ``code`` names the field's problem."""


@dataclass(frozen=True)
class Responsibility:
    """Who answers for a category's repair at a flat, and the desk's note on the rule that said
    so ("" for the default). ``source``: "company", "global" or "default"."""

    who: str
    note: str = ""
    source: str = "default"

    @property
    def forwarded(self) -> bool:
        return rules.forwarded(self.who)


def responsible_for(category: str, flat_id: int | None = None) -> Responsibility:
    """The party for ``category`` at ``flat_id`` (one query: the global rule and the flat's
    company's rule together). Without a flat (the public form before one is chosen) only the
    global rule counts. ``NotFound`` for a category that is not a leaf of the tree."""
    if category not in LEAF_CODES:
        raise NotFound("category")
    scope = ResponsibilityRule.housing_company.is_null()
    if flat_id is not None:
        company = Flat.select(Flat.housing_company).where(Flat.id == flat_id)
        scope |= ResponsibilityRule.housing_company == company
    found = {
        ("company" if company_id else "global"): (who, note)
        for company_id, who, note in ResponsibilityRule.select(
            ResponsibilityRule.housing_company,
            ResponsibilityRule.responsible,
            ResponsibilityRule.note,
        )
        .where((ResponsibilityRule.category == category) & scope)
        .tuples()
    }
    for source in ("company", "global"):
        if source in found and rules.is_party(found[source][0]):
            return Responsibility(found[source][0], found[source][1], source)
    return Responsibility(rules.default_for(category))


def form_responsibility(category: str | None, flat_id: int | None = None):
    """What the fault form says about a chosen category: None until a leaf is chosen (the
    public form, or a category the form did not offer)."""
    if not category or category not in LEAF_CODES:
        return None
    return responsible_for(category, flat_id)


def resident_responsibility(user: User, category: str | None, flat_id: int | None):
    """The same for a logged-in resident's form: ``flat_id`` must be a flat they may report
    for (``NotFound`` for any other, as everywhere on the resident pages)."""
    if flat_id is None:
        raise NotFound("flat")
    access.flat_access(user, flat_id, "faults")
    return form_responsibility(category, flat_id)


# --- the table, for the desk's page -------------------------------------------------------------


@dataclass(frozen=True)
class Override:
    """One row of the table: ``company`` None for the global rule."""

    rule_id: int
    company_id: int | None
    company_name: str
    who: str
    note: str
    updated_at: object
    updated_by: str


@dataclass
class TableRow:
    """A leaf category with its default, its global rule (if any) and the companies' rules."""

    category: str
    parent: str
    default: str
    global_rule: Override | None = None
    companies: list[Override] = field(default_factory=list)

    @property
    def effective(self) -> str:
        """What applies to a flat whose company has no rule of its own."""
        return self.global_rule.who if self.global_rule else self.default


def table() -> list[TableRow]:
    """Every leaf category in the tree's order with its default and overrides (one query)."""
    rows = {
        node.code: TableRow(node.code, node.parent or "", rules.default_for(node.code))
        for node in CATEGORIES
        if node.code in LEAF_CODES
    }
    query = (
        ResponsibilityRule.select(ResponsibilityRule, HousingCompany, User)
        .join(HousingCompany, JOIN.LEFT_OUTER)
        .switch(ResponsibilityRule)
        .join(User, JOIN.LEFT_OUTER, on=(ResponsibilityRule.updated_by == User.id))
        .order_by(HousingCompany.name, ResponsibilityRule.id)
    )
    for rule in query:
        row = rows.get(rule.category)
        if row is None:
            continue  # a category no longer in the tree: nothing to route
        company = rule.housing_company if rule.housing_company_id else None
        editor = rule.updated_by if rule.updated_by_id else None
        override = Override(
            rule.id,
            rule.housing_company_id,
            company.name if company else "",
            rule.responsible,
            rule.note,
            rule.updated_at,
            (editor.name or editor.email) if editor else "",
        )
        if company is None:
            row.global_rule = override
        else:
            row.companies.append(override)
    return list(rows.values())


def form_companies(query: str = "", chosen_id: int | None = None) -> company_search.Found:
    """The housing companies the form offers a rule for: what a search by name or business ID
    found (at most 20) and the chosen one; at most two queries, whatever the stock (Heka's
    5,000 companies are searched, never listed)."""
    return company_search.find(query, chosen_id)


def set_rule(
    staff: User, category: str, company_id: int | None, who: str, note: str = ""
) -> ResponsibilityRule | None:
    """Set who answers for ``category`` (for every flat, or for ``company_id``'s), with a note.
    ``who`` "" removes the rule: back to the default (global) or to the global rule (a company).
    Audited. Returns the rule, or None when one was removed."""
    if category not in LEAF_CODES:
        raise RuleError("category")
    if who and not rules.is_party(who):
        raise RuleError("responsible")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise RuleError("note")
    with write_txn():
        if company_id is not None and HousingCompany.get_or_none(id=company_id) is None:
            raise RuleError("company")
        scope = (
            ResponsibilityRule.housing_company.is_null()
            if company_id is None
            else ResponsibilityRule.housing_company == company_id
        )
        where = (ResponsibilityRule.category == category) & scope
        old = ResponsibilityRule.get_or_none(where)
        data = {"category": category, "company": company_id, "responsible": who, "note": note}
        if old is not None:
            data["was"] = old.responsible
        if not who:
            if old is None:
                return None
            old.delete_instance()
            audit.record("responsibility_rule_removed", staff, old, **data)
            return None
        if old is None:
            rule = ResponsibilityRule.create(
                category=category,
                housing_company=company_id,
                responsible=who,
                note=note,
                updated_by=staff,
                updated_at=utcnow(),
            )
        else:
            old.responsible = who
            old.note = note
            old.updated_by = staff
            old.updated_at = utcnow()
            old.save()
            rule = old
        audit.record("responsibility_rule_set", staff, rule, **data)
    return rule

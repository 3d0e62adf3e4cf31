"""The housing companies' documents shown on the flat page, as pure rules.

A document belongs to a housing company and, optionally, to one of its buildings (its *scope*).
A company-level document (no building) concerns every building of the company; a building-level
one only that building. The rescue plan (pelastussuunnitelma / räddningsplan) and the house rules
(järjestyssäännöt / ordningsregler) exist once per scope: uploading a new one replaces the
current one. Other documents may be many, each with its own title.
"""

from __future__ import annotations

RESCUE_PLAN = "rescue_plan"
HOUSE_RULES = "house_rules"
OTHER = "other"

#: In the order the pages list them.
KINDS: tuple[str, ...] = (RESCUE_PLAN, HOUSE_RULES, OTHER)

#: Kinds of which a scope has at most one current document.
ONE_PER_SCOPE = frozenset({RESCUE_PLAN, HOUSE_RULES})

#: The longest title staff may give a document.
MAX_TITLE = 200


def kind_order(kind: str) -> int:
    """Where a kind comes in a list (an unknown kind last)."""
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def in_scope(doc_building_id: int | None, flat_building_id: int) -> bool:
    """Does a document of the flat's housing company concern the flat's building? A
    company-level document (no building) concerns every building."""
    return doc_building_id is None or doc_building_id == flat_building_id


def is_pdf(data: bytes) -> bool:
    """Does the content say it is a PDF (its header, whatever the file's name says)?"""
    return data.lstrip()[:5] == b"%PDF-"

"""The category tree of fault reports: top-level groups and the leaves a report is filed under.

Built once at import and read-only; the urgent categories are the ones phoned, never only
filed.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


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

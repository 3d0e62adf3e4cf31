"""Announcements from Heka: who they reach, when they show, in which language, in what order.

Pure rules: no Flask, no database. Times are naive UTC as stored (``models.base.utcnow``), except
where a function says it takes Helsinki wall time (the staff form's "publish at" and "expires at").

- An announcement reaches everybody (``all``), the flats of one housing company, or the flats of
  one building.
- It shows from ``published_at`` (inclusive) until ``expires_at`` (exclusive; none: no end),
  unless it was withdrawn.
- A text missing in the reader's language falls back to Finnish.
- Emergencies come first, then the newest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from .faults import category
from .office_hours import HELSINKI

ALL = "all"
HOUSING_COMPANY = "housing_company"
BUILDING = "building"
AUDIENCES: tuple[str, ...] = (ALL, HOUSING_COMPANY, BUILDING)

LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")
FALLBACK_LANGUAGE = "fi"

#: The states the desk's list shows.
SCHEDULED = "scheduled"
SHOWN = "shown"
EXPIRED = "expired"
WITHDRAWN = "withdrawn"

#: Fault categories about a building's shared spaces (the housing company's stairwell, laundry
#: room, sauna, yard, lift ...): the fault form lists the building's open reports of these, so
#: a neighbour can say "me too" instead of filing a duplicate. The top-level group
#: ``common_areas`` is exactly that (its leaves: stairwell, laundry, sauna, yard, other).
SHARED_SPACE_GROUP = "common_areas"


@dataclass(frozen=True)
class Home:
    """Where a reader lives: the housing company and building of one of their flats."""

    company_id: int
    building_id: int


def reaches(
    audience: str, company_id: int | None, building_id: int | None, homes: Iterable[Home]
) -> bool:
    """Does an announcement for ``audience`` (with its company or building) reach any home?"""
    homes = list(homes)
    if audience == ALL:
        return bool(homes)
    if audience == HOUSING_COMPANY:
        return any(h.company_id == company_id for h in homes)
    if audience == BUILDING:
        return any(h.building_id == building_id for h in homes)
    return False


def shows_at(
    published_at: datetime,
    expires_at: datetime | None,
    withdrawn_at: datetime | None,
    now: datetime,
) -> bool:
    """Is the announcement on the pages at ``now``?"""
    return state(published_at, expires_at, withdrawn_at, now) == SHOWN


def state(
    published_at: datetime,
    expires_at: datetime | None,
    withdrawn_at: datetime | None,
    now: datetime,
) -> str:
    """Scheduled (publish time ahead), shown, expired or withdrawn at ``now``."""
    if withdrawn_at is not None and withdrawn_at <= now:
        return WITHDRAWN
    if published_at > now:
        return SCHEDULED
    if expires_at is not None and expires_at <= now:
        return EXPIRED
    return SHOWN


def localized(texts: dict[str, str], language: str) -> str:
    """The text in ``language`` (``texts`` maps fi/sv/en to text); Finnish when that one is
    missing or blank."""
    text = (texts.get(language) or "").strip()
    return text if text else (texts.get(FALLBACK_LANGUAGE) or "").strip()


def order_key(emergency: bool, published_at: datetime, ident: int) -> tuple:
    """Sort key: emergencies first, then the newest first (the id breaks ties)."""
    return (0 if emergency else 1, -published_at.timestamp(), -ident)


def schedule_problem(published_at: datetime, expires_at: datetime | None) -> str | None:
    """What is wrong with a publish time and an expiry: ``expires_before_publish`` or None."""
    if expires_at is not None and expires_at <= published_at:
        return "expires_before_publish"
    return None


def audience_problem(audience: str, company_id: int | None, building_id: int | None) -> str | None:
    """A housing company's announcement names a company, a building's a building."""
    if audience not in AUDIENCES:
        return "audience"
    if audience == HOUSING_COMPANY and company_id is None:
        return "company"
    if audience == BUILDING and building_id is None:
        return "building"
    return None


def wall_to_utc(wall: datetime) -> datetime:
    """A Helsinki wall time (naive, as a ``datetime-local`` field gives it) as naive UTC."""
    if wall.tzinfo is not None:
        raise ValueError("a wall time is naive")
    return wall.replace(tzinfo=HELSINKI).astimezone(UTC).replace(tzinfo=None)


def utc_to_wall(value: datetime) -> datetime:
    """A stored naive-UTC time as a naive Helsinki wall time (to fill a ``datetime-local``)."""
    return value.replace(tzinfo=UTC).astimezone(HELSINKI).replace(tzinfo=None)


def is_shared_space(category_code: str) -> bool:
    """Is a fault category about the building's shared spaces?"""
    try:
        node = category(category_code)
    except KeyError:
        return False
    return node.code == SHARED_SPACE_GROUP or node.parent == SHARED_SPACE_GROUP


def shared_space_codes(leaves: Iterable[str]) -> tuple[str, ...]:
    """The shared-space codes among ``leaves`` (the selectable categories)."""
    return tuple(code for code in leaves if is_shared_space(code))

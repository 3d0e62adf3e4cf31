"""The register's addresses for the public fault form: a search by street address, postal code
or housing company, and the flats of the chosen building.

Public, so it gives away only what a walk past the house would: addresses, housing company names
and flat numbers, never who lives where. Every lookup runs a fixed number of queries (at most
one per part), however many buildings match, and a search returns at most ``MAX_RESULTS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..db import contains_text
from ..models import Building, Flat, HousingCompany
from ..params import parse_id

MAX_RESULTS = 20
#: Shorter searches would match most of the register.
MIN_QUERY = 2
MAX_QUERY = 100
#: Each word must match; more words than this add nothing but work.
MAX_WORDS = 5
_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> list:
    """Sort key that puts "A 2" before "A 10"."""
    return [int(part) if part.isdigit() else part.casefold() for part in _DIGITS.split(text)]


@dataclass
class AddressLookup:
    """What the form shows: the search's ``results`` (``more``: there were more than shown), the
    ``chosen`` building and its ``flats``."""

    query: str = ""
    #: A search too short to run (it would match most of the register).
    too_short: bool = False
    results: list[Building] = field(default_factory=list)
    more: bool = False
    chosen: Building | None = None
    flats: list[Flat] = field(default_factory=list)


def _buildings():
    """Buildings with their housing company's name (one query, however many rows)."""
    return Building.select(
        Building.id,
        Building.code,
        Building.street_address,
        Building.postal_code,
        HousingCompany.id,
        HousingCompany.name,
    ).join(HousingCompany)


def _address_order(building: Building) -> tuple:
    return (natural_key(building.street_address), building.postal_code, building.code, building.id)


def search(text: str) -> tuple[list[Building], bool]:
    """Buildings whose street address, postal code or housing company name contains every word
    of ``text`` (case ignored), at most MAX_RESULTS in address order, and whether there were
    more. One query; none for a search too short to narrow anything."""
    words = " ".join((text or "").split())[:MAX_QUERY].split()[:MAX_WORDS]
    if len("".join(words)) < MIN_QUERY:
        return [], False
    query = _buildings()
    for word in words:
        query = query.where(
            contains_text(Building.street_address, word)
            | contains_text(HousingCompany.name, word)
            | Building.postal_code.startswith(word)
        )
    rows = list(
        query.order_by(Building.street_address, Building.postal_code, Building.id).limit(
            MAX_RESULTS + 1
        )
    )
    return sorted(rows[:MAX_RESULTS], key=_address_order), len(rows) > MAX_RESULTS


def building(building_id) -> Building | None:
    """One building with its housing company's name, or None (one query; none without an
    id)."""
    bid = parse_id(building_id)
    return _buildings().where(Building.id == bid).first() if bid is not None else None


def flats_of(building_id) -> list[Flat]:
    """The flat numbers of one building, in natural order (one query)."""
    bid = parse_id(building_id)
    if bid is None:
        return []
    flats = list(Flat.select(Flat.id, Flat.number).where(Flat.building == bid))
    return sorted(flats, key=lambda f: (natural_key(f.number), f.id))


def lookup(text: str = "", building_id=None) -> AddressLookup:
    """Everything the public form's address part shows, in at most three queries: the search,
    the chosen building, its flats."""
    results, more = search(text)
    bid = parse_id(building_id)
    chosen = next((b for b in results if b.id == bid), None)
    if bid is not None and chosen is None:
        chosen = building(bid)
    query = " ".join((text or "").split())
    return AddressLookup(
        query=query,
        too_short=bool(query) and len(query.replace(" ", "")) < MIN_QUERY,
        results=results,
        more=more,
        chosen=chosen,
        flats=flats_of(chosen.id) if chosen else [],
    )

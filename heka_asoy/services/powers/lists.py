"""The desk's lists of powers of attorney: a lease with its powers, and the search for leases
and powers. Each list is a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import prefetch

from ...db import contains_text
from ...domain import powers as rules
from ...domain.clock import helsinki_today
from ...models import Building, Flat, HousingCompany, Lease, LeaseParty, PowerOfAttorney, Resident
from ..errors import NotFound

#: How many rows a search shows (staff narrow it down by typing more).
SEARCH_LIMIT = 30


@dataclass(frozen=True)
class PowerRow:
    """A power as the desk's lists show it."""

    power: PowerOfAttorney
    grantor_name: str
    address: str
    flat_number: str
    lease_number: str
    status: str

    @property
    def scopes(self) -> list[str]:
        return [s for s in self.power.scopes.split(",") if s]


@dataclass(frozen=True)
class LeaseChoice:
    """A lease found by the desk's search, to register a power for."""

    lease: Lease
    address: str
    flat_number: str
    company: str
    parties: list[str]


@dataclass(frozen=True)
class LeaseOverview:
    lease: Lease
    flat: Flat
    parties: list[Resident]
    powers: list[PowerRow]


def _power_rows(query) -> list[PowerRow]:
    today = helsinki_today()
    return [
        PowerRow(
            p,
            p.grantor.full_name,
            p.lease.flat.building.street_address,
            p.lease.flat.number,
            p.lease.number,
            rules.status(
                p.valid_from, p.valid_until, p.revoked_at is not None, p.used_at is not None, today
            ),
        )
        for p in query
    ]


def _powers_query():
    """Powers with their grantor, lease, flat and building, in one query."""
    return (
        PowerOfAttorney.select(PowerOfAttorney, Resident, Lease, Flat, Building)
        .join(Resident, on=(PowerOfAttorney.grantor == Resident.id))
        .switch(PowerOfAttorney)
        .join(Lease)
        .join(Flat)
        .join(Building)
    )


def lease_overview(lease_id: int) -> LeaseOverview:
    """A lease with its flat, parties and every power given for it (newest first)."""
    lease = Lease.get_or_none(Lease.id == lease_id)
    if lease is None:
        raise NotFound("lease")
    flat = Flat.with_companies(lease.flat_id)
    parties = list(
        Resident.select()
        .join(LeaseParty)
        .where(LeaseParty.lease == lease.id)
        .order_by(Resident.last_name, Resident.first_names)
    )
    powers = _power_rows(
        _powers_query()
        .where(PowerOfAttorney.lease == lease.id)
        .order_by(PowerOfAttorney.created_at.desc(), PowerOfAttorney.id.desc())
    )
    return LeaseOverview(lease, flat, parties, powers)


def find_leases(query: str, limit: int = SEARCH_LIMIT) -> list[LeaseChoice]:
    """Leases by lease number, street address, flat code or a party's name (every word must
    match one of them); parties in a second query."""
    words = (query or "").split()
    if not words:
        return []
    party = LeaseParty.alias()
    person = Resident.alias()
    cond = None
    for word in words:
        names = (
            party.select(party.lease)
            .join(person, on=(party.resident == person.id))
            .where(contains_text(person.first_names, word) | contains_text(person.last_name, word))
        )
        part = (
            contains_text(Lease.number, word)
            | contains_text(Building.street_address, word)
            | contains_text(Flat.number, word)
            | contains_text(Flat.heka_code, word)
            | Lease.id.in_(names)
        )
        cond = part if cond is None else cond & part
    leases = (
        Lease.select(Lease, Flat, Building, HousingCompany)
        .join(Flat)
        .join(Building)
        .switch(Flat)
        .join(HousingCompany)
        .where(cond)
        .order_by(Building.street_address, Flat.number, Lease.starts_on.desc())
        .limit(limit)
    )
    parties = LeaseParty.select(LeaseParty, Resident).join(Resident)
    return [
        LeaseChoice(
            lease,
            lease.flat.building.street_address,
            lease.flat.number,
            lease.flat.housing_company.name,
            [lp.resident.full_name for lp in lease.parties],
        )
        for lease in prefetch(leases, parties)
    ]


def find_powers(query: str, limit: int = SEARCH_LIMIT) -> list[PowerRow]:
    """Powers by agent name or e-mail, grantor name, street address or lease number (every word
    must match); without a query, the latest registered."""
    words = (query or "").split()
    q = _powers_query()
    for word in words:
        q = q.where(
            contains_text(PowerOfAttorney.agent_name, word)
            | contains_text(PowerOfAttorney.agent_email, word)
            | contains_text(Resident.first_names, word)
            | contains_text(Resident.last_name, word)
            | contains_text(Building.street_address, word)
            | contains_text(Lease.number, word)
        )
    return _power_rows(
        q.order_by(PowerOfAttorney.created_at.desc(), PowerOfAttorney.id.desc()).limit(limit)
    )


@dataclass(frozen=True)
class SearchResult:
    leases: list[LeaseChoice]
    powers: list[PowerRow]


def search(query: str) -> SearchResult:
    """The desk's search page: leases to register a power for (only with a query) and powers
    (the latest ones without a query)."""
    return SearchResult(find_leases(query), find_powers(query))

"""Registering and revoking powers of attorney at the asoy desk, and finding them.

Staff register a power for one lease: the grantor (a party of that lease), the kind and scopes
(``domain.powers``), the agent, the validity, how the form came in and the scanned form. The
agent acts through ``services.access``, which reads these rows.

**Linking the agent's account** (decision): the agent is matched to a portal account by the
e-mail address staff type from the form. The username is an e-mail address the account holder has
proven (the activation link), so the match is as strong as the address on the form. It happens
when the power is registered (an account with that username exists) and, for an agent who has no
account yet or registers later, at each login (``link_agent_powers``: one indexed update, only
rows still without an account). Staff accounts are never linked.

**An agent who is not in the resident register** cannot register the usual way (registration
finds the person in the register). When staff also copy the agent's personal identity code from
the form (kept only as a keyed hash, like the register's), strong identification with that code
lets the agent register (``accounts``: ``agent_may_register``), and the new account gets every
power given to that code (``link_agent_powers_by_hetu``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from peewee import prefetch

from ...db import contains_text, locked, write_txn
from ...domain import powers as rules
from ...domain.clock import helsinki_today
from ...domain.hetu import InvalidHetu, hetu_hash
from ...models import (
    Building,
    Flat,
    HousingCompany,
    Identification,
    Lease,
    LeaseParty,
    PowerOfAttorney,
    Resident,
    User,
    utcnow,
)
from ...models.accounts import STAFF_ROLES
from .. import audit
from ..errors import NotFound, ServiceError
from .documents import clean_document, document_file, remove_document, store_document

#: How many rows a search shows (staff narrow it down by typing more).
SEARCH_LIMIT = 30


class PowerError(ServiceError):
    """A power the desk cannot register or change as asked; ``code`` names the rule."""


@dataclass(frozen=True)
class PowerInput:
    """What staff copy from the form."""

    grantor_id: int | None
    kind: str
    scopes: tuple[str, ...]
    free_text: str
    agent_name: str
    agent_email: str
    valid_from: date
    valid_until: date | None
    received_via: str
    #: The agent's personal identity code, when the form gives it (optional): lets an agent who
    #: is not in the register register with strong identification.
    agent_hetu: str = ""


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


def _normalize_email(email: str) -> str:
    email = (email or "").strip()
    if not email:
        return ""
    try:
        return validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise PowerError("agent_email") from exc


def _agent_hetu_hash(code: str) -> str:
    code = (code or "").strip()
    if not code:
        return ""
    try:
        return hetu_hash(code, current_app.config["HETU_KEY"].encode())
    except (InvalidHetu, ValueError) as exc:
        raise PowerError("agent_hetu") from exc


def _in_force(today: date):
    """The condition "the power may still be used today" (not revoked, not spent, not ended)."""
    return (
        PowerOfAttorney.revoked_at.is_null()
        & PowerOfAttorney.used_at.is_null()
        & (PowerOfAttorney.valid_until.is_null() | (PowerOfAttorney.valid_until >= today))
    )


def agent_may_register(digest: str) -> bool:
    """Is a power in force (or ahead) given to the person with this identity code hash? Such an
    agent may register with strong identification though not in the register."""
    if not digest:
        return False
    return (
        PowerOfAttorney.select()
        .where((PowerOfAttorney.agent_hetu_hash == digest) & _in_force(helsinki_today()))
        .exists()
    )


def _account_of_hetu(digest: str) -> User | None:
    """The open account of the person with this identity code hash: their register link, or for
    an agent outside the register the strong identification that registered it."""
    if not digest:
        return None
    resident = Resident.get_or_none(Resident.hetu_hash == digest)
    if resident is not None:
        return User.get_or_none((User.resident == resident.id) & ~User.disabled)
    return agent_account_of_hetu(digest)


def agent_account_of_hetu(digest: str) -> User | None:
    """The open account an agent outside the register registered with this identity code."""
    if not digest:
        return None
    return (
        User.select()
        .join(Identification, on=(Identification.user == User.id))
        .where(
            (Identification.hetu_hash == digest)
            & User.resident.is_null()
            & ~User.disabled
            & User.role.not_in(STAFF_ROLES)
        )
        .first()
    )


def link_agent_powers_by_hetu(user: User, digest: str) -> int:
    """Give the newly registered ``user`` every power given to their identity code (in the
    registration's transaction); returns how many."""
    if not digest:
        return 0
    linked = (
        PowerOfAttorney.update(agent_user=user.id)
        .where(
            (PowerOfAttorney.agent_hetu_hash == digest)
            & PowerOfAttorney.agent_user.is_null()
            & PowerOfAttorney.revoked_at.is_null()
        )
        .execute()
    )
    if linked:
        audit.record("power_linked", user, user, count=linked, by="identity_code")
    return linked


def _agent_account(email: str) -> User | None:
    if not email:
        return None
    return User.get_or_none((User.email == email) & User.role.not_in(STAFF_ROLES))


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


def register_power(
    staff: User, lease_id: int, data: PowerInput, upload: bytes | None
) -> PowerOfAttorney:
    """Record a power of attorney for a lease, with its scanned form (``upload``: the file's
    bytes, checked by ``documents.clean_document``; refused whole with ``DocumentError``);
    audited. The file is written before the transaction and removed if the transaction fails,
    so a refusal leaves neither a row nor a file."""
    terms = _checked(data)
    email = _normalize_email(data.agent_email)
    if not data.agent_name.strip():
        raise PowerError("agent_name")
    if data.received_via not in rules.RECEIVED_VIA:
        raise PowerError("received_via")
    agent_hetu_hash = _agent_hetu_hash(data.agent_hetu)
    document = clean_document(upload) if upload is not None else None
    key = store_document(document) if document is not None else None
    try:
        with write_txn():
            lease = locked(Lease.select().where(Lease.id == lease_id)).first()
            if lease is None:
                raise NotFound("lease")
            is_party = (
                LeaseParty.select()
                .where((LeaseParty.lease == lease.id) & (LeaseParty.resident == data.grantor_id))
                .exists()
            )
            if not is_party:
                raise PowerError("grantor")
            power = PowerOfAttorney.create(
                grantor=data.grantor_id,
                lease=lease,
                agent_name=data.agent_name.strip(),
                agent_email=email,
                agent_hetu_hash=agent_hetu_hash,
                agent_user=_agent_account(email) or _account_of_hetu(agent_hetu_hash),
                kind=terms.kind,
                scopes=",".join(terms.scopes),
                free_text=terms.free_text,
                valid_from=terms.valid_from,
                valid_until=terms.valid_until,
                received_via=data.received_via,
                registered_by=staff,
                document_path=key,
                document_mime=document.mimetype if document is not None else "",
            )
            audit.record(
                "power_registered",
                staff,
                power,
                lease=lease.id,
                kind=terms.kind,
                scopes=list(terms.scopes),
                linked=power.agent_user_id is not None,
            )
    except BaseException:
        if key is not None:
            remove_document(key)
        raise
    return power


def _checked(data: PowerInput) -> rules.PowerTerms:
    try:
        return rules.check_terms(
            data.kind, data.scopes, data.free_text, data.valid_from, data.valid_until
        )
    except rules.PowerRuleError as exc:
        raise PowerError(exc.code) from exc


def revoke_power(staff: User, power_id: int) -> PowerOfAttorney:
    """End a power now (the grantor withdrew it, or it was registered in error); audited."""
    with write_txn():
        power = locked(PowerOfAttorney.select().where(PowerOfAttorney.id == power_id)).first()
        if power is None:
            raise NotFound("power")
        if power.revoked_at is not None:
            raise PowerError("revoked")
        power.revoked_at = utcnow()
        power.save()
        audit.record("power_revoked", staff, power, lease=power.lease_id)
    return power


def get_power(power_id: int) -> PowerOfAttorney:
    power = PowerOfAttorney.get_or_none(PowerOfAttorney.id == power_id)
    if power is None:
        raise NotFound("power")
    return power


def power_document(power_id: int):
    """The scanned form of a power, for staff to open."""
    power = get_power(power_id)
    return document_file(power.document_path, power.document_mime, power.id)


def link_agent_powers(user: User) -> int:
    """Give ``user`` the powers registered for their username before they had an account (or
    before they logged in); returns how many were linked. Call inside the login's transaction."""
    if user is None or getattr(user, "is_staff", False) or not user.email:
        return 0
    linked = (
        PowerOfAttorney.update(agent_user=user.id)
        .where(
            (PowerOfAttorney.agent_email == user.email)
            & PowerOfAttorney.agent_user.is_null()
            & PowerOfAttorney.revoked_at.is_null()
        )
        .execute()
    )
    if linked:
        audit.record("power_linked", user, user, count=linked)
    return linked


@dataclass(frozen=True)
class SearchResult:
    leases: list[LeaseChoice]
    powers: list[PowerRow]


def search(query: str) -> SearchResult:
    """The desk's search page: leases to register a power for (only with a query) and powers
    (the latest ones without a query)."""
    return SearchResult(find_leases(query), find_powers(query))

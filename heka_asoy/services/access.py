"""Who may see which flat, and do what there: the one place that decides.

Every query for resident data starts from ``flats_for(user)`` (or ``flat_access``), so no URL,
id or form field can reach another flat. Rights follow DOMAIN.md's table:

| capability       | lease party | other resident | agent (power of attorney) |
|------------------|-------------|----------------|---------------------------|
| faults, announcements, flat_info, sauna | yes | yes | within scope |
| messages, contact_details               | yes | yes | no           |
| lease, rent, bank_account               | yes | no  | if scope says so |
| occupants, service_requests, renovation | yes | no  | within scope |
| terminate, parking                      | yes | no  | within scope |
| power_of_attorney (give one)            | yes | no  | no           |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import g, has_request_context
from peewee import JOIN

from ..domain.clock import helsinki_today
from ..models import Lease, LeaseParty, Occupancy, PowerOfAttorney, User
from ..models.base import utcnow
from ..prepared import Prepared
from .errors import NotFound, Refused

LEASE_PARTY = "lease_party"
OTHER_RESIDENT = "other_resident"
AGENT = "agent"

EVERY_RESIDENT = frozenset({"faults", "announcements", "flat_info", "sauna"})
PERSONAL = frozenset({"messages", "contact_details"})
TENANCY = frozenset(
    {
        "lease",
        "rent",
        "bank_account",
        "occupants",
        "service_requests",
        "renovation",
        "terminate",
        "parking",
    }
)
#: Giving a power of attorney for the lease (the form prefilled with the flat): lease parties only.
GRANTOR = frozenset({"power_of_attorney"})
ALL_CAPABILITIES = EVERY_RESIDENT | PERSONAL | TENANCY | GRANTOR

ROLE_CAPABILITIES = {
    LEASE_PARTY: ALL_CAPABILITIES,
    OTHER_RESIDENT: EVERY_RESIDENT | PERSONAL,
}

#: Power-of-attorney scopes (the Finnish form's choices) and the capabilities each grants.
POA_SCOPES: dict[str, frozenset[str]] = {
    "general": EVERY_RESIDENT | TENANCY,
    "terminate": frozenset({"terminate", "lease"}),
    "parking": frozenset({"parking"}),
    "sauna": frozenset({"sauna"}),
    "keys": frozenset({"flat_info"}),
    "manager_certificate": frozenset({"flat_info"}),
    "renovation": frozenset({"renovation", "service_requests"}),
    "lease_and_payments": frozenset({"lease", "rent"}),
    "tenancy_transfer": frozenset({"service_requests", "lease"}),
    "estate": EVERY_RESIDENT | TENANCY,
}


@dataclass(frozen=True)
class FlatAccess:
    """One flat a user may see, with the lease that grants it and what the user may do there."""

    flat_id: int
    lease: Lease | None
    role: str
    capabilities: frozenset[str] = field(default_factory=frozenset)
    #: The power of attorney behind an agent's access, and whether its first use spends it.
    power_id: int | None = None
    one_off: bool = False

    @property
    def started(self) -> bool:
        return self.lease is not None and self.lease.starts_on <= helsinki_today()

    def can(self, capability: str) -> bool:
        return capability in self.capabilities


def _current_leases_of(resident_id: int, today: date):
    return (
        Lease.select(Lease, LeaseParty)
        .join(LeaseParty)
        .where(
            (LeaseParty.resident == resident_id) & Lease.not_ended_on(today)
        )
        .order_by(Lease.starts_on)
    )


def _homes_of(resident_id: int, today: date):
    """The flats the resident lives in with each one's current lease, in one query."""
    return (
        Occupancy.select(Occupancy.flat, Lease)
        .join(
            Lease,
            JOIN.LEFT_OUTER,
            on=(Lease.flat == Occupancy.flat) & Lease.not_ended_on(today),
            attr="current_lease",
        )
        .where(
            (Occupancy.resident == resident_id)
            & (Occupancy.moved_out.is_null() | (Occupancy.moved_out >= today))
        )
        .order_by(Lease.starts_on)
    )


def _powers_held_by(user_id: int, today: date):
    """The user's powers of attorney in force today, with their leases."""
    return (
        PowerOfAttorney.select(PowerOfAttorney, Lease)
        .join(Lease)
        .where(
            (PowerOfAttorney.agent_user == user_id)
            & PowerOfAttorney.revoked_at.is_null()
            & PowerOfAttorney.used_at.is_null()
            & (PowerOfAttorney.valid_from <= today)
            & (PowerOfAttorney.valid_until.is_null() | (PowerOfAttorney.valid_until >= today))
        )
    )


# Every resident page runs these three: built once (see ``prepared``), not per request.
_LEASES = Prepared(_current_leases_of, int, date)
_HOMES = Prepared(_homes_of, int, date)
_POWERS = Prepared(_powers_held_by, int, date)


def compute_flats(user: User, today: date | None = None) -> list[FlatAccess]:
    """Every flat the user may see today: as lease party, other resident or agent."""
    today = today or helsinki_today()
    result: dict[int, FlatAccess] = {}
    if user is None or not getattr(user, "resident_id", None):
        residents_flats: list[FlatAccess] = []
    else:
        residents_flats = []
        for lease in _LEASES(user.resident_id, today):
            residents_flats.append(
                FlatAccess(lease.flat_id, lease, LEASE_PARTY, ROLE_CAPABILITIES[LEASE_PARTY])
            )
        leased = {fa.flat_id for fa in residents_flats}
        # Run even when there are none: a page's query count must not depend on the data.
        living = _HOMES(user.resident_id, today)
        by_flat: dict[int, Lease | None] = {}
        for row in living:
            lease = getattr(row, "current_lease", None)
            if by_flat.get(row.flat_id) is None:
                by_flat[row.flat_id] = lease if lease is not None and lease.id else None
        for flat_id, lease in by_flat.items():
            if flat_id not in leased:
                residents_flats.append(
                    FlatAccess(flat_id, lease, OTHER_RESIDENT, ROLE_CAPABILITIES[OTHER_RESIDENT])
                )
    for fa in residents_flats:
        result.setdefault(fa.flat_id, fa)
    if user is not None and getattr(user, "id", None):
        powers = _POWERS(user.id, today)
        for poa in powers:
            caps = frozenset().union(
                *(POA_SCOPES.get(s, frozenset()) for s in poa.scopes.split(",") if s)
            )
            if poa.lease.flat_id not in result:
                result[poa.lease.flat_id] = FlatAccess(
                    poa.lease.flat_id,
                    poa.lease,
                    AGENT,
                    caps,
                    power_id=poa.id,
                    one_off=poa.kind == "one_off",
                )
    return list(result.values())


def flats_for(user: User) -> list[FlatAccess]:
    """``compute_flats`` cached for the request: pages ask several times, the database once."""
    if not has_request_context():
        return compute_flats(user)
    cache = g.setdefault("_flat_access", {})
    key = getattr(user, "id", None)
    if key not in cache:
        cache[key] = compute_flats(user)
    return cache[key]


def started_flats(user: User) -> list[FlatAccess]:
    """Flats whose lease has started: the resident pages show only these."""
    return [fa for fa in flats_for(user) if fa.started]


def upcoming_start(user: User) -> date | None:
    """The earliest lease start still ahead, for the "your pages open on …" notice."""
    starts = [fa.lease.starts_on for fa in flats_for(user) if fa.lease and not fa.started]
    return min(starts) if starts else None


def flat_access(user: User, flat_id: int, capability: str) -> FlatAccess:
    """The access to one flat for one capability: ``NotFound`` when the flat is not the user's
    (its existence is not revealed), ``Refused`` when it is but the right is missing."""
    for fa in started_flats(user):
        if fa.flat_id == flat_id:
            if not fa.can(capability):
                raise Refused(capability)
            return fa
    raise NotFound("flat")


def spend_power(fa: FlatAccess) -> None:
    """Spend a one-off power of attorney on the act it was given for.

    Call it inside the write transaction of the act, after the act's own checks: the conditional
    update lets only one of two concurrent uses through, and a rolled-back act leaves the power
    unspent. Every other access (lease party, other resident, a lasting power) is untouched.
    """
    if fa.role != AGENT or not fa.one_off or fa.power_id is None:
        return
    spent = (
        PowerOfAttorney.update(used_at=utcnow())
        .where((PowerOfAttorney.id == fa.power_id) & PowerOfAttorney.used_at.is_null())
        .execute()
    )
    if spent != 1:
        raise Refused("power_spent")
    if has_request_context():
        g.pop("_flat_access", None)  # the spent power no longer grants this flat


def pick_flat(
    user: User, wanted: int | None, required: str | None, preferred: str | None = None
) -> int:
    """The flat a page or form is about: ``wanted`` (the ``flat`` argument) must be one of the
    user's started flats (``NotFound`` otherwise) with the ``required`` right (``Refused``
    otherwise). Without it: the first flat with ``preferred`` (or ``required``), else the first
    flat when nothing is required; ``Refused`` when no flat qualifies."""
    flats = started_flats(user)
    if wanted is not None:
        if required:
            flat_access(user, wanted, required)
        elif wanted not in {fa.flat_id for fa in flats}:
            raise NotFound("flat")
        return wanted
    want = preferred or required
    for fa in flats:
        if want is None or fa.can(want):
            return fa.flat_id
    if required is None and flats:
        return flats[0].flat_id
    raise Refused(want or "flat")


def pick_flat_to_view(user: User, wanted: int | None, capability: str) -> int:
    """The flat for a page every resident may look at but only some may act on (the parking
    spaces: other residents see them, lease parties rent). An agent sees it only within the
    power's scope: a power for the sauna shows nothing of the parking (``Refused``)."""
    flats = started_flats(user)
    if wanted is not None:
        for fa in flats:
            if fa.flat_id == wanted:
                if fa.role == AGENT and not fa.can(capability):
                    raise Refused(capability)
                return wanted
        raise NotFound("flat")
    viewable = [fa for fa in flats if fa.role != AGENT or fa.can(capability)]
    for fa in viewable:
        if fa.can(capability):
            return fa.flat_id
    if viewable:
        return viewable[0].flat_id
    raise Refused(capability)


def flat_ids_with(user: User, capability: str) -> list[int]:
    """Ids of the started flats where the user has ``capability``: the filter for list queries."""
    return [fa.flat_id for fa in started_flats(user) if fa.can(capability)]


@dataclass(frozen=True)
class FlatSummary:
    """What the dashboard shows of a flat the user may see."""

    flat_id: int
    address: str
    number: str
    company: str
    role: str
    lease_starts_on: date | None


def _flats_by_id(flat_ids: list[int]):
    from ..models import Flat

    return Flat.with_building_company().where(Flat.id.in_(flat_ids))


#: Every page with a flat chooser runs it: built once per number of flats (see ``prepared``).
_FLATS = Prepared(_flats_by_id, [int])


def describe(flats: list[FlatAccess]) -> list[FlatSummary]:
    """Address and housing company of each accessible flat, in one query."""
    if not flats:
        return []
    rows = {f.id: f for f in _FLATS([fa.flat_id for fa in flats])}
    return [
        FlatSummary(
            fa.flat_id,
            rows[fa.flat_id].building.street_address,
            rows[fa.flat_id].number,
            rows[fa.flat_id].housing_company.name,
            fa.role,
            fa.lease.starts_on if fa.lease else None,
        )
        for fa in flats
    ]

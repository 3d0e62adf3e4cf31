"""The reads of the lease page and the termination page, each one call for its view."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...domain.termination import EndWindow, end_window
from ...models import (
    BankAccount,
    Flat,
    Lease,
    Occupancy,
    Resident,
    Termination,
    TerminationConfirmation,
    User,
)
from .. import access
from ..bookings import today
from ..errors import NotFound
from .common import acting_resident, confirmations, lease_parties, open_termination


@dataclass(frozen=True)
class LeasePage:
    """Everything the lease page shows of one flat's current lease."""

    flat_id: int
    flat: Flat  # with building, housing_company (and its maintenance_company)
    lease: Lease
    parties: list[Resident]
    others: list[Resident]  # other residents: live in the flat, did not sign the lease
    termination: Termination | None
    flats: list[access.FlatSummary]  # the user's flats with the lease right (the chooser)
    can_terminate: bool


def _pick(user: User, wanted: int | None, capability: str) -> access.FlatAccess:
    flat_id = access.pick_flat(user, wanted, capability)
    fa = access.flat_access(user, flat_id, capability)
    if fa.lease is None:  # pragma: no cover - started flats always have a lease
        raise NotFound("lease")
    return fa


def lease_page(user: User, wanted: int | None) -> LeasePage:
    """The lease of the user's flat ``wanted`` (default: the first with the lease right):
    ``NotFound`` for a flat not the user's, ``Refused`` without the right (other residents)."""
    fa = _pick(user, wanted, "lease")
    lease = fa.lease
    parties = lease_parties(lease.id)
    party_ids = [r.id for r in parties]
    others = list(
        Resident.select()
        .join(Occupancy)
        .where(
            (Occupancy.flat == fa.flat_id)
            & Occupancy.current_on(today())
            & Resident.id.not_in(party_ids or [0])
        )
        .order_by(Resident.last_name, Resident.first_names, Resident.id)
        .distinct()
    )
    flats = access.started_flats(user)
    return LeasePage(
        flat_id=fa.flat_id,
        flat=Flat.with_companies(fa.flat_id),
        lease=lease,
        parties=parties,
        others=others,
        termination=open_termination(lease.id),
        flats=access.describe([f for f in flats if f.can("lease")]),
        can_terminate=fa.can("terminate"),
    )


@dataclass(frozen=True)
class TerminationPage:
    """The termination page: the form (no open notice), or the notice and who has confirmed."""

    flat_id: int
    flat: Flat
    lease: Lease
    window: EndWindow  # the end dates a notice given today may choose
    termination: Termination | None
    confirmations: list[TerminationConfirmation] = field(default_factory=list)
    #: The lease party the user acts for has not confirmed the open notice yet.
    can_confirm: bool = False
    #: The notice awaits confirmations and the user is one of its parties (or acts for one).
    can_withdraw: bool = False
    #: The user's refund IBAN on file, to fill the form with.
    known_iban: str = ""
    flats: list[access.FlatSummary] = field(default_factory=list)


def termination_page(user: User, wanted: int | None) -> TerminationPage:
    """The termination page of the user's flat ``wanted`` (needs the "terminate" right)."""
    fa = _pick(user, wanted, "terminate")
    lease = fa.lease
    termination = open_termination(lease.id)
    rows = confirmations(termination.id) if termination is not None else []
    me = acting_resident(user, fa)
    mine = next((c for c in rows if c.resident_id == me), None)
    awaiting = termination is not None and termination.status == "awaiting_parties"
    account = BankAccount.get_or_none(BankAccount.resident == me) if me else None
    flats = access.started_flats(user)
    return TerminationPage(
        flat_id=fa.flat_id,
        flat=Flat.with_companies(fa.flat_id),
        lease=lease,
        window=end_window(today()),
        termination=termination,
        confirmations=rows,
        can_confirm=awaiting and mine is not None and mine.confirmed_at is None,
        can_withdraw=awaiting and mine is not None,
        known_iban=account.iban if account is not None else "",
        flats=access.describe([f for f in flats if f.can("terminate")]),
    )

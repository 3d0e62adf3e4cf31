"""What the lease page and the termination share: the refusal, who the user acts for, reads of
the lease's parties and of its open notice."""

from __future__ import annotations

from ...models import (
    Lease,
    LeaseParty,
    PowerOfAttorney,
    Resident,
    Termination,
    TerminationConfirmation,
    User,
)
from .. import access
from ..errors import ServiceError


class TerminationError(ServiceError):
    """A termination rule said no; ``code`` picks the message (shown next to its field):
    too_early, too_late (the end date), iban, open (a notice is already open), confirmed (this
    party has confirmed already), closed (the notice is in effect or withdrawn), not_party."""


def acting_resident(user: User, fa: access.FlatAccess) -> int | None:
    """The lease party the user acts for: themselves, or the grantor of an agent's power."""
    if fa.role == access.AGENT:
        power = PowerOfAttorney.get_or_none(PowerOfAttorney.id == fa.power_id)
        return power.grantor_id if power is not None else None
    return user.resident_id


def lease_parties(lease_id: int) -> list[Resident]:
    """The lease's parties (signed the lease), in name order."""
    return list(
        Resident.select()
        .join(LeaseParty)
        .where(LeaseParty.lease == lease_id)
        .order_by(Resident.last_name, Resident.first_names, Resident.id)
    )


def leaving_parties(lease_id: int, acting_for: int | None = None) -> list[Resident]:
    """The parties whose confirmation the notice needs: every living lease party, and a
    deceased one when ``acting_for`` is theirs (an estate's representative gives the notice
    for them through a power of attorney)."""
    return [
        r
        for r in lease_parties(lease_id)
        if r.deceased_on is None or r.id == acting_for
    ]


def open_termination(lease_id: int) -> Termination | None:
    """The lease's notice that is awaiting confirmations or in effect, if any."""
    return (
        Termination.select()
        .where((Termination.lease == lease_id) & Termination.open_key.is_null(False))
        .first()
    )


def confirmations(termination_id: int) -> list[TerminationConfirmation]:
    """Each leaving party's confirmation with its ``resident``, in name order."""
    return list(
        TerminationConfirmation.select(TerminationConfirmation, Resident)
        .join(Resident)
        .where(TerminationConfirmation.termination == termination_id)
        .order_by(Resident.last_name, Resident.first_names, Resident.id)
    )


def open_key(lease: Lease | int) -> str:
    return f"lease:{getattr(lease, 'id', lease)}"

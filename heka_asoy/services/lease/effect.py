"""When the last leaving party confirms: the lease ends, and so do the flat's bookings.

Runs inside the confirming write's transaction, after the notice row was locked. The status
change is a conditional update, so even two callers that both saw every confirmation in place
put the notice in effect once: only the one whose update matched goes on to end the lease.
"""

from __future__ import annotations

from datetime import date

from ...domain.termination import AWAITING, IN_EFFECT, end_when_confirmed
from ...models import (
    Fee,
    Lease,
    ParkingContract,
    SaunaSingleBooking,
    SaunaTurn,
    Termination,
    TerminationConfirmation,
    User,
    utcnow,
)
from .. import audit, bookings
from ..bookings import today
from .notify import notify_in_effect


def take_effect_if_all_confirmed(termination: Termination, actor: User) -> bool:
    """Put the notice in effect when no leaving party is left to confirm; True when this call
    did it."""
    waiting = (
        TerminationConfirmation.select()
        .where(
            (TerminationConfirmation.termination == termination.id)
            & TerminationConfirmation.confirmed_at.is_null()
        )
        .exists()
    )
    if waiting:
        return False
    confirmed_on = today()
    # The notice is given when the last party confirms: a confirmation in a later month than
    # the first one's moves the statutory end with it.
    ends_on, moved = end_when_confirmed(confirmed_on, termination.ends_on)
    changed = (
        Termination.update(
            status=IN_EFFECT, in_effect_on=confirmed_on, ends_on=ends_on, updated_at=utcnow()
        )
        .where((Termination.id == termination.id) & (Termination.status == AWAITING))
        .execute()
    )
    if changed != 1:
        return False
    lease = Lease.get_by_id(termination.lease_id)
    Lease.update(notice_given_on=confirmed_on, ends_on=ends_on).where(
        Lease.id == lease.id
    ).execute()
    ended = end_bookings_with_lease(lease.flat_id, ends_on, actor)
    Fee.update(ends_on=ends_on).where(
        (Fee.lease == lease.id) & (Fee.ends_on.is_null() | (Fee.ends_on > ends_on))
    ).execute()
    audit.record(
        "termination_in_effect", actor, termination, ends_on=str(ends_on), moved=moved, **ended
    )
    notify_in_effect(Termination.get_by_id(termination.id), actor, moved=moved)
    return True


def end_bookings_with_lease(flat_id: int, ends_on: date, actor: User) -> dict[str, int]:
    """End the flat's parking contracts and weekly sauna turns that run past ``ends_on`` on that
    day, through the bookings' own ending (fees and mails included); one-off sauna evenings
    after it are cancelled. Returns how many of each were ended."""
    contracts = list(
        ParkingContract.select().where(
            (ParkingContract.flat == flat_id)
            & (ParkingContract.ends_on.is_null() | (ParkingContract.ends_on > ends_on))
        )
    )
    for contract in contracts:
        if contract.notice_given_on is None:
            bookings.terminate_contract(
                actor, flat_id, contract.id, by_staff=True, ends_on=ends_on
            )
        else:  # already terminated, ending after the lease: it ends with the lease instead
            end = max(ends_on, contract.starts_on)
            ParkingContract.update(ends_on=end).where(
                ParkingContract.id == contract.id
            ).execute()
            Fee.update(ends_on=end).where(
                Fee.source == f"parking_contract:{contract.id}"
            ).execute()
    turns = list(
        SaunaTurn.select().where(
            (SaunaTurn.flat == flat_id)
            & (SaunaTurn.ends_on.is_null() | (SaunaTurn.ends_on > ends_on))
        )
    )
    for turn in turns:
        bookings.cancel_turn(actor, flat_id, turn.id, by_staff=True, ends_on=ends_on)
    singles = (
        SaunaSingleBooking.delete()
        .where((SaunaSingleBooking.flat == flat_id) & (SaunaSingleBooking.on_date > ends_on))
        .execute()
    )
    return {"parking": len(contracts), "sauna": len(turns), "single": singles}

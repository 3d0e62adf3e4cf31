"""The asoy desk's view of terminations: the queue, one notice, and the move-out notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ...db import locked, write_txn
from ...domain.termination import STATUSES, WITHDRAWN
from ...models import (
    Building,
    Flat,
    HousingCompany,
    KeyHandover,
    Lease,
    Termination,
    TerminationConfirmation,
    User,
    utcnow,
)
from .. import audit
from ..errors import NotFound
from .common import confirmations, lease_parties
from .notify import notify_inspection


def _with_place():
    return (
        Termination.select(Termination, Lease, Flat, Building, HousingCompany)
        .join(Lease)
        .join(Flat)
        .join(Building)
        .switch(Flat)
        .join(HousingCompany)
    )


def termination_queue(status: str | None = None, limit: int = 200) -> list[Termination]:
    """Notices, open ones first by end date, with lease, flat, building and company; one query.
    ``status`` filters (an unknown one shows all)."""
    query = _with_place()
    if status in STATUSES:
        query = query.where(Termination.status == status)
    return list(
        query.order_by(
            (Termination.status == WITHDRAWN).asc(), Termination.ends_on, Termination.id
        ).limit(limit)
    )


@dataclass(frozen=True)
class DeskTermination:
    termination: Termination  # with lease, flat, building, housing company
    confirmations: list[TerminationConfirmation]
    parties: list


def termination_detail(termination_id: int) -> DeskTermination:
    row = _with_place().where(Termination.id == termination_id).first()
    if row is None:
        raise NotFound("termination")
    return DeskTermination(row, confirmations(row.id), lease_parties(row.lease_id))


def record_move_out(
    staff: User,
    termination_id: int,
    *,
    inspection_at: datetime | None = None,
    keys_returned_on: date | None = None,
) -> Termination:
    """Note the booked move-out inspection time (the lease parties are mailed it) and/or the
    day the keys came back (logged as a key handover at BLC Turva); only what is given
    changes."""
    with write_txn():
        row = locked(Termination.select().where(Termination.id == termination_id)).first()
        if row is None:
            raise NotFound("termination")
        changes = {"updated_at": utcnow()}
        if inspection_at is not None:
            changes["inspection_at"] = inspection_at
        if keys_returned_on is not None:
            changes["keys_returned_on"] = keys_returned_on
        Termination.update(**changes).where(Termination.id == row.id).execute()
        if keys_returned_on is not None and row.keys_returned_on is None:
            lease = Lease.get_by_id(row.lease_id)
            KeyHandover.create(
                flat=lease.flat_id,
                lease=lease,
                direction="returned",
                handled_at=datetime.combine(keys_returned_on, datetime.min.time()),
                logged_by=staff,
                notes=f"termination:{row.id}",
            )
        if inspection_at is not None and inspection_at != row.inspection_at:
            notify_inspection(Termination.get_by_id(row.id), staff)
        audit.record(
            "termination_move_out",
            staff,
            row,
            inspection_at=str(inspection_at or ""),
            keys_returned_on=str(keys_returned_on or ""),
        )
    return Termination.get_by_id(termination_id)

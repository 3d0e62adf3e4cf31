"""Occupants: who lives in the flat by the register, and moves reported by the lease party
(capability ``occupants``; an agent within the scope of their power of attorney).

A report is an ``OccupantChange`` pending until the asoy desk confirms it, which updates the
register (``Occupancy``; the water fee per person is counted from it when invoices are made) in
the same transaction, or rejects it with a reason. The status leaves "pending" through one
conditional UPDATE, so two desk workers confirming at once apply the change once. The requester
hears of the decision by mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from peewee import JOIN

from ...db import write_txn
from ...domain import occupants as rules
from ...models import (
    Building,
    Flat,
    HousingCompany,
    LeaseParty,
    Occupancy,
    OccupantChange,
    Resident,
    User,
    utcnow,
)
from ...models.occupants import CONFIRMED, MOVE_IN, MOVE_OUT, PENDING, REJECTED
from .. import access, audit
from ..errors import NotFound
from ..mailer import queue_mail
from .common import HouseholdError, today

#: How many of a flat's past reports the resident page lists.
HISTORY_LIMIT = 50
#: How many reports the desk's queue shows at a time.
QUEUE_LIMIT = 200
STATUSES = (PENDING, CONFIRMED, REJECTED)


@dataclass(frozen=True)
class OccupantRow:
    """One person living in the flat now."""

    resident_id: int
    name: str
    moved_in: date
    in_register: bool
    lease_party: bool
    moving_out: bool


@dataclass(frozen=True)
class OccupantsView:
    flat_id: int
    flats: list
    occupants: list[OccupantRow]
    changes: list[OccupantChange]
    today: date
    earliest: date
    latest: date


def occupants_page(user: User, wanted_flat: int | None) -> OccupantsView:
    """The flat's occupants and its reported moves, in a number of queries that does not
    depend on how many there are."""
    flat_id = access.pick_flat(user, wanted_flat, "occupants")
    fa = access.flat_access(user, flat_id, "occupants")
    day = today()
    changes = list(
        OccupantChange.select()
        .where(OccupantChange.flat == flat_id)
        .order_by(OccupantChange.created_at.desc(), OccupantChange.id.desc())
        .limit(HISTORY_LIMIT)
    )
    parties = (
        {
            row.resident_id
            for row in LeaseParty.select(LeaseParty.resident).where(LeaseParty.lease == fa.lease.id)
        }
        if fa.lease is not None
        else set()
    )
    leaving = {c.resident_id for c in changes if c.kind == MOVE_OUT and c.status == PENDING}
    rows = [
        OccupantRow(
            o.resident_id,
            o.resident.full_name,
            o.moved_in,
            o.in_register,
            o.resident_id in parties,
            o.resident_id in leaving,
        )
        for o in Occupancy.select(Occupancy, Resident)
        .join(Resident)
        .where((Occupancy.flat == flat_id) & Occupancy.current_on(day))
        .order_by(Occupancy.moved_in, Resident.last_name, Resident.first_names)
    ]
    flats = access.describe([f for f in access.started_flats(user) if f.can("occupants")])
    return OccupantsView(
        flat_id, flats, rows, changes, day, rules.earliest_move(day), rules.latest_move(day)
    )


def _name(text: str, code: str) -> str:
    name = " ".join((text or "").split())
    if not name or len(name) > rules.NAME_MAX:
        raise HouseholdError(code, max=rules.NAME_MAX)
    return name


def report_move_in(
    user: User,
    flat_id: int,
    first_names: str,
    last_name: str,
    birth_date: date,
    on_date: date,
) -> OccupantChange:
    """Report a person moving in; pending until the desk confirms it."""
    first = _name(first_names, "first_names")
    last = _name(last_name, "last_name")
    day = today()
    problem = rules.move_date_problem(on_date, day)
    if problem:
        raise HouseholdError(problem)
    problem = rules.birth_date_problem(birth_date, on_date, day)
    if problem:
        raise HouseholdError(problem)
    with write_txn():
        fa = access.flat_access(user, flat_id, "occupants")
        change = OccupantChange.create(
            flat=flat_id,
            lease=fa.lease.id if fa.lease is not None else None,
            kind=MOVE_IN,
            first_names=first,
            last_name=last,
            birth_date=birth_date,
            on_date=on_date,
            requested_by=user.id,
        )
        access.spend_power(fa)
        audit.record("occupant_move_in_reported", user, change, flat=flat_id)
    return change


def report_move_out(user: User, flat_id: int, resident_id: int, on_date: date) -> OccupantChange:
    """Report that a person living in the flat moves out; pending until the desk confirms."""
    day = today()
    with write_txn():
        fa = access.flat_access(user, flat_id, "occupants")
        occupancy = (
            Occupancy.select(Occupancy, Resident)
            .join(Resident)
            .where(
                (Occupancy.flat == flat_id)
                & (Occupancy.resident == resident_id)
                & Occupancy.current_on(day)
            )
            .first()
        )
        if occupancy is None:
            raise HouseholdError("occupant")
        problem = rules.move_out_problem(on_date, occupancy.moved_in, day)
        if problem:
            raise HouseholdError(problem)
        if (
            OccupantChange.select()
            .where(
                (OccupantChange.flat == flat_id)
                & (OccupantChange.resident == resident_id)
                & (OccupantChange.kind == MOVE_OUT)
                & (OccupantChange.status == PENDING)
            )
            .exists()
        ):
            raise HouseholdError("already_pending")
        change = OccupantChange.create(
            flat=flat_id,
            lease=fa.lease.id if fa.lease is not None else None,
            kind=MOVE_OUT,
            first_names=occupancy.resident.first_names,
            last_name=occupancy.resident.last_name,
            resident=resident_id,
            on_date=on_date,
            requested_by=user.id,
        )
        access.spend_power(fa)
        audit.record("occupant_move_out_reported", user, change, flat=flat_id)
    return change


# --- the desk ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffQueue:
    status: str
    changes: list[OccupantChange]


def _with_place(query):
    """Reports with their flat, building and housing company, and the requester, in one
    query."""
    return (
        query.select(OccupantChange, Flat, Building, HousingCompany, User)
        .join(Flat)
        .join(Building)
        .switch(Flat)
        .join(HousingCompany)
        .switch(OccupantChange)
        .join(User, on=(OccupantChange.requested_by == User.id), join_type=JOIN.LEFT_OUTER)
    )


def staff_queue(status: str = PENDING) -> StaffQueue:
    """The reports of one status (pending first of all), oldest pending first, newest decided
    first; one query."""
    status = status if status in STATUSES else PENDING
    order = (
        (OccupantChange.created_at, OccupantChange.id)
        if status == PENDING
        else (OccupantChange.decided_at.desc(), OccupantChange.id.desc())
    )
    changes = list(
        _with_place(OccupantChange.select())
        .where(OccupantChange.status == status)
        .order_by(*order)
        .limit(QUEUE_LIMIT)
    )
    return StaffQueue(status, changes)


def _apply(change: OccupantChange) -> None:
    """Write a confirmed change into the register (in the caller's transaction)."""
    if change.kind == MOVE_IN:
        resident = Resident.create(
            first_names=change.first_names,
            last_name=change.last_name,
            birth_date=change.birth_date,
        )
        Occupancy.create(resident=resident, flat=change.flat_id, moved_in=change.on_date)
        OccupantChange.update(resident=resident.id).where(OccupantChange.id == change.id).execute()
        return
    moved = (
        Occupancy.update(moved_out=change.on_date)
        .where(
            (Occupancy.flat == change.flat_id)
            & (Occupancy.resident == change.resident_id)
            & (Occupancy.moved_in <= change.on_date)
            & (Occupancy.moved_out.is_null() | (Occupancy.moved_out > change.on_date))
        )
        .execute()
    )
    if moved == 0:
        raise HouseholdError("not_living_there")


def decide_change(staff: User, change_id: int, confirm: bool, reason: str = "") -> OccupantChange:
    """Confirm a reported move into the register, or reject it with a reason; the requester is
    told by mail. A report decided meanwhile (by another desk worker) is
    ``HouseholdError("already_decided")`` and nothing changes."""
    reason = (reason or "").strip()
    if not confirm and not reason:
        raise HouseholdError("reason_required")
    if len(reason) > rules.REASON_MAX:
        raise HouseholdError("reason_too_long", max=rules.REASON_MAX)
    with write_txn():
        change = _with_place(OccupantChange.select()).where(OccupantChange.id == change_id).first()
        if change is None:
            raise NotFound("occupant_change")
        status = CONFIRMED if confirm else REJECTED
        now = utcnow()
        won = (
            OccupantChange.update(status=status, decided_by=staff.id, decided_at=now, reason=reason)
            .where((OccupantChange.id == change_id) & (OccupantChange.status == PENDING))
            .execute()
        )
        if won != 1:
            raise HouseholdError("already_decided")
        if confirm:
            _apply(change)
        change.status, change.reason, change.decided_at = status, reason, now
        audit.record(f"occupant_change_{status}", staff, change, flat=change.flat_id)
        requester = change.requested_by if change.requested_by_id else None
        if requester is not None and not requester.disabled:
            queue_mail(
                requester.notice_email,
                "occupant_decided",
                requester.language,
                change=change,
                address=f"{change.flat.building.street_address} {change.flat.number}",
            )
    return change

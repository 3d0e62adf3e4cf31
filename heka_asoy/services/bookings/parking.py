"""Parking contracts: the start window and the cap per flat, renting, terminating, queueing
for a type of space, and the parking page's reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from peewee import IntegrityError

from ...db import locked, write_txn
from ...domain.bookings import (
    day_after,
    full_until,
)
from ...domain.notice import end_of_notice
from ...models import (
    Fee,
    Flat,
    HousingCompany,
    ParkingContract,
    ParkingSpace,
    User,
    WaitingListEntry,
)
from .. import access, audit
from ..urls import external_url
from .common import (
    PARKING_KINDS,
    BookingError,
    BookingNotFound,
    _active_offer,
    _current_lease,
    _holds,
    _locked_flat,
    _notify,
    check_start,
    found,
    last_start,
    parking_queue_key,
    space_key,
    today,
)
from .queues import _leave_queue, join_queue, positions


def join_parking_queue(user: User, flat_id: int, kind: str) -> WaitingListEntry:
    """Queue for a type of space when none of that type is free ("space_free": rent it
    instead), and only when the flat could take one within the start window ("cap")."""
    access.flat_access(user, flat_id, "parking")
    if kind not in PARKING_KINDS:
        raise BookingNotFound()
    with write_txn():
        flat = _locked_flat(flat_id)
        allowance = parking_allowance(flat_id)
        if allowance.earliest is None:
            raise BookingError("cap", cap=allowance.cap)
        if parking_spaces(flat.housing_company_id)["free_by_kind"].get(kind):
            raise BookingError("space_free")
        return join_queue(
            user, flat_id, parking_queue_key(flat.housing_company_id, kind), "parking"
        )


def parking_cap() -> int:
    """How many parking spaces one flat may rent at a time (``PARKING_MAX_PER_FLAT``)."""
    return current_app.config["PARKING_MAX_PER_FLAT"]


def _contract_ends(flat_id: int, day: date) -> list[date | None]:
    """The end dates (None: no end) of the flat's contracts still running on ``day`` or later:
    the ones a contract starting on ``day`` is counted with. A terminated contract stops
    counting after its last day."""
    return [
        ends_on
        for (ends_on,) in ParkingContract.select(ParkingContract.ends_on)
        .where(
            (ParkingContract.flat == flat_id)
            & (ParkingContract.ends_on.is_null() | (ParkingContract.ends_on >= day))
        )
        .tuples()
    ]


@dataclass(frozen=True)
class ParkingAllowance:
    """What the flat may rent now: ``held`` of ``cap`` spaces (counted from today); a new
    contract may start from ``earliest`` (None: not within the window, the flat is at its cap)
    to ``latest``."""

    held: int
    cap: int
    earliest: date | None
    latest: date


def _room_from(flat_id: int, day: date) -> tuple[int, date | None]:
    """How many of the flat's contracts run on ``day`` or later, and the first day from ``day``
    on when the flat is under its cap (``day`` itself, or the day after enough of them end),
    if that is within the start window."""
    ends = _contract_ends(flat_id, day)
    until = full_until(ends, parking_cap())
    first = day if until is None else day_after(until)
    return len(ends), first if first is not None and first <= last_start("parking") else None


def parking_allowance(flat_id: int) -> ParkingAllowance:
    """The start dates open to the flat: from today, or from the day after enough of its
    contracts end to take it under the cap; to the end of the start window."""
    held, earliest = _room_from(flat_id, today())
    return ParkingAllowance(held, parking_cap(), earliest, last_start("parking"))


def _check_cap(flat_id: int, starts_on: date) -> None:
    """Refuse a contract from ``starts_on`` (within the window) that would take the flat over
    its cap: "cap", with the first day it could start instead (None: not within the window)."""
    _held, first = _room_from(flat_id, starts_on)
    if first != starts_on:
        raise BookingError("cap", cap=parking_cap(), free_from=first)


def check_rental(flat_id: int, starts_on: date) -> None:
    """The rules a resident's rental from ``starts_on`` must pass before it is confirmed (the
    start window and the cap), so that the confirmation step never offers what the rental
    will refuse."""
    check_start(starts_on, "parking")
    _check_cap(flat_id, starts_on)


def rent_space(
    user: User, flat_id: int, space_id: int, starts_on: date, *, by_staff: bool = False
) -> ParkingContract:
    """Rent a free parking space from ``starts_on``; its fee joins the flat's charges. An
    agent's one-off power of attorney is spent by it, in the same transaction."""
    fa = None if by_staff else access.flat_access(user, flat_id, "parking")
    with write_txn():
        contract = _rent_space(user, flat_id, space_id, starts_on, by_staff=by_staff)
        if fa is not None:
            access.spend_power(fa)
        return contract


def _rent_space(user, flat_id, space_id, starts_on, *, by_staff=False, offer=None):
    space = locked(ParkingSpace.select().where(ParkingSpace.id == space_id)).first()
    if space is None:
        raise BookingNotFound()
    flat = _locked_flat(flat_id)  # the cap is counted by one request of the flat at a time
    if space.housing_company_id != flat.housing_company_id:
        raise BookingError("not_own_company")
    check_start(starts_on, "parking")
    # Staff may give a flat a space over the cap (a case decided at the desk, audited); a
    # resident's rental and an accepted offer may not.
    if not by_staff:
        _check_cap(flat_id, starts_on)
    if _holds(ParkingContract, space_key(space.id)) is not None:
        raise BookingError("space_taken")
    if offer is None and _active_offer(space_key(space.id), other_than_flat=flat_id):
        raise BookingError("space_taken")
    lease = _current_lease(flat_id)
    if lease is None:
        raise BookingError("no_lease")
    try:
        with write_txn():
            contract = ParkingContract.create(
                space=space,
                flat=flat_id,
                lease=lease,
                starts_on=starts_on,
                hold_key=space_key(space.id),
            )
    except IntegrityError as exc:
        raise BookingError("space_taken") from exc
    Fee.create(
        lease=lease,
        kind="parking",
        description=space.code,
        monthly_amount=space.monthly_fee,
        starts_on=starts_on,
        source=f"parking_contract:{contract.id}",
    )
    _leave_queue(parking_queue_key(space.housing_company_id, space.kind), flat_id)
    audit.record("parking_rented", user, contract, by_staff=by_staff)
    _notify(
        flat_id,
        "parking_rented",
        user,
        space=space,
        starts_on=starts_on,
        rent_link=external_url("rent.index"),  # the fee joins the charges shown there
    )
    return contract


def parking_end_preview(company: HousingCompany, given: date | None = None) -> date:
    """When a contract terminated today ends (default: one month from the end of this month)."""
    return end_of_notice(given or today(), company.parking_notice_months)


def terminate_contract(
    user: User,
    flat_id: int,
    contract_id: int,
    *,
    by_staff: bool = False,
    ends_on: date | None = None,
) -> ParkingContract:
    fa = None if by_staff else access.flat_access(user, flat_id, "parking")
    with write_txn():
        contract = locked(
            ParkingContract.select().where(
                (ParkingContract.id == contract_id) & (ParkingContract.flat == flat_id)
            )
        ).first()
        if contract is None:
            raise BookingNotFound()
        if contract.notice_given_on is not None:
            raise BookingError("ended")
        space = ParkingSpace.get_by_id(contract.space_id)
        company = HousingCompany.get_by_id(space.housing_company_id)
        end = ends_on if by_staff and ends_on else parking_end_preview(company)
        contract.notice_given_on = today()
        contract.ends_on = max(end, contract.starts_on)
        contract.save()
        Fee.update(ends_on=contract.ends_on).where(
            Fee.source == f"parking_contract:{contract.id}"
        ).execute()
        audit.record(
            "parking_terminated", user, contract, ends_on=str(contract.ends_on), by_staff=by_staff
        )
        if fa is not None:
            access.spend_power(fa)  # an agent's one-off power is used by the termination
        _notify(flat_id, "parking_terminated", user, space=space, ends_on=contract.ends_on)
    return contract


def flat_company(flat_id: int) -> HousingCompany:
    """The flat's housing company."""
    return HousingCompany.select().join(Flat).where(Flat.id == flat_id).get()


def parking_space(space_id: int) -> ParkingSpace:
    return ParkingSpace.get_by_id(space_id)


def space_with_company(space_id: int) -> ParkingSpace:
    """The space with its ``housing_company``; ``BookingNotFound`` for an unknown id."""
    return found(
        ParkingSpace.select(ParkingSpace, HousingCompany)
        .join(HousingCompany)
        .where(ParkingSpace.id == space_id)
        .first()
    )


def flat_contract(flat_id: int, contract_id: int) -> ParkingContract:
    """The flat's contract with its ``space`` and the space's ``housing_company``;
    ``BookingNotFound`` for another flat's."""
    return found(
        ParkingContract.select(ParkingContract, ParkingSpace, HousingCompany)
        .join(ParkingSpace)
        .join(HousingCompany)
        .where((ParkingContract.id == contract_id) & (ParkingContract.flat == flat_id))
        .first()
    )


def flat_contracts(flat_id: int) -> list[ParkingContract]:
    """The flat's contracts (current and ending) with their ``space``, oldest first."""
    return list(
        ParkingContract.select(ParkingContract, ParkingSpace)
        .join(ParkingSpace)
        .where(
            (ParkingContract.flat == flat_id)
            & (ParkingContract.ends_on.is_null() | (ParkingContract.ends_on >= today()))
        )
        .order_by(ParkingContract.starts_on)
    )


def parking_spaces(company_id: int) -> dict:
    """The company's spaces for the parking page, in three queries: ``kinds`` (in the order of
    ``PARKING_KINDS``), ``free_by_kind`` (neither rented nor under an open offer; cheapest
    first) and ``offered_flats`` (the flats a space is offered to now)."""
    spaces = list(
        ParkingSpace.select()
        .where(ParkingSpace.housing_company == company_id)
        .order_by(ParkingSpace.code)
    )
    ids = [s.id for s in spaces]
    held = {
        c.space_id
        for c in ParkingContract.select(ParkingContract.space).where(
            ParkingContract.space.in_(ids) & ParkingContract.hold_key.is_null(False)
        )
    }
    offers = {
        e.offer_ref: e
        for e in WaitingListEntry.select().where(
            WaitingListEntry.offer_ref.in_([space_key(i) for i in ids])
            & (WaitingListEntry.status == "offered")
        )
    }
    free_by_kind: dict[str, list[ParkingSpace]] = {}
    for space in sorted(spaces, key=lambda s: (s.monthly_fee, s.code)):
        if space.id not in held and space_key(space.id) not in offers:
            free_by_kind.setdefault(space.kind, []).append(space)
    order = {kind: n for n, kind in enumerate(PARKING_KINDS)}
    return {
        "kinds": sorted({s.kind for s in spaces}, key=lambda k: order.get(k, 99)),
        "free_by_kind": free_by_kind,
        "offered_flats": {e.flat_id for e in offers.values()},
    }


def flat_parking_queues(flat_id: int, company_id: int) -> dict[str, tuple[WaitingListEntry, int]]:
    """The company's parking queues the flat waits in: kind → (entry, position); two queries
    however many queues."""
    entries = list(
        WaitingListEntry.select().where(
            (WaitingListEntry.flat == flat_id)
            & WaitingListEntry.hold_key.is_null(False)
            & WaitingListEntry.queue_key.startswith(parking_queue_key(company_id, ""))
        )
    )
    places = positions(entries)
    return {e.queue_key.rsplit(":", 1)[1]: (e, places[e.id]) for e in entries}

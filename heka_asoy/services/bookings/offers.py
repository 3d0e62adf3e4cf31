"""Offers from the waiting lists: offering a freed hour or space to the first in line that can
take it, accepting, lapsing, and releasing what has ended."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ...db import locked, write_txn
from ...models import (
    HousingCompany,
    ParkingContract,
    ParkingSpace,
    Sauna,
    SaunaHour,
    SaunaTurn,
    User,
    WaitingListEntry,
    utcnow,
)
from .. import access
from ..urls import external_url
from .common import (
    BookingError,
    BookingNotFound,
    _notify,
    found,
    hour_key,
    parking_queue_key,
    space_key,
    today,
)
from .parking import _rent_space, parking_allowance
from .queues import describe_sauna_hours
from .sauna import _book_turn


def leave_queue(user: User, flat_id: int, entry_id: int, capability: str) -> None:
    access.flat_access(user, flat_id, capability)
    with write_txn():
        entry = WaitingListEntry.get_or_none(
            (WaitingListEntry.id == entry_id) & (WaitingListEntry.flat == flat_id)
        )
        if entry is None or entry.hold_key is None:
            raise BookingNotFound()
        entry.status, entry.hold_key = "left", None
        entry.save()
        if entry.offer_ref:
            _offer_next(entry.queue_key, entry.offer_ref)


def _offer_next(queue_key: str, ref: str) -> WaitingListEntry | None:
    """Offer ``ref`` (an hour or a space) to the first flat still waiting, with a deadline."""
    waiting = (
        WaitingListEntry.select()
        .where((WaitingListEntry.queue_key == queue_key) & (WaitingListEntry.status == "waiting"))
        .order_by(WaitingListEntry.joined_at, WaitingListEntry.id)
    )
    # A space goes to the first flat that could take it: a flat at its parking cap within the
    # start window is passed over and keeps its place for the next space.
    parking = ref.startswith("parking_space:")
    entry = next(
        (e for e in waiting if not parking or parking_allowance(e.flat_id).earliest is not None),
        None,
    )
    if entry is None:
        return None
    days = _offer_days(ref)
    entry.status = "offered"
    entry.offered_at = utcnow()
    entry.offer_expires_at = utcnow() + timedelta(days=days)
    entry.offer_ref = ref
    entry.save()
    _notify(
        entry.flat_id,
        "offer",
        None,
        ref=describe_ref(ref),
        deadline=entry.offer_expires_at,
        link=external_url("bookings.offers"),
    )
    return entry


def _offer_days(ref: str) -> int:
    kind, ref_id = ref.split(":")
    if kind == "sauna_hour":
        return Sauna.get_by_id(SaunaHour.get_by_id(int(ref_id)).sauna_id).offer_days
    space = ParkingSpace.get_by_id(int(ref_id))
    return HousingCompany.get_by_id(space.housing_company_id).parking_offer_days


def describe_ref(ref: str) -> dict:
    """What an offer is for, for mails and pages."""
    kind, ref_id = ref.split(":")
    if kind == "sauna_hour":
        hour = SaunaHour.get_by_id(int(ref_id))
        return {"kind": "sauna", "hour": hour, "sauna": Sauna.get_by_id(hour.sauna_id)}
    return {"kind": "parking", "space": ParkingSpace.get_by_id(int(ref_id))}


def describe_refs(refs: list[str]) -> dict[str, dict]:
    """``describe_ref`` for many offers in two queries (hours with their saunas, spaces), so a
    page of offers does not query per offer."""
    described = describe_sauna_hours(refs)
    space_ids = [int(r.split(":")[1]) for r in refs if not r.startswith("sauna_hour:")]
    for space in ParkingSpace.select().where(ParkingSpace.id.in_(space_ids)):
        described[space_key(space.id)] = {"kind": "parking", "space": space}
    return described


def accept_offer(user: User, flat_id: int, entry_id: int, starts_on: date | None = None):
    """Take what was offered before the deadline."""
    access.pick_flat(user, flat_id, None)  # 404 for a flat not the user's; the right below
    with write_txn():
        entry = locked(
            WaitingListEntry.select().where(
                (WaitingListEntry.id == entry_id) & (WaitingListEntry.flat == flat_id)
            )
        ).first()
        if entry is None or entry.status != "offered":
            raise BookingError("no_offer")
        if entry.offer_expires_at <= utcnow():
            raise BookingError("offer_expired")
        kind, ref_id = entry.offer_ref.split(":")
        start = starts_on or today()
        if kind == "sauna_hour":
            fa = access.flat_access(user, flat_id, "sauna")
            # The offer is the flat's turn: the earliest-start and quota rules were for
            # choosing freely, not for taking what the queue gave.
            result = _book_turn(user, flat_id, int(ref_id), start, offer=entry)
        else:
            fa = access.flat_access(user, flat_id, "parking")
            result = _rent_space(user, flat_id, int(ref_id), start, offer=entry)
        entry.status, entry.hold_key = "accepted", None
        entry.save()
        access.spend_power(fa)  # an agent's one-off power is used by taking the offer
    return result


def expire_offers(now: datetime | None = None) -> int:
    """Periodic: offers past their deadline lapse and go to the next in line."""
    now_naive = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    lapsed = list(
        WaitingListEntry.select().where(
            (WaitingListEntry.status == "offered")
            & (WaitingListEntry.offer_expires_at <= now_naive)
        )
    )
    for entry in lapsed:
        with write_txn():
            entry.status, entry.hold_key = "expired", None
            entry.save()
            _offer_next(entry.queue_key, entry.offer_ref)
    return len(lapsed)


def release_ended(on: date | None = None) -> int:
    """Periodic: turns and contracts whose end has passed let go of their hour or space, which
    is offered to the first in its queue."""
    day = on or today()
    released = 0
    for turn in SaunaTurn.select().where(
        SaunaTurn.hold_key.is_null(False) & (SaunaTurn.ends_on < day)
    ):
        with write_txn():
            SaunaTurn.update(hold_key=None).where(SaunaTurn.id == turn.id).execute()
            _offer_next(hour_key(turn.hour_id), hour_key(turn.hour_id))
            released += 1
    for contract in ParkingContract.select().where(
        ParkingContract.hold_key.is_null(False) & (ParkingContract.ends_on < day)
    ):
        with write_txn():
            ParkingContract.update(hold_key=None).where(ParkingContract.id == contract.id).execute()
            space = ParkingSpace.get_by_id(contract.space_id)
            _offer_next(
                parking_queue_key(space.housing_company_id, space.kind), space_key(space.id)
            )
            released += 1
    return released


def flat_entry(flat_id: int, entry_id: int) -> WaitingListEntry:
    """The flat's waiting-list entry (of any status); ``BookingNotFound`` for another's."""
    return found(
        WaitingListEntry.get_or_none(
            (WaitingListEntry.id == entry_id) & (WaitingListEntry.flat == flat_id)
        )
    )


def flat_waiting_entry(flat_id: int, entry_id: int, prefix: str) -> WaitingListEntry:
    """The flat's active entry in a queue whose key starts with ``prefix`` ("sauna_hour:",
    "parking:"); ``BookingNotFound`` for any other."""
    entry = WaitingListEntry.get_or_none(
        (WaitingListEntry.id == entry_id)
        & (WaitingListEntry.flat == flat_id)
        & WaitingListEntry.hold_key.is_null(False)
    )
    return found(entry if entry is not None and entry.queue_key.startswith(prefix) else None)


def decline_offer(user: User, flat_id: int, entry_id: int) -> None:
    """Say no to an open offer (or leave the waiting list it came from): the place goes to the
    next in line."""
    entry = flat_entry(flat_id, entry_id)
    capability = "sauna" if entry.queue_key.startswith("sauna_hour:") else "parking"
    leave_queue(user, flat_id, entry_id, capability)


def open_offers(flat_ids: list[int]) -> list[WaitingListEntry]:
    """The offers to these flats still open for answers, the most urgent first."""
    return list(
        WaitingListEntry.select()
        .where(
            WaitingListEntry.flat.in_(flat_ids)
            & (WaitingListEntry.status == "offered")
            & (WaitingListEntry.offer_expires_at > utcnow())
        )
        .order_by(WaitingListEntry.offer_expires_at)
    )

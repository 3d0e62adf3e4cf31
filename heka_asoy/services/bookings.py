"""Sauna turns and parking spaces: book, cancel, queue, offer, accept; no double booking.

Three layers keep one hour or one space with one flat:
1. every write runs in ``write_txn()`` (SQLite: BEGIN IMMEDIATE, one writer at a time;
   PostgreSQL: the hour or space row is locked FOR UPDATE first);
2. the rules are checked inside that transaction (taken, offered to someone else, quota);
3. a unique ``hold_key`` on the holding row is the last guard: a race that slipped past the
   checks fails on insert and is answered as "just taken".

Queue positions are never stored: a position is the count of earlier entries (join time, then
id), so no position can be given twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from peewee import IntegrityError

from ..db import locked, write_txn
from ..domain.bookings import (
    day_after,
    first_on_or_after,
    full_until,
    last_on_or_before,
    latest_start,
    turn_runs_from,
    week_after,
    week_start,
)
from ..domain.notice import end_of_notice
from ..domain.office_hours import HELSINKI
from ..models import (
    Fee,
    Flat,
    HousingCompany,
    Lease,
    LeaseParty,
    ParkingContract,
    ParkingSpace,
    Resident,
    Sauna,
    SaunaHour,
    SaunaSingleBooking,
    SaunaTurn,
    SaunaTurnSkip,
    User,
    WaitingListEntry,
    utcnow,
)
from . import access, audit
from .mailer import queue_mail
from .urls import external_url

PARKING_KINDS = ("outdoor", "carport", "plug", "garage", "ev")


class BookingError(Exception):
    """A booking rule said no; ``code`` picks the message, ``params`` fill it in (e.g. the
    last allowed start date)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def today() -> date:
    return datetime.now(HELSINKI).date()


def hour_key(hour_id: int) -> str:
    return f"sauna_hour:{hour_id}"


def space_key(space_id: int) -> str:
    return f"parking_space:{space_id}"


def parking_queue_key(company_id: int, kind: str) -> str:
    return f"parking:{company_id}:{kind}"


def earliest_turn_start(sauna: Sauna) -> date:
    """The first day a turn booked today (by free choice) may start on in ``sauna``."""
    return today() + timedelta(days=sauna.earliest_start_days)


def last_start(kind: str, sauna: Sauna | None = None) -> date:
    """The last day a new sauna turn or parking contract (``kind`` "sauna" or "parking") may
    start on: the start window of its setting (``SAUNA_START_WINDOW_MONTHS``,
    ``PARKING_START_WINDOW_MONTHS``) counted from today, for a turn from the sauna's earliest
    start (so a sauna whose turns start months ahead still has a window)."""
    base = earliest_turn_start(sauna) if sauna is not None else today()
    return latest_start(base, current_app.config[f"{kind.upper()}_START_WINDOW_MONTHS"])


def check_start(starts_on: date, kind: str, sauna: Sauna | None = None) -> None:
    """A start from today to the end of the start window: an earlier one is "past", a later one
    (however far: 9999-12-31 too) "too_late". Every path checks it, staff and offers too: a
    turn or contract starting years ahead would hold its hour or space empty until then."""
    if starts_on < today():
        raise BookingError("past")
    latest = last_start(kind, sauna)
    if starts_on > latest:
        raise BookingError("too_late", latest=latest)


def _locked_flat(flat_id: int) -> Flat:
    """The flat, row-locked on PostgreSQL: two requests of one flat that count its turns or
    contracts against its limit take turns (SQLite's IMMEDIATE transaction already does)."""
    flat = locked(Flat.select().where(Flat.id == flat_id)).first()
    if flat is None:
        raise BookingError("not_found")
    return flat


def _current_lease(flat_id: int) -> Lease | None:
    return (
        Lease.select()
        .where(
            (Lease.flat == flat_id)
            & (Lease.starts_on <= today())
            & (Lease.ends_on.is_null() | (Lease.ends_on >= today()))
        )
        .order_by(Lease.starts_on.desc())
        .first()
    )


def _holds(model, key: str):
    """The row holding ``key`` now, if any."""
    return model.get_or_none(model.hold_key == key)


def _active_offer(ref: str, other_than_flat: int | None = None) -> WaitingListEntry | None:
    # Past its deadline an offer still protects the place until expire_offers hands it to the
    # next in line: otherwise whoever books first in that gap would jump the queue.
    query = WaitingListEntry.select().where(
        (WaitingListEntry.offer_ref == ref) & (WaitingListEntry.status == "offered")
    )
    if other_than_flat is not None:
        query = query.where(WaitingListEntry.flat != other_than_flat)
    return query.first()


# --- notices -----------------------------------------------------------------------------------


def _flat_recipients(flat_id: int) -> list[User]:
    """The flat's lease parties with an account: they hear of every booking change."""
    lease = _current_lease(flat_id)
    if lease is None:
        return []
    return list(
        User.select()
        .join(Resident)
        .join(LeaseParty)
        .where((LeaseParty.lease == lease) & User.activated_at.is_null(False))
    )


def _notify(flat_id: int, event: str, actor: User | None = None, **context) -> None:
    """Mail the flat (its lease parties, and the acting user if not one of them)."""
    users = {u.id: u for u in _flat_recipients(flat_id)}
    if actor is not None and not actor.is_staff:
        users.setdefault(actor.id, actor)
    for user in users.values():
        queue_mail(user.notice_email, "booking_event", user.language, event=event, **context)


# --- sauna -------------------------------------------------------------------------------------


def _sauna_hour_for_flat(hour_id: int, flat_id: int) -> tuple[SaunaHour, Sauna]:
    """The hour (row-locked on PostgreSQL) if it belongs to the flat's own housing company."""
    hour = locked(SaunaHour.select().where(SaunaHour.id == hour_id)).first()
    if hour is None:
        raise BookingError("not_found")
    sauna = Sauna.get_by_id(hour.sauna_id)
    flat = _locked_flat(flat_id)
    if sauna.housing_company_id != flat.housing_company_id:
        raise BookingError("not_own_company")
    return hour, sauna


def _turns_running(flat_id: int, sauna_id: int, week: date) -> list[SaunaTurn]:
    """The flat's turns in the sauna that still have an evening in the week starting on Monday
    ``week`` or later: the ones that use its quota for a turn booked from that week. A
    cancelled turn stops counting after the week of its last evening."""
    turns = (
        SaunaTurn.select(SaunaTurn, SaunaHour)
        .join(SaunaHour)
        .where(
            (SaunaTurn.flat == flat_id)
            & (SaunaHour.sauna == sauna_id)
            & (SaunaTurn.ends_on.is_null() | (SaunaTurn.ends_on >= week))
        )
    )
    return [t for t in turns if turn_runs_from(t.ends_on, t.hour.weekday, week)]


@dataclass(frozen=True)
class Quota:
    """The flat's weekly turns in one sauna as seen from one week: ``used`` of ``limit``;
    when full, ``free_from`` is the Monday of the first week with room again (None: only
    cancelling a turn makes room)."""

    used: int
    limit: int
    free_from: date | None = None

    @property
    def full(self) -> bool:
        return self.used >= self.limit


def turn_quota(flat_id: int, sauna: Sauna, week: date) -> Quota:
    """The flat's quota of weekly turns in ``sauna`` for a turn starting in ``week``'s week."""
    turns = _turns_running(flat_id, sauna.id, week_start(week))
    last_evenings = [
        None if t.ends_on is None else last_on_or_before(t.ends_on, t.hour.weekday) for t in turns
    ]
    until = full_until(last_evenings, sauna.turns_per_flat)
    free_from = week_after(until) if until is not None and until != date.max else None
    return Quota(len(turns), sauna.turns_per_flat, free_from)


def book_turn(
    user: User, flat_id: int, hour_id: int, starts_on: date, *, by_staff: bool = False
) -> SaunaTurn:
    """Book a weekly turn from ``starts_on`` (moved to the hour's weekday) for a flat."""
    if not by_staff:
        access.flat_access(user, flat_id, "sauna")
    with write_txn():
        turn = _book_turn(user, flat_id, hour_id, starts_on, by_staff=by_staff)
    return turn


def _book_turn(user, flat_id, hour_id, starts_on, *, by_staff=False, offer=None) -> SaunaTurn:
    hour, sauna = _sauna_hour_for_flat(hour_id, flat_id)
    if not hour.bookable:
        raise BookingError("unbookable")
    check_start(starts_on, "sauna", sauna)
    first = first_on_or_after(starts_on, hour.weekday)
    # Staff and accepted offers skip the rules for free choice (earliest start, quota): the
    # offer is the flat's turn by queue, not a new pick.
    free_choice = not by_staff and offer is None
    if free_choice and first < earliest_turn_start(sauna):
        raise BookingError("too_early")
    if _holds(SaunaTurn, hour_key(hour.id)) is not None:
        raise BookingError("taken")
    if offer is None and _active_offer(hour_key(hour.id), other_than_flat=flat_id):
        raise BookingError("taken")
    if (
        SaunaSingleBooking.select()
        .where(
            (SaunaSingleBooking.hour == hour.id)
            & (SaunaSingleBooking.on_date >= first)
            & (SaunaSingleBooking.flat != flat_id)
        )
        .exists()
    ):
        raise BookingError("taken")  # another flat holds one of these evenings already
    if free_choice:
        quota = turn_quota(flat_id, sauna, first)
        if quota.full:
            raise BookingError("quota", free_from=quota.free_from)
    try:
        with write_txn():  # a savepoint: the unique hold is the last guard
            turn = SaunaTurn.create(
                hour=hour, flat=flat_id, starts_on=first, hold_key=hour_key(hour.id)
            )
    except IntegrityError as exc:
        raise BookingError("taken") from exc
    lease = _current_lease(flat_id)
    if lease is not None and sauna.monthly_fee:
        Fee.create(
            lease=lease,
            kind="sauna",
            description=f"{sauna.name}",
            monthly_amount=sauna.monthly_fee,
            starts_on=first,
            source=f"sauna_turn:{turn.id}",
        )
    _leave_queue(hour_key(hour.id), flat_id)
    audit.record("sauna_turn_booked", user, turn, by_staff=by_staff)
    _notify(flat_id, "sauna_booked", user, sauna=sauna, hour=hour, starts_on=first)
    return turn


def cancel_turn(
    user: User, flat_id: int, turn_id: int, *, by_staff: bool = False, ends_on: date | None = None
) -> SaunaTurn:
    """End a turn at the end of the sauna's notice period (or a date staff choose)."""
    if not by_staff:
        access.flat_access(user, flat_id, "sauna")
    with write_txn():
        turn = locked(
            SaunaTurn.select().where((SaunaTurn.id == turn_id) & (SaunaTurn.flat == flat_id))
        ).first()
        if turn is None:
            raise BookingError("not_found")
        if turn.ends_on is not None and (not by_staff or turn.ends_on < today()):
            raise BookingError("ended")  # a resident cancels once; the end does not move
        sauna = Sauna.get_by_id(SaunaHour.get_by_id(turn.hour_id).sauna_id)
        end = ends_on if by_staff and ends_on else turn_end_preview(sauna)
        turn.ends_on = max(end, turn.starts_on)
        turn.save()
        Fee.update(ends_on=turn.ends_on).where(Fee.source == f"sauna_turn:{turn.id}").execute()
        audit.record(
            "sauna_turn_cancelled", user, turn, ends_on=str(turn.ends_on), by_staff=by_staff
        )
        _notify(flat_id, "sauna_cancelled", user, sauna=sauna, hour=turn.hour, ends_on=turn.ends_on)
    return turn


def turn_end_preview(sauna: Sauna, given: date | None = None) -> date:
    """When a turn cancelled today ends: the end of the sauna's notice period."""
    return end_of_notice(given or today(), sauna.notice_months)


def skip_week(user: User, flat_id: int, turn_id: int, on_date: date) -> SaunaTurnSkip:
    """Give up one week of a turn; others may book that hour once if the sauna allows it."""
    access.flat_access(user, flat_id, "sauna")
    with write_txn():
        turn = SaunaTurn.get_or_none((SaunaTurn.id == turn_id) & (SaunaTurn.flat == flat_id))
        if turn is None:
            raise BookingError("not_found")
        hour = SaunaHour.get_by_id(turn.hour_id)
        if on_date.weekday() != hour.weekday or on_date < today() or on_date < turn.starts_on:
            raise BookingError("not_free")
        if turn.ends_on is not None and on_date > turn.ends_on:
            raise BookingError("not_free")
        try:
            with write_txn():
                skip = SaunaTurnSkip.create(turn=turn, on_date=on_date)
        except IntegrityError as exc:
            raise BookingError("already") from exc
    return skip


def hour_free_on(hour: SaunaHour, on_date: date) -> bool:
    """Is the hour free for a single booking on that date (no turn, or the turn skipped it)?"""
    turn = (
        SaunaTurn.select()
        .where(
            (SaunaTurn.hour == hour.id)
            & (SaunaTurn.starts_on <= on_date)
            & (SaunaTurn.ends_on.is_null() | (SaunaTurn.ends_on >= on_date))
        )
        .first()
    )
    if turn is None:
        return True
    return (
        SaunaTurnSkip.select()
        .where((SaunaTurnSkip.turn == turn) & (SaunaTurnSkip.on_date == on_date))
        .exists()
    )


def book_single(user: User, flat_id: int, hour_id: int, on_date: date) -> SaunaSingleBooking:
    """Book a freed hour once (a turn skipped for a week, or an hour nobody holds)."""
    access.flat_access(user, flat_id, "sauna")
    with write_txn():
        hour, sauna = _sauna_hour_for_flat(hour_id, flat_id)
        if not sauna.allow_one_off:
            raise BookingError("one_off_not_allowed")
        if not hour.bookable or on_date.weekday() != hour.weekday:
            raise BookingError("unbookable")
        # A one-off evening far ahead would also keep the hour from being anyone's weekly turn.
        check_start(on_date, "sauna")
        if not hour_free_on(hour, on_date) or _active_offer(
            hour_key(hour.id), other_than_flat=flat_id
        ):
            raise BookingError("taken")
        try:
            with write_txn():
                booking = SaunaSingleBooking.create(hour=hour, flat=flat_id, on_date=on_date)
        except IntegrityError as exc:
            raise BookingError("taken") from exc
        audit.record("sauna_single_booked", user, booking)
        _notify(flat_id, "sauna_single", user, sauna=sauna, hour=hour, on_date=on_date)
    return booking


def cancel_single(user: User, flat_id: int, booking_id: int) -> None:
    access.flat_access(user, flat_id, "sauna")
    with write_txn():
        deleted = (
            SaunaSingleBooking.delete()
            .where(
                (SaunaSingleBooking.id == booking_id)
                & (SaunaSingleBooking.flat == flat_id)
                & (SaunaSingleBooking.on_date >= today())
            )
            .execute()
        )
        if deleted != 1:
            raise BookingError("not_found")


# --- queues (waiting lists) ---------------------------------------------------------------------


def _entry_key(queue_key: str, flat_id: int) -> str:
    return f"{queue_key}|{flat_id}"


def join_queue(user: User, flat_id: int, queue_key: str, capability: str) -> WaitingListEntry:
    """Join a waiting list once; the position follows from the join order."""
    access.flat_access(user, flat_id, capability)
    with write_txn():
        try:
            with write_txn():
                entry = WaitingListEntry.create(
                    queue_key=queue_key, flat=flat_id, hold_key=_entry_key(queue_key, flat_id)
                )
        except IntegrityError as exc:
            raise BookingError("already_waiting") from exc
        audit.record("queue_joined", user, entry, queue=queue_key)
    return entry


def join_sauna_queue(user: User, flat_id: int, hour_id: int) -> WaitingListEntry:
    """Wait for an hour that is taken by another flat (a free hour is booked, not queued for)."""
    access.flat_access(user, flat_id, "sauna")
    hour, _sauna = _sauna_hour_for_flat(hour_id, flat_id)
    if not hour.bookable:
        raise BookingError("unbookable")
    holder = _holds(SaunaTurn, hour_key(hour.id))
    if holder is not None and holder.flat_id == flat_id:
        raise BookingError("own")
    if holder is None and not _active_offer(hour_key(hour.id)):
        raise BookingError("free")
    return join_queue(user, flat_id, hour_key(hour.id), "sauna")


def join_parking_queue(user: User, flat_id: int, kind: str) -> WaitingListEntry:
    """Queue for a type of space when none of that type is free ("space_free": rent it
    instead), and only when the flat could take one within the start window ("cap")."""
    access.flat_access(user, flat_id, "parking")
    if kind not in PARKING_KINDS:
        raise BookingError("not_found")
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


def leave_queue(user: User, flat_id: int, entry_id: int, capability: str) -> None:
    access.flat_access(user, flat_id, capability)
    with write_txn():
        entry = WaitingListEntry.get_or_none(
            (WaitingListEntry.id == entry_id) & (WaitingListEntry.flat == flat_id)
        )
        if entry is None or entry.hold_key is None:
            raise BookingError("not_found")
        entry.status, entry.hold_key = "left", None
        entry.save()
        if entry.offer_ref:
            _offer_next(entry.queue_key, entry.offer_ref)


def _leave_queue(queue_key: str, flat_id: int) -> None:
    WaitingListEntry.update(status="accepted", hold_key=None).where(
        WaitingListEntry.hold_key == _entry_key(queue_key, flat_id)
    ).execute()


def position(entry: WaitingListEntry) -> int:
    """1 for the first in line: entries that joined earlier (ties by id) and still wait."""
    earlier = WaitingListEntry.select().where(
        (WaitingListEntry.queue_key == entry.queue_key)
        & WaitingListEntry.hold_key.is_null(False)
        & (
            (WaitingListEntry.joined_at < entry.joined_at)
            | ((WaitingListEntry.joined_at == entry.joined_at) & (WaitingListEntry.id < entry.id))
        )
    )
    return earlier.count() + 1


def positions(entries: list[WaitingListEntry]) -> dict[int, int]:
    """``position`` for many entries in one query: entry id → place in its queue."""
    keys = sorted({e.queue_key for e in entries})
    ranked = (
        WaitingListEntry.select(WaitingListEntry.id, WaitingListEntry.queue_key)
        .where(WaitingListEntry.queue_key.in_(keys) & WaitingListEntry.hold_key.is_null(False))
        .order_by(WaitingListEntry.queue_key, WaitingListEntry.joined_at, WaitingListEntry.id)
    )
    result: dict[int, int] = {}
    counters: dict[str, int] = {}
    for entry_id, key in ranked.tuples():
        counters[key] = counters.get(key, 0) + 1
        result[entry_id] = counters[key]
    return result


def describe_sauna_hours(keys: list[str]) -> dict[str, dict]:
    """``describe_ref`` for many sauna-hour keys in one query."""
    ids = [int(k.split(":")[1]) for k in keys if k.startswith("sauna_hour:")]
    hours = SaunaHour.select(SaunaHour, Sauna).join(Sauna).where(SaunaHour.id.in_(ids))
    return {hour_key(h.id): {"kind": "sauna", "hour": h, "sauna": h.sauna} for h in hours}


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


def accept_offer(user: User, flat_id: int, entry_id: int, starts_on: date | None = None):
    """Take what was offered before the deadline."""
    access.flat_access(user, flat_id, "sauna")  # every resident capability; 404 for others
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
            access.flat_access(user, flat_id, "sauna")
            # The offer is the flat's turn: the earliest-start and quota rules were for
            # choosing freely, not for taking what the queue gave.
            result = _book_turn(user, flat_id, int(ref_id), start, offer=entry)
        else:
            access.flat_access(user, flat_id, "parking")
            result = _rent_space(user, flat_id, int(ref_id), start, offer=entry)
        entry.status, entry.hold_key = "accepted", None
        entry.save()
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


# --- parking -----------------------------------------------------------------------------------


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


def parking_allowance(flat_id: int) -> ParkingAllowance:
    """The start dates open to the flat: from today, or from the day after enough of its
    contracts end to take it under the cap; to the end of the start window."""
    now, latest, cap = today(), last_start("parking"), parking_cap()
    ends = _contract_ends(flat_id, now)
    until = full_until(ends, cap)
    earliest = now if until is None else day_after(until)
    if earliest is not None and earliest > latest:
        earliest = None
    return ParkingAllowance(len(ends), cap, earliest, latest)


def _check_cap(flat_id: int, starts_on: date) -> None:
    """Refuse a contract from ``starts_on`` that would take the flat over its cap ("cap", with
    the first day it could start instead, if that is within the window)."""
    cap = parking_cap()
    ends = _contract_ends(flat_id, starts_on)
    if len(ends) >= cap:
        free_from = day_after(full_until(ends, cap))
        if free_from is not None and free_from > last_start("parking"):
            free_from = None
        raise BookingError("cap", cap=cap, free_from=free_from)


def check_rental(flat_id: int, starts_on: date) -> None:
    """The rules a resident's rental from ``starts_on`` must pass before it is confirmed (the
    start window and the cap), so that the confirmation step never offers what the rental
    will refuse."""
    check_start(starts_on, "parking")
    _check_cap(flat_id, starts_on)


def rent_space(
    user: User, flat_id: int, space_id: int, starts_on: date, *, by_staff: bool = False
) -> ParkingContract:
    """Rent a free parking space from ``starts_on``; its fee joins the flat's charges."""
    if not by_staff:
        access.flat_access(user, flat_id, "parking")
    with write_txn():
        return _rent_space(user, flat_id, space_id, starts_on, by_staff=by_staff)


def _rent_space(user, flat_id, space_id, starts_on, *, by_staff=False, offer=None):
    space = locked(ParkingSpace.select().where(ParkingSpace.id == space_id)).first()
    if space is None:
        raise BookingError("not_found")
    flat = _locked_flat(flat_id)  # the cap is counted by one request of the flat at a time
    if space.housing_company_id != flat.housing_company_id:
        raise BookingError("not_own_company")
    check_start(starts_on, "parking")
    # Staff may give a flat a space over the cap (a case decided at the desk, audited); a
    # resident's rental and an accepted offer may not.
    if not by_staff:
        _check_cap(flat_id, starts_on)
    if _holds(ParkingContract, space_key(space.id)) is not None:
        raise BookingError("taken")
    if offer is None and _active_offer(space_key(space.id), other_than_flat=flat_id):
        raise BookingError("taken")
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
        raise BookingError("taken") from exc
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
    _notify(flat_id, "parking_rented", user, space=space, starts_on=starts_on)
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
    if not by_staff:
        access.flat_access(user, flat_id, "parking")
    with write_txn():
        contract = locked(
            ParkingContract.select().where(
                (ParkingContract.id == contract_id) & (ParkingContract.flat == flat_id)
            )
        ).first()
        if contract is None:
            raise BookingError("not_found")
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
        _notify(flat_id, "parking_terminated", user, space=space, ends_on=contract.ends_on)
    return contract


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One hour of the week grid as the flat sees it."""

    hour: SaunaHour
    day: date
    #: own, taken, free, offered_own, unbookable, single_free, single_own, single_taken, past
    state: str
    turn_id: int | None = None
    single_id: int | None = None


def week_grid(sauna: Sauna, week_start: date, flat_id: int) -> dict:
    """The sauna's week as rows of hours and columns of days, in a constant number of queries
    (hours, turns, skips, single bookings, the flat's queue entries, open offers: six)."""
    week_start = week_start - timedelta(days=week_start.weekday())
    week_end = week_start + timedelta(days=6)
    hours = list(
        SaunaHour.select()
        .where(SaunaHour.sauna == sauna)
        .order_by(SaunaHour.start_hour, SaunaHour.weekday)
    )
    hour_ids = [h.id for h in hours]
    turns = list(
        SaunaTurn.select().where(
            SaunaTurn.hour.in_(hour_ids)
            & (SaunaTurn.starts_on <= week_end)
            & (SaunaTurn.ends_on.is_null() | (SaunaTurn.ends_on >= week_start))
        )
    )
    skips = {
        (s.turn_id, s.on_date)
        for s in SaunaTurnSkip.select().where(
            SaunaTurnSkip.turn.in_([t.id for t in turns])
            & SaunaTurnSkip.on_date.between(week_start, week_end)
        )
    }
    singles = {
        (b.hour_id, b.on_date): b
        for b in SaunaSingleBooking.select().where(
            SaunaSingleBooking.hour.in_(hour_ids)
            & SaunaSingleBooking.on_date.between(week_start, week_end)
        )
    }
    waiting = {
        e.queue_key
        for e in WaitingListEntry.select().where(
            (WaitingListEntry.flat == flat_id) & WaitingListEntry.hold_key.is_null(False)
        )
    }
    # An hour offered from its queue is not free for others while the offer stands.
    offered = {
        e.offer_ref: e.flat_id
        for e in WaitingListEntry.select().where(
            WaitingListEntry.offer_ref.in_([hour_key(h) for h in hour_ids])
            & (WaitingListEntry.status == "offered")
        )
    }
    now = today()
    rows: dict[int, dict[int, Cell]] = {}
    for hour in hours:
        day = week_start + timedelta(days=hour.weekday)
        turn = next(
            (
                t
                for t in turns
                if t.hour_id == hour.id
                and t.starts_on <= day
                and (t.ends_on is None or t.ends_on >= day)
            ),
            None,
        )
        single = singles.get((hour.id, day))
        if not hour.bookable:
            state = "unbookable"
        elif day < now:
            state = "past"
        elif single is not None:
            state = "single_own" if single.flat_id == flat_id else "single_taken"
        elif turn is not None and (turn.id, day) in skips:
            state = "single_free" if sauna.allow_one_off else "taken"
        elif turn is not None:
            state = "own" if turn.flat_id == flat_id else "taken"
        elif hour_key(hour.id) in offered:
            state = "offered_own" if offered[hour_key(hour.id)] == flat_id else "taken"
        else:
            state = "free"
        rows.setdefault(hour.start_hour, {})[hour.weekday] = Cell(
            hour, day, state, turn.id if turn else None, single.id if single else None
        )
    return {
        "week_start": week_start,
        "days": [week_start + timedelta(days=i) for i in range(7)],
        "rows": sorted(rows.items()),
        "waiting": waiting,
    }


def flat_sauna_bookings(flat_id: int) -> dict:
    """The flat's turns (current and ending), single bookings and queue entries."""
    turns = list(
        SaunaTurn.select(SaunaTurn, SaunaHour, Sauna)
        .join(SaunaHour)
        .join(Sauna)
        .where(
            (SaunaTurn.flat == flat_id)
            & (SaunaTurn.ends_on.is_null() | (SaunaTurn.ends_on >= today()))
        )
        .order_by(SaunaHour.weekday, SaunaHour.start_hour)
    )
    singles = list(
        SaunaSingleBooking.select(SaunaSingleBooking, SaunaHour, Sauna)
        .join(SaunaHour)
        .join(Sauna)
        .where((SaunaSingleBooking.flat == flat_id) & (SaunaSingleBooking.on_date >= today()))
        .order_by(SaunaSingleBooking.on_date)
    )
    entries = list(
        WaitingListEntry.select().where(
            (WaitingListEntry.flat == flat_id)
            & WaitingListEntry.hold_key.is_null(False)
            & WaitingListEntry.queue_key.startswith("sauna_hour:")
        )
    )
    return {"turns": turns, "singles": singles, "queue": entries}


# --- reading for the resident pages (one query each unless said) -------------------------------


def company_saunas(flat_id: int) -> list[Sauna]:
    """The saunas of the flat's housing company, by name."""
    return list(
        Sauna.select()
        .join(Flat, on=(Flat.housing_company == Sauna.housing_company))
        .where(Flat.id == flat_id)
        .order_by(Sauna.name, Sauna.id)
    )


def coming_skips(turn_ids: list[int]) -> dict[int, set[date]]:
    """The weeks given up from today on: turn id → dates."""
    skipped: dict[int, set[date]] = {}
    for skip in SaunaTurnSkip.select().where(
        SaunaTurnSkip.turn.in_(turn_ids) & (SaunaTurnSkip.on_date >= today())
    ):
        skipped.setdefault(skip.turn_id, set()).add(skip.on_date)
    return skipped


def flat_hour(flat_id: int, hour_id: int) -> SaunaHour | None:
    """The hour (with its ``sauna``) if it is in a sauna of the flat's housing company."""
    return (
        SaunaHour.select(SaunaHour, Sauna)
        .join(Sauna)
        .join(Flat, on=(Flat.housing_company == Sauna.housing_company))
        .where((SaunaHour.id == hour_id) & (Flat.id == flat_id))
        .first()
    )


def hour_with_sauna(hour_id: int) -> SaunaHour:
    """The hour with its ``sauna``."""
    return SaunaHour.select(SaunaHour, Sauna).join(Sauna).where(SaunaHour.id == hour_id).get()


def flat_turn(flat_id: int, turn_id: int) -> SaunaTurn | None:
    """The flat's turn with its ``hour`` and the hour's ``sauna``."""
    return (
        SaunaTurn.select(SaunaTurn, SaunaHour, Sauna)
        .join(SaunaHour)
        .join(Sauna)
        .where((SaunaTurn.id == turn_id) & (SaunaTurn.flat == flat_id))
        .first()
    )


def flat_entry(flat_id: int, entry_id: int) -> WaitingListEntry | None:
    """The flat's waiting-list entry (of any status)."""
    return WaitingListEntry.get_or_none(
        (WaitingListEntry.id == entry_id) & (WaitingListEntry.flat == flat_id)
    )


def flat_waiting_entry(flat_id: int, entry_id: int, prefix: str) -> WaitingListEntry | None:
    """The flat's active entry in a queue whose key starts with ``prefix`` ("sauna_hour:",
    "parking:")."""
    entry = WaitingListEntry.get_or_none(
        (WaitingListEntry.id == entry_id)
        & (WaitingListEntry.flat == flat_id)
        & WaitingListEntry.hold_key.is_null(False)
    )
    return entry if entry is not None and entry.queue_key.startswith(prefix) else None


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


def flat_company(flat_id: int) -> HousingCompany:
    """The flat's housing company."""
    return HousingCompany.select().join(Flat).where(Flat.id == flat_id).get()


def parking_space(space_id: int) -> ParkingSpace:
    return ParkingSpace.get_by_id(space_id)


def space_with_company(space_id: int) -> ParkingSpace | None:
    """The space with its ``housing_company``."""
    return (
        ParkingSpace.select(ParkingSpace, HousingCompany)
        .join(HousingCompany)
        .where(ParkingSpace.id == space_id)
        .first()
    )


def flat_contract(flat_id: int, contract_id: int) -> ParkingContract | None:
    """The flat's contract with its ``space`` and the space's ``housing_company``."""
    return (
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

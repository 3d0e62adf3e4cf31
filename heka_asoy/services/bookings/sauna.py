"""Weekly sauna turns (vakiovuoro), their quota, weeks given up and one-off evenings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from peewee import IntegrityError

from ...db import locked, write_txn
from ...domain.bookings import (
    first_on_or_after,
    full_until,
    last_on_or_before,
    turn_runs_from,
    week_after,
    week_start,
)
from ...domain.notice import end_of_notice
from ...models import (
    Fee,
    Sauna,
    SaunaHour,
    SaunaSingleBooking,
    SaunaTurn,
    SaunaTurnSkip,
    User,
    WaitingListEntry,
)
from .. import access, audit
from .common import (
    BookingError,
    BookingNotFound,
    _active_offer,
    _current_lease,
    _holds,
    _locked_flat,
    _notify,
    check_start,
    earliest_turn_start,
    hour_key,
    today,
)
from .queues import _leave_queue, join_queue


def _sauna_hour_for_flat(hour_id: int, flat_id: int) -> tuple[SaunaHour, Sauna]:
    """The hour (row-locked on PostgreSQL) if it belongs to the flat's own housing company."""
    hour = locked(SaunaHour.select().where(SaunaHour.id == hour_id)).first()
    if hour is None:
        raise BookingNotFound()
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
    """Book a weekly turn from ``starts_on`` (moved to the hour's weekday) for a flat; an
    agent's one-off power of attorney is spent by it (in the same transaction)."""
    fa = None if by_staff else access.flat_access(user, flat_id, "sauna")
    with write_txn():
        turn = _book_turn(user, flat_id, hour_id, starts_on, by_staff=by_staff)
        if fa is not None:
            access.spend_power(fa)
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
    """End a turn at the end of the sauna's notice period (or a date staff choose); spends an
    agent's one-off power."""
    fa = None if by_staff else access.flat_access(user, flat_id, "sauna")
    with write_txn():
        turn = locked(
            SaunaTurn.select().where((SaunaTurn.id == turn_id) & (SaunaTurn.flat == flat_id))
        ).first()
        if turn is None:
            raise BookingNotFound()
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
        if fa is not None:
            access.spend_power(fa)
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
            raise BookingNotFound()
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
    """Book a freed hour once (a turn skipped for a week, or an hour nobody holds); spends an
    agent's one-off power."""
    fa = access.flat_access(user, flat_id, "sauna")
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
        access.spend_power(fa)
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
            raise BookingNotFound()


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

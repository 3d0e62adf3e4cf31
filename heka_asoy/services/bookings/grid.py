"""The sauna page's reads: the week grid, the flat's own turns and one-off evenings, the hours
and turns a form names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from peewee import JOIN

from ...models import (
    Flat,
    Sauna,
    SaunaHour,
    SaunaSingleBooking,
    SaunaTurn,
    SaunaTurnSkip,
    WaitingListEntry,
)
from ...prepared import Prepared
from .common import found, hour_key, today


@dataclass(frozen=True)
class Cell:
    """One hour of the week grid as the flat sees it."""

    hour: SaunaHour
    day: date
    #: own, taken, free, offered_own, unbookable, single_free, single_own, single_taken, past
    state: str
    turn_id: int | None = None
    single_id: int | None = None


def _week_of(sauna_id: int, week_start: date, week_end: date):
    in_week = (SaunaTurn.starts_on <= week_end) & (
        SaunaTurn.ends_on.is_null() | (SaunaTurn.ends_on >= week_start)
    )
    return (
        SaunaHour.select(
            SaunaHour,
            SaunaTurn.id.alias("turn_id"),
            SaunaTurn.flat.alias("turn_flat"),
            SaunaTurn.starts_on.alias("turn_from"),
            SaunaTurn.ends_on.alias("turn_until"),
            SaunaTurnSkip.on_date.alias("skipped_on"),
            SaunaSingleBooking.id.alias("single_id"),
            SaunaSingleBooking.flat.alias("single_flat"),
            SaunaSingleBooking.on_date.alias("single_on"),
        )
        .join(SaunaTurn, JOIN.LEFT_OUTER, on=(SaunaTurn.hour == SaunaHour.id) & in_week)
        .join(
            SaunaTurnSkip,
            JOIN.LEFT_OUTER,
            on=(SaunaTurnSkip.turn == SaunaTurn.id)
            & SaunaTurnSkip.on_date.between(week_start, week_end),
        )
        .switch(SaunaHour)
        .join(
            SaunaSingleBooking,
            JOIN.LEFT_OUTER,
            on=(SaunaSingleBooking.hour == SaunaHour.id)
            & SaunaSingleBooking.on_date.between(week_start, week_end),
        )
        .where(SaunaHour.sauna == sauna_id)
        .order_by(SaunaHour.start_hour, SaunaHour.weekday)
        .objects()
    )


def _queue_marks(flat_id: int, keys: list[str]):
    return WaitingListEntry.select(
        WaitingListEntry.queue_key,
        WaitingListEntry.flat,
        WaitingListEntry.status,
        WaitingListEntry.offer_ref,
        WaitingListEntry.hold_key,
    ).where(
        ((WaitingListEntry.flat == flat_id) & WaitingListEntry.hold_key.is_null(False))
        | (WaitingListEntry.offer_ref.in_(keys) & (WaitingListEntry.status == "offered"))
    )


def _turns_of(flat_id: int, day: date):
    return (
        SaunaTurn.select(SaunaTurn, SaunaHour, Sauna)
        .join(SaunaHour)
        .join(Sauna)
        .where(
            (SaunaTurn.flat == flat_id) & (SaunaTurn.ends_on.is_null() | (SaunaTurn.ends_on >= day))
        )
        .order_by(SaunaHour.weekday, SaunaHour.start_hour)
    )


def _singles_of(flat_id: int, day: date):
    return (
        SaunaSingleBooking.select(SaunaSingleBooking, SaunaHour, Sauna)
        .join(SaunaHour)
        .join(Sauna)
        .where((SaunaSingleBooking.flat == flat_id) & (SaunaSingleBooking.on_date >= day))
        .order_by(SaunaSingleBooking.on_date)
    )


def _queue_of(flat_id: int):
    return WaitingListEntry.select().where(
        (WaitingListEntry.flat == flat_id)
        & WaitingListEntry.hold_key.is_null(False)
        & WaitingListEntry.queue_key.startswith("sauna_hour:")
    )


def _saunas_of(flat_id: int):
    return (
        Sauna.select()
        .join(Flat, on=(Flat.housing_company == Sauna.housing_company))
        .where(Flat.id == flat_id)
        .order_by(Sauna.name, Sauna.id)
    )


def _skips_of(turn_ids: list[int], day: date):
    return SaunaTurnSkip.select().where(
        SaunaTurnSkip.turn.in_(turn_ids) & (SaunaTurnSkip.on_date >= day)
    )


# The sauna page and its grid run these on every view: built once (see ``prepared``).
_WEEK = Prepared(_week_of, int, date, date)
_QUEUE_MARKS = Prepared(_queue_marks, int, [str])
_TURNS = Prepared(_turns_of, int, date)
_SINGLES = Prepared(_singles_of, int, date)
_QUEUE = Prepared(_queue_of, int)
_SAUNAS = Prepared(_saunas_of, int)
_SKIPS = Prepared(_skips_of, [int], date)


def week_grid(sauna: Sauna, week_start: date, flat_id: int) -> dict:
    """The sauna's week as rows of hours and columns of days, in two queries whatever the
    bookings: the hours with the turns, skipped weeks and one-off bookings of the week (outer
    joins: an hour is one weekday, so it has few rows), then the flat's queue entries and the
    open offers of the hours. Building SQL cost peewee more than SQLite spent running it, so
    the page asks once per shape, not once per table."""
    week_start = week_start - timedelta(days=week_start.weekday())
    week_end = week_start + timedelta(days=6)
    joined = _WEEK(sauna.id, week_start, week_end)
    hours: dict[int, SaunaHour] = {}
    turns: dict[int, list] = {}  # hour id → (turn id, flat id, from, until) of the week
    skips: set[tuple[int, date]] = set()
    singles: dict[tuple[int, date], tuple[int, int]] = {}  # (hour, day) → (booking, flat)
    for row in joined:
        hours.setdefault(row.id, row)
        if row.turn_id is not None:
            turn = (row.turn_id, row.turn_flat, row.turn_from, row.turn_until)
            if turn not in turns.setdefault(row.id, []):
                turns[row.id].append(turn)
            if row.skipped_on is not None:
                skips.add((row.turn_id, row.skipped_on))
        if row.single_id is not None:
            singles[(row.id, row.single_on)] = (row.single_id, row.single_flat)
    keys = [hour_key(h) for h in hours]
    waiting: set[str] = set()
    # An hour offered from its queue is not free for others while the offer stands.
    offered: dict[str, int] = {}
    for entry in _QUEUE_MARKS(flat_id, keys):
        if entry.flat_id == flat_id and entry.hold_key is not None:
            waiting.add(entry.queue_key)
        if entry.status == "offered" and entry.offer_ref in keys:
            offered[entry.offer_ref] = entry.flat_id
    now = today()
    rows: dict[int, dict[int, Cell]] = {}
    for hour in hours.values():
        day = week_start + timedelta(days=hour.weekday)
        turn = next(
            (t for t in turns.get(hour.id, ()) if t[2] <= day and (t[3] is None or t[3] >= day)),
            None,
        )
        single = singles.get((hour.id, day))
        if not hour.bookable:
            state = "unbookable"
        elif day < now:
            state = "past"
        elif single is not None:
            state = "single_own" if single[1] == flat_id else "single_taken"
        elif turn is not None and (turn[0], day) in skips:
            state = "single_free" if sauna.allow_one_off else "taken"
        elif turn is not None:
            state = "own" if turn[1] == flat_id else "taken"
        elif hour_key(hour.id) in offered:
            state = "offered_own" if offered[hour_key(hour.id)] == flat_id else "taken"
        else:
            state = "free"
        rows.setdefault(hour.start_hour, {})[hour.weekday] = Cell(
            hour, day, state, turn[0] if turn else None, single[0] if single else None
        )
    return {
        "week_start": week_start,
        "days": [week_start + timedelta(days=i) for i in range(7)],
        "rows": sorted(rows.items()),
        "waiting": waiting,
    }


def flat_sauna_bookings(flat_id: int) -> dict:
    """The flat's turns (current and ending), single bookings and queue entries."""
    turns = list(_TURNS(flat_id, today()))
    singles = list(_SINGLES(flat_id, today()))
    return {"turns": turns, "singles": singles, "queue": flat_sauna_queue(flat_id)}


def flat_sauna_queue(flat_id: int) -> list[WaitingListEntry]:
    """The flat's places in the sauna hours' waiting lists."""
    return list(_QUEUE(flat_id))


def company_saunas(flat_id: int) -> list[Sauna]:
    """The saunas of the flat's housing company, by name."""
    return list(_SAUNAS(flat_id))


def coming_skips(turn_ids: list[int]) -> dict[int, set[date]]:
    """The weeks given up from today on: turn id → dates."""
    skipped: dict[int, set[date]] = {}
    for skip in _SKIPS(turn_ids, today()):
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


def flat_turn(flat_id: int, turn_id: int) -> SaunaTurn:
    """The flat's turn with its ``hour`` and the hour's ``sauna``; ``BookingNotFound`` for
    another flat's."""
    return found(
        SaunaTurn.select(SaunaTurn, SaunaHour, Sauna)
        .join(SaunaHour)
        .join(Sauna)
        .where((SaunaTurn.id == turn_id) & (SaunaTurn.flat == flat_id))
        .first()
    )

"""The sauna page's reads: the week grid, the flat's own turns and one-off evenings, the hours
and turns a form names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ...models import (
    Flat,
    Sauna,
    SaunaHour,
    SaunaSingleBooking,
    SaunaTurn,
    SaunaTurnSkip,
    WaitingListEntry,
)
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

"""Waiting lists: joining once, leaving on taking what was queued for, and positions.

Positions are never stored: a position is the count of earlier entries (join time, then id),
so no position can be given twice."""

from __future__ import annotations

from peewee import IntegrityError

from ...db import write_txn
from ...models import (
    Sauna,
    SaunaHour,
    User,
    WaitingListEntry,
)
from .. import access, audit
from .common import BookingError, hour_key


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

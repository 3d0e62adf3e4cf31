"""The staff pages' reads: the sauna grid, one hour, the parking board, one space, queues.

Each page is built in a fixed number of queries. Queue positions come from one ordered
select with the rule of ``bookings.position`` (join time, then id, among entries in line).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peewee import JOIN, fn

from ...models import (
    Flat,
    HousingCompany,
    ParkingContract,
    ParkingSpace,
    Sauna,
    SaunaHour,
    SaunaTurn,
    WaitingListEntry,
)
from .. import bookings


@dataclass
class QueueLine:
    entry: WaitingListEntry
    position: int
    flat_number: str


def _queues(keys: list[str]) -> dict[str, list[QueueLine]]:
    """The waiting lists of ``keys``, each in order with positions (one query)."""
    if not keys:
        return {}
    entries = (
        WaitingListEntry.select(WaitingListEntry, Flat.number)
        .join(Flat, on=(WaitingListEntry.flat == Flat.id))
        .where(WaitingListEntry.queue_key.in_(keys) & WaitingListEntry.hold_key.is_null(False))
        .order_by(WaitingListEntry.queue_key, WaitingListEntry.joined_at, WaitingListEntry.id)
    )
    result: dict[str, list[QueueLine]] = {}
    for entry in entries:
        line = result.setdefault(entry.queue_key, [])
        line.append(QueueLine(entry, len(line) + 1, entry.flat.number))
    return result


def _with_flat(model):
    """A select of ``model`` (SaunaTurn or ParkingContract) with its flat's number."""
    return model.select(model, Flat.number).join(Flat, on=(model.flat == Flat.id))


def _holders(thing, ids: list[int]) -> dict:
    """The rows holding each of ``ids`` now, by id; ``thing`` is the foreign key to what is
    held (``SaunaTurn.hour``, ``ParkingContract.space``). One query."""
    rows = _with_flat(thing.model).where(thing.in_(ids) & thing.model.hold_key.is_null(False))
    return {getattr(row, thing.object_id_name): row for row in rows}


def _holder(model, hold_key: str):
    """The row of ``model`` holding ``hold_key`` now, or None."""
    return _with_flat(model).where(model.hold_key == hold_key).first()


def _history(thing, thing_id: int, limit: int) -> list:
    """The released rows of what ``thing`` points to (ended turns or contracts), newest first."""
    model = thing.model
    return list(
        _with_flat(model)
        .where((thing == thing_id) & model.hold_key.is_null())
        .order_by(model.starts_on.desc(), model.id.desc())
        .limit(limit)
    )


@dataclass
class HourSlot:
    """One hour of the staff grid: its holder (the turn holding it), and its waiting list."""

    hour: SaunaHour
    turn: SaunaTurn | None = None
    flat_number: str = ""
    queue: list[QueueLine] = field(default_factory=list)

    @property
    def usage(self) -> str:
        if self.hour.bookable:
            return "bookable"
        return self.hour.label or "closed"


@dataclass
class SaunaBoard:
    sauna: Sauna
    rows: list[tuple[int, list[HourSlot | None]]]  # (start hour, slots Monday..Sunday)
    slots: dict[int, HourSlot]


def sauna_board(sauna: Sauna) -> SaunaBoard:
    """The sauna's weekly grid with holders and queues (three queries)."""
    hours = list(
        SaunaHour.select()
        .where(SaunaHour.sauna == sauna.id)
        .order_by(SaunaHour.start_hour, SaunaHour.weekday)
    )
    slots = {h.id: HourSlot(h) for h in hours}
    if hours:
        for hour_id, turn in _holders(SaunaTurn.hour, list(slots)).items():
            slots[hour_id].turn, slots[hour_id].flat_number = turn, turn.flat.number
        queues = _queues([bookings.hour_key(h) for h in slots])
        for hour_id, slot in slots.items():
            slot.queue = queues.get(bookings.hour_key(hour_id), [])
    by_hour: dict[int, list[HourSlot | None]] = {}
    for hour in hours:
        by_hour.setdefault(hour.start_hour, [None] * 7)[hour.weekday] = slots[hour.id]
    return SaunaBoard(sauna, sorted(by_hour.items()), slots)


def hour_slot(hour: SaunaHour) -> HourSlot:
    """One hour with its holder and waiting list."""
    slot = HourSlot(hour)
    turn = _holder(SaunaTurn, bookings.hour_key(hour.id))
    if turn is not None:
        slot.turn, slot.flat_number = turn, turn.flat.number
    slot.queue = _queues([bookings.hour_key(hour.id)]).get(bookings.hour_key(hour.id), [])
    return slot


def hour_history(hour: SaunaHour, limit: int = 20) -> list[SaunaTurn]:
    """Earlier turns of the hour (released ones), newest first."""
    return _history(SaunaTurn.hour, hour.id, limit)


@dataclass
class SpaceLine:
    space: ParkingSpace
    contract: ParkingContract | None = None
    flat_number: str = ""


def parking_board(company: HousingCompany) -> tuple[list[SpaceLine], dict[str, list[QueueLine]]]:
    """The company's spaces with their holders, and its queues per type (three queries)."""
    spaces = list(
        ParkingSpace.select()
        .where(ParkingSpace.housing_company == company.id)
        .order_by(ParkingSpace.code, ParkingSpace.id)
    )
    lines = {s.id: SpaceLine(s) for s in spaces}
    if spaces:
        for space_id, contract in _holders(ParkingContract.space, list(lines)).items():
            lines[space_id].contract, lines[space_id].flat_number = contract, contract.flat.number
    keys = {kind: bookings.parking_queue_key(company.id, kind) for kind in bookings.PARKING_KINDS}
    queues = _queues(list(keys.values()))
    return list(lines.values()), {kind: queues.get(key, []) for kind, key in keys.items()}


def space_line(space: ParkingSpace) -> SpaceLine:
    line = SpaceLine(space)
    contract = _holder(ParkingContract, bookings.space_key(space.id))
    if contract is not None:
        line.contract, line.flat_number = contract, contract.flat.number
    return line


def space_history(space: ParkingSpace, limit: int = 20) -> list[ParkingContract]:
    """Earlier contracts of the space (ended ones), newest first."""
    return _history(ParkingContract.space, space.id, limit)


def company_saunas(company: HousingCompany) -> list[tuple[Sauna, int, int]]:
    """The company's saunas with their number of hours and of held hours (one query)."""
    held = fn.COUNT(SaunaTurn.id)
    query = (
        Sauna.select(
            Sauna, fn.COUNT(SaunaHour.id.distinct()).alias("hour_count"), held.alias("held")
        )
        .join(SaunaHour, JOIN.LEFT_OUTER, on=(SaunaHour.sauna == Sauna.id))
        .join(
            SaunaTurn,
            JOIN.LEFT_OUTER,
            on=((SaunaTurn.hour == SaunaHour.id) & SaunaTurn.hold_key.is_null(False)),
        )
        .where(Sauna.housing_company == company.id)
        .group_by(Sauna.id)
        .order_by(Sauna.name, Sauna.id)
    )
    return [(s, s.hour_count, s.held) for s in query]

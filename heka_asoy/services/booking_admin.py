"""The desk's bookings admin: saunas, their weekly hours and rules, parking spaces and fees.

Staff-only use cases. Every change is written to the audit log (``audit.record``) in the same
transaction. Changes that touch a flat's booking (assigning a turn or a space, ending one) are
not made here: they go through ``services.bookings`` with ``by_staff=True``, which audits them
and mails the flat.

Reading helpers build each page in a fixed number of queries; queue positions are computed from
one ordered select with the same rule as ``bookings.position`` (join time, then id, among the
entries still in line).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from peewee import JOIN, IntegrityError, fn

from ..db import locked, write_txn
from ..models import (
    Flat,
    HousingCompany,
    ParkingContract,
    ParkingSpace,
    Sauna,
    SaunaHour,
    SaunaSingleBooking,
    SaunaTurn,
    User,
    WaitingListEntry,
)
from . import audit, bookings
from .errors import NotFound, ServiceError

#: Labels of hours that cannot be booked (codes; their words are in the staff pages).
HOUR_LABELS = ("common_men", "common_women", "maintenance")

#: Limits of the rules staff set (also enforced by the forms, with messages).
LIMITS = {
    "turns_per_flat": (1, 7),
    "earliest_start_days": (0, 365),
    "notice_months": (0, 12),
    "offer_days": (1, 60),
    "parking_offer_days": (1, 60),
    "parking_notice_months": (0, 12),
    "start_hour": (0, 23),
    "weekday": (0, 6),
}
MAX_FEE = Decimal("100000")
SAUNA_RULES = (
    "name",
    "monthly_fee",
    "turns_per_flat",
    "earliest_start_days",
    "notice_months",
    "allow_one_off",
    "offer_days",
)


class AdminError(ServiceError):
    """A change staff asked for that cannot be made; ``code`` picks the message."""


class AdminNotFound(AdminError, NotFound):
    """The row is gone (removed a moment ago) or never was: a 404."""

    def __init__(self, code: str = "not_found"):
        super().__init__(code)


def _found(model, row_id: int):
    row = model.get_or_none(model.id == row_id)
    if row is None:
        raise AdminNotFound()
    return row


def get_company(company_id: int) -> HousingCompany:
    return _found(HousingCompany, company_id)


def get_sauna(sauna_id: int) -> Sauna:
    return _found(Sauna, sauna_id)


def get_hour(hour_id: int) -> SaunaHour:
    return _found(SaunaHour, hour_id)


def get_turn(turn_id: int) -> SaunaTurn:
    return _found(SaunaTurn, turn_id)


def get_space(space_id: int) -> ParkingSpace:
    return _found(ParkingSpace, space_id)


def get_contract(contract_id: int) -> ParkingContract:
    return _found(ParkingContract, contract_id)


def _check_range(name: str, value: int) -> int:
    low, high = LIMITS[name]
    if value is None or not low <= int(value) <= high:
        raise AdminError(f"range:{name}")
    return int(value)


def _check_fee(value) -> Decimal:
    if value is None:
        raise AdminError("fee_missing")
    amount = Decimal(value)
    if amount < 0:
        raise AdminError("negative_fee")
    if amount > MAX_FEE:
        raise AdminError("fee_too_large")
    return amount.quantize(Decimal("0.01"))


def _check_end(ends_on: date | None) -> None:
    """An end date chosen by staff is not in the past (None: the end of the notice period)."""
    if ends_on is not None and ends_on < bookings.today():
        raise AdminError("end_in_past")


def _hour_label(bookable: bool, label: str) -> str:
    """The label an hour keeps: one of ``HOUR_LABELS`` when it is not bookable, else none."""
    if label and label not in HOUR_LABELS:
        raise AdminError("label")
    return "" if bookable else label


def _locked(model, row_id: int):
    """The row of ``model`` with ``row_id``, locked for this write transaction ("not_found"
    when there is none)."""
    row = locked(model.select().where(model.id == row_id)).first()
    if row is None:
        raise AdminNotFound()
    return row


@contextmanager
def _unique(code: str):
    """Write in a savepoint; a unique index that refuses it is the refusal ``code``."""
    try:
        with write_txn():
            yield
    except IntegrityError as exc:
        raise AdminError(code) from exc


def _text(value) -> str:
    """A value for the audit log (money with cents)."""
    return f"{value:.2f}" if isinstance(value, Decimal) else str(value)


def _changes(row, values: dict) -> dict:
    """The fields of ``values`` that differ from ``row``, as {name: [old, new]} strings."""
    changed = {}
    for name, new in values.items():
        old = getattr(row, name)
        if old != new:
            changed[name] = [_text(old), _text(new)]
    return changed


# --- housing companies --------------------------------------------------------------------------


def find_companies(query: str = "", limit: int = 50) -> list[HousingCompany]:
    """Housing companies whose name, business id or address contains ``query`` (one query)."""
    select = HousingCompany.select().order_by(HousingCompany.name, HousingCompany.id)
    text = (query or "").strip()
    if text:
        select = select.where(
            HousingCompany.name.contains(text)
            | HousingCompany.business_id.contains(text)
            | HousingCompany.street_address.contains(text)
        )
    return list(select.limit(limit))


def company_flats(company_id: int) -> list[Flat]:
    """The company's flats for the assignment selects, by number."""
    return list(
        Flat.select(Flat.id, Flat.number)
        .where(Flat.housing_company == company_id)
        .order_by(Flat.number, Flat.id)
    )


def set_parking_rules(
    actor: User, company_id: int, *, offer_days: int, notice_months: int
) -> HousingCompany:
    offer_days = _check_range("parking_offer_days", offer_days)
    notice_months = _check_range("parking_notice_months", notice_months)
    with write_txn():
        company = _locked(HousingCompany, company_id)
        changed = _changes(
            company, {"parking_offer_days": offer_days, "parking_notice_months": notice_months}
        )
        if changed:
            company.parking_offer_days = offer_days
            company.parking_notice_months = notice_months
            company.save()
            audit.record("parking_rules_changed", actor, company, changes=changed)
    return company


# --- saunas -------------------------------------------------------------------------------------


def _sauna_values(values: dict) -> dict:
    name = (values.get("name") or "").strip()
    if not name or len(name) > 100:
        raise AdminError("name")
    return {
        "name": name,
        "monthly_fee": _check_fee(values.get("monthly_fee")),
        "turns_per_flat": _check_range("turns_per_flat", values.get("turns_per_flat")),
        "earliest_start_days": _check_range(
            "earliest_start_days", values.get("earliest_start_days")
        ),
        "notice_months": _check_range("notice_months", values.get("notice_months")),
        "allow_one_off": bool(values.get("allow_one_off")),
        "offer_days": _check_range("offer_days", values.get("offer_days")),
    }


def create_sauna(actor: User, company_id: int, **values) -> Sauna:
    """A new sauna with its rules; its weekly hours are added one by one."""
    data = _sauna_values(values)
    with write_txn():
        if HousingCompany.get_or_none(HousingCompany.id == company_id) is None:
            raise AdminNotFound()
        sauna = Sauna.create(housing_company=company_id, **data)
        audit.record("sauna_created", actor, sauna, **{k: _text(v) for k, v in data.items()})
    return sauna


def update_sauna(actor: User, sauna_id: int, **values) -> Sauna:
    """Change a sauna's name, fee and rules. The rules apply to bookings made from now on; a
    changed fee applies to turns booked from now on (running fees keep their amount)."""
    data = _sauna_values(values)
    with write_txn():
        sauna = _locked(Sauna, sauna_id)
        changed = _changes(sauna, data)
        if changed:
            for name, value in data.items():
                setattr(sauna, name, value)
            sauna.save()
            audit.record("sauna_changed", actor, sauna, changes=changed)
    return sauna


def _hour_held(hour_id: int) -> bool:
    return SaunaTurn.select().where(SaunaTurn.hold_key == bookings.hour_key(hour_id)).exists()


def set_hour_usage(actor: User, hour_id: int, *, bookable: bool, label: str = "") -> SaunaHour:
    """Make an hour bookable, or not bookable with a label (common turn, maintenance).

    An hour a flat holds (or that is offered to a flat in its queue) stays bookable: end the
    turn first."""
    label = _hour_label(bookable, label)
    with write_txn():
        hour = _locked(SaunaHour, hour_id)
        if not bookable and hour.bookable:
            if _hour_held(hour.id):
                raise AdminError("hour_held")
            if bookings._active_offer(bookings.hour_key(hour.id)) is not None:
                raise AdminError("hour_offered")
        changed = _changes(hour, {"bookable": bookable, "label": label})
        if changed:
            hour.bookable, hour.label = bookable, label
            hour.save()
            audit.record("sauna_hour_changed", actor, hour, changes=changed)
    return hour


def add_hour(
    actor: User,
    sauna_id: int,
    *,
    weekday: int,
    start_hour: int,
    bookable: bool = True,
    label: str = "",
) -> SaunaHour:
    """Add one hour to the sauna's weekly grid."""
    weekday = _check_range("weekday", weekday)
    start_hour = _check_range("start_hour", start_hour)
    label = _hour_label(bookable, label)
    with write_txn():
        sauna = _locked(Sauna, sauna_id)
        exists = SaunaHour.select().where(
            (SaunaHour.sauna == sauna_id)
            & (SaunaHour.weekday == weekday)
            & (SaunaHour.start_hour == start_hour)
        )
        if exists.exists():
            raise AdminError("hour_exists")
        with _unique("hour_exists"):
            hour = SaunaHour.create(
                sauna=sauna, weekday=weekday, start_hour=start_hour, bookable=bookable, label=label
            )
        audit.record(
            "sauna_hour_added",
            actor,
            hour,
            sauna=sauna.id,
            weekday=weekday,
            start_hour=start_hour,
            bookable=bookable,
            label=label,
        )
    return hour


def remove_hour(actor: User, hour_id: int) -> None:
    """Remove an hour nobody has ever booked or waits for; a booked hour is kept for its
    history (make it unbookable instead)."""
    with write_txn():
        hour = _locked(SaunaHour, hour_id)
        key = bookings.hour_key(hour.id)
        used = (
            SaunaTurn.select().where(SaunaTurn.hour == hour.id).exists()
            or SaunaSingleBooking.select().where(SaunaSingleBooking.hour == hour.id).exists()
            or WaitingListEntry.select()
            .where(
                ((WaitingListEntry.queue_key == key) | (WaitingListEntry.offer_ref == key))
                & WaitingListEntry.hold_key.is_null(False)
            )
            .exists()
        )
        if used:
            raise AdminError("hour_used")
        audit.record(
            "sauna_hour_removed",
            actor,
            hour,
            sauna=hour.sauna_id,
            weekday=hour.weekday,
            start_hour=hour.start_hour,
        )
        hour.delete_instance()


# --- sauna turns (through the booking service: audited and mailed to the flat) ------------------


def assign_turn(actor: User, hour_id: int, flat_id: int, starts_on: date) -> SaunaTurn:
    """Give a flat a weekly turn by hand (no quota or earliest-start rule for staff)."""
    _company_flat(flat_id, SaunaHour.get_or_none(SaunaHour.id == hour_id), "hour")
    return bookings.book_turn(actor, flat_id, hour_id, starts_on, by_staff=True)


def end_turn(actor: User, turn_id: int, ends_on: date | None = None) -> SaunaTurn:
    """End a flat's turn on ``ends_on`` (default: the end of the sauna's notice period)."""
    turn = SaunaTurn.get_or_none(SaunaTurn.id == turn_id)
    if turn is None:
        raise AdminNotFound()
    _check_end(ends_on)
    return bookings.cancel_turn(actor, turn.flat_id, turn.id, by_staff=True, ends_on=ends_on)


def _company_flat(flat_id: int, thing, kind: str) -> None:
    """The flat exists and is in the same housing company as the hour or space."""
    if thing is None:
        raise AdminNotFound()
    flat = Flat.get_or_none(Flat.id == flat_id)
    if flat is None:
        raise AdminError("flat")
    company_id = (
        Sauna.get_by_id(thing.sauna_id).housing_company_id
        if kind == "hour"
        else thing.housing_company_id
    )
    if flat.housing_company_id != company_id:
        raise AdminError("flat")


# --- parking spaces -----------------------------------------------------------------------------


def _space_values(code: str, kind: str, monthly_fee) -> tuple[str, str, Decimal]:
    code = (code or "").strip()
    if not code or len(code) > 10:
        raise AdminError("code")
    if kind not in bookings.PARKING_KINDS:
        raise AdminError("kind")
    return code, kind, _check_fee(monthly_fee)


def _code_taken(company_id: int, code: str, other_than: int | None = None) -> bool:
    query = ParkingSpace.select().where(
        (ParkingSpace.housing_company == company_id) & (fn.LOWER(ParkingSpace.code) == code.lower())
    )
    if other_than is not None:
        query = query.where(ParkingSpace.id != other_than)
    return query.exists()


def create_space(
    actor: User, company_id: int, *, code: str, kind: str, monthly_fee
) -> ParkingSpace:
    code, kind, fee = _space_values(code, kind, monthly_fee)
    with write_txn():
        _locked(HousingCompany, company_id)  # the company exists; its row is locked
        if _code_taken(company_id, code):
            raise AdminError("duplicate_code")
        with _unique("duplicate_code"):
            space = ParkingSpace.create(
                housing_company=company_id, code=code, kind=kind, monthly_fee=fee
            )
        audit.record(
            "parking_space_created", actor, space, code=code, kind=kind, monthly_fee=str(fee)
        )
    return space


def update_space(actor: User, space_id: int, *, code: str, kind: str, monthly_fee) -> ParkingSpace:
    """Change a space's code, type or fee. A new fee applies to contracts made from now on;
    running contracts keep the fee they were made with."""
    code, kind, fee = _space_values(code, kind, monthly_fee)
    with write_txn():
        space = _locked(ParkingSpace, space_id)
        if _code_taken(space.housing_company_id, code, other_than=space.id):
            raise AdminError("duplicate_code")
        changed = _changes(space, {"code": code, "kind": kind, "monthly_fee": fee})
        if changed:
            space.code, space.kind, space.monthly_fee = code, kind, fee
            with _unique("duplicate_code"):
                space.save()
            audit.record("parking_space_changed", actor, space, changes=changed)
    return space


def remove_space(actor: User, space_id: int) -> int:
    """Remove a space that has never been rented nor offered; returns its company's id."""
    with write_txn():
        space = _locked(ParkingSpace, space_id)
        used = (
            ParkingContract.select().where(ParkingContract.space == space.id).exists()
            or WaitingListEntry.select()
            .where(
                (WaitingListEntry.offer_ref == bookings.space_key(space.id))
                & WaitingListEntry.hold_key.is_null(False)
            )
            .exists()
        )
        if used:
            raise AdminError("space_used")
        company_id = space.housing_company_id
        audit.record("parking_space_removed", actor, space, code=space.code, kind=space.kind)
        space.delete_instance()
    return company_id


def rent_space(actor: User, space_id: int, flat_id: int, starts_on: date) -> ParkingContract:
    """Rent a space to a flat by hand (the flat's lease gets the fee; the flat is mailed)."""
    _company_flat(flat_id, ParkingSpace.get_or_none(ParkingSpace.id == space_id), "space")
    return bookings.rent_space(actor, flat_id, space_id, starts_on, by_staff=True)


def terminate_contract(
    actor: User, contract_id: int, ends_on: date | None = None
) -> ParkingContract:
    """End a contract on ``ends_on`` (default: the company's notice period)."""
    contract = ParkingContract.get_or_none(ParkingContract.id == contract_id)
    if contract is None:
        raise AdminNotFound()
    _check_end(ends_on)
    return bookings.terminate_contract(
        actor, contract.flat_id, contract.id, by_staff=True, ends_on=ends_on
    )


# --- reading ------------------------------------------------------------------------------------


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

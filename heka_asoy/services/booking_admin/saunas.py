"""Saunas and their weekly hours: create, change the rules, add, label or remove an hour.

An hour a flat holds, or that is offered to a flat, keeps its use; an hour ever used is kept
for its history.
"""

from __future__ import annotations

from ...db import write_txn
from ...models import (
    HousingCompany,
    Sauna,
    SaunaHour,
    SaunaSingleBooking,
    SaunaTurn,
    User,
    WaitingListEntry,
)
from .. import audit, bookings
from .common import (
    AdminError,
    AdminNotFound,
    _changes,
    _check_fee,
    _check_range,
    _hour_label,
    _locked,
    _text,
    _unique,
)


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

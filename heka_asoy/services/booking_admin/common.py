"""The admin's limits, errors and the write helpers every topic shares.

The limits are also read by the staff forms (so form and service refuse the same values);
``AdminError`` carries a code the staff pages turn into words; ``_locked``, ``_unique`` and
``_changes`` keep every write locked, refused by code and audited as {field: [old, new]}.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from peewee import IntegrityError

from ...db import locked, write_txn
from ...models import Flat, Sauna
from .. import bookings
from ..errors import NotFound, ServiceError

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

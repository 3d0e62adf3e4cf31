"""Parking: the company's parking rules, spaces (code, type, fee) and contracts by staff.

Renting and terminating go through ``services.bookings`` with ``by_staff=True`` like turns.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from peewee import fn

from ...db import write_txn
from ...models import HousingCompany, ParkingContract, ParkingSpace, User, WaitingListEntry
from .. import audit, bookings
from .common import (
    AdminError,
    AdminNotFound,
    _changes,
    _check_end,
    _check_fee,
    _check_range,
    _company_flat,
    _locked,
    _unique,
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

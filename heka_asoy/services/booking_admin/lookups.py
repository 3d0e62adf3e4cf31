"""Single rows by id for the admin views, and the company search and flat lists.

A missing row is ``AdminNotFound`` (a 404), so the views never query or test for None.
"""

from __future__ import annotations

from ...models import (
    Flat,
    HousingCompany,
    ParkingContract,
    ParkingSpace,
    Sauna,
    SaunaHour,
    SaunaTurn,
)
from .common import _found


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

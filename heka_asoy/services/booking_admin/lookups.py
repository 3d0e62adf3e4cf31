"""Single rows by id for the admin views, and the company search and flat lists.

A missing row is ``AdminNotFound`` (a 404), so the views never query or test for None.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import and_

from peewee import fn

from ...db import contains_text
from ...models import (
    Flat,
    HousingCompany,
    ParkingContract,
    ParkingSpace,
    Sauna,
    SaunaHour,
    SaunaTurn,
)
from .. import company_search
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


#: A company list shows at most this many; the page says how many there are and to search.
LIST_SIZE = 50


@dataclass(frozen=True)
class CompanyList:
    """One page of housing companies: ``companies`` (at most ``LIST_SIZE``, by name) and
    ``total``, how many there are (or match the search) in all."""

    query: str
    companies: list[HousingCompany]
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.companies)


def _search_condition(text: str):
    """Every word in the name, the business ID or the street address (case ignored in every
    alphabet); None for no text."""
    words = company_search.clean(text).split()[: company_search.MAX_WORDS]
    if not words:
        return None
    return reduce(
        and_,
        [
            contains_text(HousingCompany.name, word)
            | HousingCompany.business_id.contains(word)
            | contains_text(HousingCompany.street_address, word)
            for word in words
        ],
    )


def find_companies(query: str = "", limit: int = LIST_SIZE) -> CompanyList:
    """Housing companies whose name, business ID or street address holds every word of
    ``query``, at most ``limit`` by name, and how many in all (two queries, whatever the
    stock: Heka's 5,000 companies never go into one page). One query: the count rides along
    as a window over the matches."""
    text = company_search.clean(query)
    select = HousingCompany.select(HousingCompany, fn.COUNT(HousingCompany.id).over().alias("n"))
    where = _search_condition(text)
    if where is not None:
        select = select.where(where)
    rows = list(select.order_by(HousingCompany.name, HousingCompany.id).limit(limit))
    return CompanyList(text, rows, rows[0].n if rows else 0)


def company_flats(company_id: int) -> list[Flat]:
    """The company's flats for the assignment selects, by number."""
    return list(
        Flat.select(Flat.id, Flat.number)
        .where(Flat.housing_company == company_id)
        .order_by(Flat.number, Flat.id)
    )

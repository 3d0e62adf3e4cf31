"""Helpers of the export's sections: a flat's address in words."""

from __future__ import annotations

from ...models import Building, Flat, HousingCompany


def place(flat: Flat) -> str:
    return f"{flat.building.street_address} {flat.number}, {flat.housing_company.name}"


def with_address(query):
    """Join a query's Flat to its building and housing company, for the address."""
    return query.join(Building).switch(Flat).join(HousingCompany)

"""Factories for bookings: saunas with a weekly grid, turns, parking spaces and contracts.

``make_sauna`` gives the grid every housing company in the demo has: Monday to Saturday,
17–21 (four hours a day), with Saturday's first two hours the common women's and men's turns
(not bookable). ``hour_at(sauna, weekday, start_hour)`` finds one hour of it.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from heka_asoy.models import (
    Fee,
    HousingCompany,
    Lease,
    ParkingContract,
    ParkingSpace,
    Sauna,
    SaunaHour,
    SaunaTurn,
    WaitingListEntry,
)
from heka_asoy.services.bookings import hour_key, space_key

SAUNA_WEEKDAYS = range(6)  # Monday to Saturday
SAUNA_START_HOURS = (17, 18, 19, 20)  # 17–21
COMMON_HOURS = {(5, 17): "common_women", (5, 18): "common_men"}  # Saturday's shared turns

_seq = itertools.count(1)


def make_sauna(company: HousingCompany, **kw) -> Sauna:
    """A sauna of ``company`` with its weekly grid (22 bookable hours, 2 common ones)."""
    data = {
        "housing_company": company,
        "name": f"Sauna {next(_seq)}",
        "monthly_fee": Decimal("15.00"),
    }
    data.update(kw)
    sauna = Sauna.create(**data)
    for weekday in SAUNA_WEEKDAYS:
        for start in SAUNA_START_HOURS:
            label = COMMON_HOURS.get((weekday, start), "")
            SaunaHour.create(
                sauna=sauna, weekday=weekday, start_hour=start, bookable=not label, label=label
            )
    return sauna


def hour_at(sauna: Sauna, weekday: int, start_hour: int) -> SaunaHour:
    return SaunaHour.get(
        (SaunaHour.sauna == sauna)
        & (SaunaHour.weekday == weekday)
        & (SaunaHour.start_hour == start_hour)
    )


def bookable_hours(sauna: Sauna) -> list[SaunaHour]:
    return list(
        SaunaHour.select()
        .where((SaunaHour.sauna == sauna) & SaunaHour.bookable)
        .order_by(SaunaHour.weekday, SaunaHour.start_hour)
    )


def make_turn(hour: SaunaHour, flat, starts_on: date | None = None, **kw) -> SaunaTurn:
    """A turn held by ``flat`` (written directly, without the service's rules or mails)."""
    data = {
        "hour": hour,
        "flat": flat,
        "starts_on": starts_on or date.today() - timedelta(days=30),
        "hold_key": hour_key(hour.id),
    }
    data.update(kw)
    return SaunaTurn.create(**data)


def make_parking_space(
    company: HousingCompany, kind: str = "outdoor", fee: Decimal | str = "25.00", **kw
) -> ParkingSpace:
    data = {
        "housing_company": company,
        "code": f"P{next(_seq)}",
        "kind": kind,
        "monthly_fee": Decimal(fee),
    }
    data.update(kw)
    return ParkingSpace.create(**data)


def make_contract(
    space: ParkingSpace, flat, lease: Lease | None = None, starts_on: date | None = None, **kw
) -> ParkingContract:
    """A contract holding ``space`` for ``flat`` (written directly), with its fee."""
    lease = lease or Lease.select().where(Lease.flat == flat).order_by(Lease.starts_on).first()
    data = {
        "space": space,
        "flat": flat,
        "lease": lease,
        "starts_on": starts_on or date.today() - timedelta(days=30),
        "hold_key": space_key(space.id),
    }
    data.update(kw)
    contract = ParkingContract.create(**data)
    Fee.create(
        lease=lease,
        kind="parking",
        description=space.code,
        monthly_amount=space.monthly_fee,
        starts_on=contract.starts_on,
        source=f"parking_contract:{contract.id}",
    )
    return contract


def make_entry(queue_key: str, flat, **kw) -> WaitingListEntry:
    """A waiting flat in a queue (written directly)."""
    flat_id = getattr(flat, "id", flat)
    data = {"queue_key": queue_key, "flat": flat_id, "hold_key": f"{queue_key}|{flat_id}"}
    data.update(kw)
    return WaitingListEntry.create(**data)

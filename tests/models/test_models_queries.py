"""The query helpers the models carry (so services do not write the same query twice)."""

from __future__ import annotations

from datetime import date, timedelta

from heka_asoy.models import Flat, Lease
from tests.factories import make_company, make_flat, make_lease, make_resident

DAY = date(2026, 3, 16)


def test_the_lease_current_on_a_date_is_the_running_one(app):
    """On a date, is the current lease the one that has started and not ended: neither the
    ended one before it nor the one signed to start later?"""
    flat = make_flat()
    ended = make_lease(
        flat,
        [make_resident()],
        starts_on=DAY - timedelta(days=400),
        ends_on=DAY - timedelta(days=11),
    )
    running = make_lease(flat, [make_resident()], starts_on=DAY - timedelta(days=10))
    coming = make_lease(flat, [make_resident()], starts_on=DAY + timedelta(days=20))
    other = make_lease(make_flat(), [make_resident()], starts_on=DAY - timedelta(days=5))

    def current(day):
        lease = Lease.current_of(flat.id, day)
        return lease and lease.id

    assert current(DAY) == running.id
    assert current(DAY - timedelta(days=11)) == ended.id
    assert current(DAY - timedelta(days=500)) is None
    assert current(DAY + timedelta(days=30)) == coming.id
    running_leases = Lease.select().where(Lease.current_on(DAY))
    assert {lease.id for lease in running_leases} == {running.id, other.id}
    not_ended = Lease.select().where((Lease.flat == flat) & Lease.not_ended_on(DAY))
    assert {lease.id for lease in not_ended} == {running.id, coming.id}


def test_a_flat_with_its_building_and_companies_is_one_query(app, count_queries):
    """Are a flat's building, housing company and maintenance company read in one query, and
    is a company without a maintenance company still found?"""
    flat = make_flat()
    bare = make_flat(make_company(maintenance_company=None))
    with count_queries() as counter:
        rows = {
            f.id: f for f in Flat.with_building_company().where(Flat.id.in_([flat.id, bare.id]))
        }
        found = rows[flat.id]
        names = (
            found.building.street_address,
            found.housing_company.name,
            found.housing_company.maintenance_company.name,
        )
        assert rows[bare.id].housing_company.maintenance_company is None
    assert counter.count == 1
    assert names == (
        flat.building.street_address,
        flat.housing_company.name,
        flat.housing_company.maintenance_company.name,
    )

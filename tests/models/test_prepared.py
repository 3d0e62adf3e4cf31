"""Queries built once per process (``heka_asoy.prepared``): the same rows as the query built
anew, for every set of arguments, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from heka_asoy.models import Lease, LeaseParty
from heka_asoy.prepared import Prepared
from tests.factories import make_flat, make_lease, make_resident


def _leases_of(resident_id: int, today: date):
    return (
        Lease.select(Lease, LeaseParty)
        .join(LeaseParty)
        .where((LeaseParty.resident == resident_id) & Lease.not_ended_on(today))
        .order_by(Lease.starts_on)
    )


def test_prepared_query_gives_the_rows_of_the_query_built_anew(app):
    """Does each call run with its own arguments (never the samples', never the last call's),
    giving the same models, joined rows included, as peewee's own query?"""
    first, second = make_resident(), make_resident()
    today = date.today()
    old = make_lease(make_flat(), [first], starts_on=today - timedelta(days=400))
    Lease.update(ends_on=today - timedelta(days=30)).where(Lease.id == old.id).execute()
    running = make_lease(make_flat(), [first], starts_on=today - timedelta(days=10))
    theirs = make_lease(make_flat(), [second], starts_on=today - timedelta(days=5))
    prepared = Prepared(_leases_of, int, date)
    for resident, day in [
        (first, today),
        (second, today),
        (first, today - timedelta(days=60)),
        (make_resident(), today),
    ]:
        expected = list(_leases_of(resident.id, day))
        got = list(prepared(resident.id, day))
        assert [(lease.id, lease.leaseparty.resident_id) for lease in got] == [
            (lease.id, lease.leaseparty.resident_id) for lease in expected
        ]
    assert [lease.id for lease in prepared(first.id, today)] == [running.id]
    assert [lease.id for lease in prepared(second.id, today)] == [theirs.id]
    assert prepared.first(first.id, today - timedelta(days=60)).id == old.id
    assert prepared.first(make_resident().id, today) is None


def test_an_argument_the_query_does_not_carry_is_refused(app):
    """Is a builder whose argument never reaches the SQL unchanged refused at once, rather than
    run with a constant where an argument was meant?"""
    prepared = Prepared(lambda resident_id, today: _leases_of(7, today), int, date)
    with pytest.raises(ValueError, match=r"\[0\]"):
        list(prepared(1, date.today()))


def test_prepared_in_list_is_built_per_length_and_filled_per_call(app):
    """Does an ``IN`` list argument give the rows of exactly the ids asked for, whatever the
    list's length and order of calls?"""
    from heka_asoy.models import Flat

    flats = [make_flat() for _ in range(3)]
    prepared = Prepared(lambda ids: Flat.select().where(Flat.id.in_(ids)).order_by(Flat.id), [int])
    for ids in ([flats[0].id], [flats[2].id], [flats[0].id, flats[1].id], [flats[2].id, 0], []):
        assert [f.id for f in prepared(ids)] == sorted(i for i in ids if i)

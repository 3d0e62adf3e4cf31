"""The bulk stock generator used for benchmarks."""

from __future__ import annotations

import pytest

from heka_asoy.demo.data import load_demo_data
from heka_asoy.demo.generator import AlreadyGenerated, StockGenerator, generate_stock
from heka_asoy.domain.business_id import is_valid_business_id
from heka_asoy.domain.hetu import hetu_hash, is_valid_hetu
from heka_asoy.models import (
    Building,
    Flat,
    HousingCompany,
    Lease,
    LeaseParty,
    Occupancy,
    Resident,
)


def key(app) -> bytes:
    return app.config["HETU_KEY"].encode()


def test_does_it_generate_the_requested_stock(app):
    """Does 500 flats give 500 flats and leases, about 50 companies with valid business IDs,
    buildings, and at least one lease party and occupant per flat?"""
    counts = generate_stock(500, key(app), seed=7, batch=120)
    assert counts["flat"] == Flat.select().count() == 500
    assert counts["lease"] == Lease.select().count() == 500
    assert 30 <= counts["housing_company"] <= 80
    assert counts["building"] >= counts["housing_company"]
    assert counts["resident"] == Resident.select().count() >= 500
    assert counts["lease_party"] == LeaseParty.select().count() >= 500
    assert counts["occupancy"] == Occupancy.select().count() == counts["resident"]
    assert all(is_valid_business_id(c.business_id) for c in HousingCompany.select())
    assert Lease.select().where(Lease.id.not_in(LeaseParty.select(LeaseParty.lease))).count() == 0
    assert all(f.flat_type in {"1h+kk", "1h+k", "2h+k", "2h+kk"} for f in Flat.select())
    assert all(b.flats.count() >= 1 for b in Building.select())


def test_are_generated_identity_hashes_those_of_the_domain(app):
    """Are the generator's identity codes valid and hashed exactly as ``domain.hetu`` does, so
    generated people can be matched like real ones?"""
    gen = StockGenerator(10, key(app), seed=3, batch=10)
    for female in (True, False):
        code, digest, birth = gen.new_hetu(female, (1950, 2010))
        assert is_valid_hetu(code)
        assert digest == hetu_hash(code, key(app))
        assert int(code[7:10]) % 2 == (0 if female else 1)
        assert code.startswith(birth.strftime("%d%m"))


def test_can_it_run_beside_the_demo_data_with_two_seeds(app):
    """Can two seeds run after the demo data without breaking any unique constraint?"""
    load_demo_data(key(app), app.config["UPLOAD_FOLDER"])
    first = generate_stock(300, key(app), seed=1)
    second = generate_stock(300, key(app), seed=2)
    assert Flat.select().count() == 200 + first["flat"] + second["flat"]
    bids = [c.business_id for c in HousingCompany.select()]
    assert len(bids) == len(set(bids))
    hashes = [r.hetu_hash for r in Resident.select()]
    assert len(hashes) == len(set(hashes))
    assert Flat.select().where(Flat.heka_code.startswith("GEN2-")).count() == 300


def test_is_a_seed_refused_the_second_time(app):
    """Is running the same seed twice refused before anything is written?"""
    generate_stock(50, key(app), seed=5)
    with pytest.raises(AlreadyGenerated):
        generate_stock(50, key(app), seed=5)
    assert Flat.select().count() == 50


def test_is_the_same_seed_deterministic(app):
    """Does a seed produce the same stock on the same database state?"""
    a = StockGenerator(20, key(app), seed=11, batch=20)
    b = StockGenerator(20, key(app), seed=11, batch=20)
    assert a.business_ids(5) == b.business_ids(5)
    assert [a.household() for _ in range(5)] == [b.household() for _ in range(5)]

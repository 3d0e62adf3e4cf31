"""Migrations from empty, on SQLite and on PostgreSQL, match the models."""

from __future__ import annotations

import os
import uuid

import pytest

from heka_asoy.db import make_database
from heka_asoy.migrate import MIGRATIONS_DIR, migrate
from heka_asoy.models import ALL_MODELS

ALL_MIGRATIONS = sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.py"))
PG_ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _check_schema(db):
    tables = set(db.get_tables())
    for model in ALL_MODELS:
        name = model._meta.table_name
        assert name in tables, name
        columns = {c.name for c in db.get_columns(name)}
        assert {f.column_name for f in model._meta.sorted_fields} <= columns, name
        indexed = {tuple(i.columns) for i in db.get_indexes(name)}
        for fields, _unique in model._meta.indexes:
            cols = tuple(model._meta.fields[f].column_name for f in fields)
            assert cols in indexed, (name, cols)


def test_every_migration_is_listed():
    """Are the migrations the numbered files 001, 002, … with no gap?"""
    assert ALL_MIGRATIONS[:4] == [
        "001_initial",
        "002_fault_tracking",
        "003_bookings",
        "004_fault_queue_index",
    ]
    assert [int(name[:3]) for name in ALL_MIGRATIONS] == list(range(1, len(ALL_MIGRATIONS) + 1))


def test_migrations_from_empty_sqlite(tmp_path):
    """Do the migrations build every table, column and index on an empty SQLite file, and is a
    second run a no-op?"""
    db = make_database(f"sqlite:///{tmp_path / 'empty.db'}")
    assert migrate(db) == ALL_MIGRATIONS
    _check_schema(db)
    assert migrate(db) == []


@pytest.fixture
def pg_scratch_db():
    """A throw-away PostgreSQL database (the server runs here; in CI it must, so no skip)."""
    admin = make_database(PG_ADMIN_URL)
    name = f"heka_mig_{uuid.uuid4().hex[:8]}"
    admin.execute_sql(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_migrations_from_empty_postgresql(pg_scratch_db):
    """Do the same migrations build the same schema on an empty PostgreSQL database?"""
    db = make_database(pg_scratch_db)
    assert migrate(db) == ALL_MIGRATIONS
    _check_schema(db)
    assert migrate(db) == []
    db.close()


def _newest_rolls_back_and_applies_again(db):
    from heka_asoy.migrate import router

    assert migrate(db) == ALL_MIGRATIONS
    router(db).rollback()
    assert migrate(db) == ALL_MIGRATIONS[-1:]
    _check_schema(db)


def test_newest_migration_rolls_back_on_sqlite(tmp_path):
    """Does the newest migration undo itself and apply again, on SQLite (which drops no indexed
    column) as on PostgreSQL?"""
    db = make_database(f"sqlite:///{tmp_path / 'back.db'}")
    _newest_rolls_back_and_applies_again(db)
    db.close()


def test_newest_migration_rolls_back_on_postgresql(pg_scratch_db):
    db = make_database(pg_scratch_db)
    _newest_rolls_back_and_applies_again(db)
    db.close()


def test_upgrading_a_sqlite_database_with_data_keeps_every_row(tmp_path):
    """Do rows written under the second migration's schema survive every later one on SQLite?
    Table rebuilds (a NOT NULL column added to ``building`` by 003, ``payment`` by 008, the
    power of attorney by 011) used to delete the rows below the rebuilt table through ON DELETE
    CASCADE when foreign keys were on."""
    from tests.services.test_migration_007 import _insert

    db = make_database(f"sqlite:///{tmp_path / 'old.db'}")
    assert migrate(db, upto="002_fault_tracking") == ALL_MIGRATIONS[:2]
    _insert(db, "maintenance_company", name="H")
    _insert(db, "housing_company", name="A", business_id="1234567-1", maintenance_company_id=1)
    _insert(db, "building", housing_company_id=1, code="A")
    _insert(db, "flat", housing_company_id=1, building_id=1, number="A 1", heka_code="T-1")
    _insert(db, "resident", first_names="Maija", last_name="Lahtinen")
    _insert(db, "lease", flat_id=1, number="L1", starts_on="2025-01-01", monthly_rent=500)
    _insert(db, "lease_party", lease_id=1, resident_id=1)
    _insert(db, "occupancy", resident_id=1, flat_id=1, moved_in="2025-01-01")
    _insert(db, "fault_report", flat_id=1, category="x", description="y", status="received")
    tables = ("building", "flat", "lease", "lease_party", "occupancy", "fault_report")
    before = {t: db.execute_sql(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608
    assert migrate(db) == ALL_MIGRATIONS[2:]
    after = {t: db.execute_sql(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608
    assert after == before == dict.fromkeys(tables, 1)
    assert db.execute_sql("PRAGMA foreign_keys").fetchone() == (1,)  # on again after the run
    db.close()

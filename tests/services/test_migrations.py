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

"""Shared fixtures: an app on a real database file (or PostgreSQL), a client, factories.

The database is migrated once per session with the real migrations; each test then gets a fresh
copy (SQLite) or emptied tables (PostgreSQL), so tests are isolated and still fast.
"""

from __future__ import annotations

import os
import shutil

import pytest

from heka_asoy import create_app
from heka_asoy.db import make_database
from heka_asoy.migrate import migrate
from heka_asoy.models import ALL_MODELS

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """A database with every migration applied: a file for SQLite, the schema for PostgreSQL."""
    if PG_URL:
        db = make_database(PG_URL)
        db.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
        db.execute_sql("CREATE SCHEMA public")
        migrate(db)
        db.close()
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = make_database(f"sqlite:///{path}")
    migrate(db)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def database_url(migrated_template, tmp_path):
    """A fresh, migrated database for one test."""
    if PG_URL:
        db = make_database(PG_URL)
        tables = ", ".join(f'"{m._meta.table_name}"' for m in ALL_MODELS)
        db.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")  # noqa: S608
        db.close()
        return PG_URL
    path = tmp_path / "heka.db"
    shutil.copy(migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app_config(database_url, tmp_path):
    """Settings for a test app; tests may edit this dict before asking for ``app``."""
    return {
        "TESTING": True,
        "ENV_NAME": "test",
        "SECRET_KEY": "test-secret",
        "HETU_KEY": "test-hetu-key",
        "DATABASE_URL": database_url,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "HUEY_URL": f"sqlite:///{tmp_path / 'huey.db'}",
        "HUEY_IMMEDIATE": True,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": 1,  # no SMTP server unless a test starts one (see the smtp fixture)
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "DEMO_MODE": False,
        "PUBLIC_URL": "http://localhost",
        "SERVER_NAME": None,
    }


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    with app.app_context():
        yield app
    app.config["DATABASE"].close()


@pytest.fixture
def client(app):
    return app.test_client()

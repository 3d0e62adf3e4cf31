"""Shared fixtures: an app on a real database file (or PostgreSQL), a client, factories.

The database is migrated once per session with the real migrations; each test then gets a fresh
copy (SQLite) or emptied tables (PostgreSQL), so tests are isolated and still fast.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient

from heka_asoy import create_app
from heka_asoy.db import make_database
from heka_asoy.migrate import migrate
from heka_asoy.models import ALL_MODELS
from tests import template_cache, url_rules

url_rules.install()
template_cache.install()


def _worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets its own PostgreSQL database beside ``url`` (made when
    missing), so the PostgreSQL run can use both cores without two workers emptying each other's
    tables.

    Commits in the test databases do not wait for the WAL to reach the disk
    (``synchronous_commit = off``): a test commits dozens of times and each wait cost more than
    its query, which made the PostgreSQL tests a third slower. What a commit makes visible, and
    every lock and isolation rule, are the same; only a crash of the server could lose the last
    commits of a database that is emptied before every test anyway."""
    if not url:
        return url
    import psycopg2
    import psycopg2.errors

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    base, name = url.rsplit("/", 1)
    own = f"{name}_{worker}" if worker else name
    admin = psycopg2.connect(url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (own,))
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{own}"')
        cursor.execute(
            "SELECT 1 FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
            "WHERE d.datname = %s AND 'synchronous_commit=off' = ANY(s.setconfig)",
            (own,),
        )
        if cursor.fetchone() is None:
            # The concurrency tests' processes import this module at once: when two of them
            # alter the same database together, PostgreSQL refuses one ("tuple concurrently
            # updated"), and the other has done it.
            try:
                cursor.execute(f'ALTER DATABASE "{own}" SET synchronous_commit = off')
            except psycopg2.errors.InternalError:
                pass
    admin.close()
    return f"{base}/{own}"


PG_URL = _worker_database(os.environ.get("TEST_DATABASE_URL", ""))
#: The Redis that runs beside the tests, as PostgreSQL does; each test keeps to a key prefix.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """A database with every migration applied: a file for SQLite, the schema for PostgreSQL."""
    if PG_URL:
        db = make_database(PG_URL)
        db.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
        db.execute_sql("CREATE SCHEMA public")
        migrate(db)
        # Tests empty the tables with DELETE (``empty_database``); a vacuum in between would
        # let new rows fill the dead ones' places, so a test's rows would come back in another
        # order than they were made whenever a query has no ORDER BY, at random. Without
        # autovacuum they stay in the order made, as in the fresh tables a TRUNCATE gave.
        for (table,) in db.execute_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall():
            db.execute_sql(f'ALTER TABLE "{table}" SET (autovacuum_enabled = false)')
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
        empty_database(PG_URL)
        return PG_URL
    path = tmp_path / "heka.db"
    shutil.copy(migrated_template, path)
    return f"sqlite:///{path}"


def make_test_config(database_url: str, folder) -> dict:
    """Settings of a test app on ``database_url``, with files under ``folder``."""
    return {
        "TESTING": True,
        "ENV_NAME": "test",
        "SECRET_KEY": "test-secret",
        "HETU_KEY": "test-hetu-key",
        "DATABASE_URL": database_url,
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "HUEY_URL": f"sqlite:///{folder / 'huey.db'}",
        "HUEY_IMMEDIATE": True,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": 1,  # no SMTP server unless a test starts one (see the smtp fixture)
        "MAIL_SUPPRESS_SEND": False,  # really talk SMTP: a refused connection must show
        "WTF_CSRF_ENABLED": False,
        "ARGON2_TIME_COST": 1,  # cheap hashes keep the suite fast; the algorithm is the same
        "ARGON2_MEMORY_COST": 1024,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "DEMO_MODE": False,
        "PUBLIC_URL": "http://localhost",
        "SERVER_NAME": None,
    }


@pytest.fixture
def app_config(database_url, tmp_path):
    """Settings for a test app; tests may edit this dict before asking for ``app``."""
    return make_test_config(database_url, tmp_path)


def empty_database(url: str) -> None:
    """Empty every table of a PostgreSQL test database and restart its id sequences, as a new
    database would be. Only the tables that hold rows are emptied; most tests fill a few."""
    db = make_database(url)
    names = [m._meta.table_name for m in ALL_MODELS]
    probe = " UNION ALL ".join(
        f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM \"{name}\")" for name in names
    )
    filled = [row[0] for row in db.execute_sql(probe).fetchall()]
    if filled:
        # DELETE, not TRUNCATE: a TRUNCATE that reaches "user" cascades to every table that
        # refers to it and costs 130-200 ms; a DELETE of a test's few rows costs well under
        # one. Replica mode turns off the foreign-key triggers, so the order does not matter.
        deletes = "; ".join(f'DELETE FROM "{name}"' for name in filled)  # noqa: S608
        db.execute_sql(
            f"SET session_replication_role = replica; {deletes}; "
            "SET session_replication_role = DEFAULT"
        )
    # A rolled-back insert moves a sequence without leaving a row: restart every one used.
    used = db.execute_sql(
        "SELECT format('%%I.%%I', schemaname, sequencename) FROM pg_sequences "
        "WHERE last_value IS NOT NULL"
    ).fetchall()
    if used:
        db.execute_sql("; ".join(f"ALTER SEQUENCE {row[0]} RESTART" for row in used))
    db.close()


class EnglishClient(FlaskClient):
    """A test client whose browser asks for English, so tests can match the English msgids;
    tests of language choice send their own Accept-Language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def _fresh_g_per_request(app):
    """Tests hold an app context open (factories need it) and Flask reuses it for requests, so
    ``g`` would leak between requests (Flask-Login caches the user there). A real server has one
    app context per request; give each test request a clean ``g`` as the first thing it does."""
    from flask import g

    def clear_g():
        for name in list(vars(g)):
            delattr(g, name)

    app.before_request_funcs.setdefault(None, []).insert(0, clear_g)
    app.test_client_class = EnglishClient


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    _fresh_g_per_request(app)
    with app.app_context():
        yield app
    app.config["DATABASE"].close()


@pytest.fixture
def client(app):
    return app.test_client()


# --- real servers: Redis, SMTP and OpenID Connect --------------------------------------------


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the real Redis, so parallel runs never collide; its
    keys are deleted afterwards. Redis runs here and in CI: a missing one fails, never skips."""
    import uuid

    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        pytest.fail(f"Redis is not running at {REDIS_URL} ({exc}); start it (CI needs it too)")
    prefix = f"heka-test-{uuid.uuid4().hex}"
    yield prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


class SmtpSink:
    """What the real SMTP server received (``messages``: email.message.EmailMessage)."""

    def __init__(self):
        self.messages = []
        self.port = 0
        self.delay = 0.0  # seconds before accepting each mail (a slow server)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        import asyncio
        from email import message_from_bytes
        from email.policy import default

        if self.delay:
            await asyncio.sleep(self.delay)

        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]


@contextmanager
def running_smtp_server():
    """A real SMTP server (aiosmtpd) on a port the OS picks on loopback; yields its sink."""
    from aiosmtpd.controller import Controller

    class FreePortController(Controller):
        """aiosmtpd probes ``self.port`` to see the server is up; with port 0 that probe is
        refused, so learn the bound port first."""

        def _trigger_server(self):
            self.port = self.server.sockets[0].getsockname()[1]
            super()._trigger_server()

    sink = SmtpSink()
    controller = FreePortController(sink, hostname="127.0.0.1", port=0)
    controller.start()
    sink.port = controller.port
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(app):
    """A real SMTP server wired into the app's mail config."""
    with running_smtp_server() as sink:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port)
        app.extensions["mail"].server = "127.0.0.1"
        app.extensions["mail"].port = sink.port
        yield sink


@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3 server (moto) on loopback for the whole session; tests make buckets of their
    own (``tests.s3_server.make_bucket``)."""
    from tests.s3_server import running_s3_server

    with running_s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def s3_env(monkeypatch):
    """The credentials boto3 signs with (moto takes any)."""
    from tests.s3_server import CREDENTIALS

    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider (oidc-provider-mock) on loopback for the whole session.

    Tests register the person a login should return with ``oidc_person``.
    """
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def oidc(app, oidc_provider):
    """The app pointed at the test provider, plus a helper that walks the provider's login page."""
    import requests

    from heka_asoy.services import identification

    app.config["OIDC_ISSUER"] = oidc_provider
    identification.init_app(app)

    class Walker:
        issuer = oidc_provider

        def set_person(self, sub: str, **claims):
            response = requests.put(f"{oidc_provider}/users/{sub}", json=claims, timeout=10)
            response.raise_for_status()

        def login(self, client, start_url: str, sub: str):
            """Follow the app's redirect to the provider, 'log in' as ``sub``, and return the
            app's response to the callback."""
            from urllib.parse import urlsplit

            response = client.get(start_url)
            assert response.status_code == 302, response.data
            authorize_url = response.headers["Location"]
            assert authorize_url.startswith(oidc_provider)
            answer = requests.post(
                authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10
            )
            assert answer.status_code == 302, answer.text
            callback = urlsplit(answer.headers["Location"])
            return client.get(f"{callback.path}?{callback.query}")

    return Walker()


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a block (indico's count_queries)."""
    from contextlib import contextmanager

    db = app.config["DATABASE"]

    class Counter:
        count = 0

    @contextmanager
    def counting():
        counter = Counter()
        original = db.execute_sql

        def counted(sql, params=None, *args, **kwargs):
            counter.count += 1
            return original(sql, params, *args, **kwargs)

        db.execute_sql = counted
        try:
            yield counter
        finally:
            db.execute_sql = original

    return counting


@pytest.fixture
def next_month():
    """The first day of next month by Helsinki's date when the test runs. A module constant is
    computed at collection and goes stale when a run crosses midnight at the end of a month (the
    CI run of 30 November 2026 at 23:50 Helsinki time did)."""
    from heka_asoy.domain.invoicing import month_start
    from heka_asoy.services import billing

    return month_start(billing.today(), 1)

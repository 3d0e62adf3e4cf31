"""Database connection and the write-transaction helper.

SQLite is the embedded default and PostgreSQL the scaled one; the differences between them that
matter to correctness (locking, pragmas) are handled here and nowhere else.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

from peewee import Database, PostgresqlDatabase, SqliteDatabase, fn
from playhouse.db_url import connect as db_url_connect

from .extensions import flask_db

#: Pragmas that make SQLite behave under several gunicorn workers: WAL lets readers run beside the
#: one writer, busy_timeout makes a writer wait instead of failing with "database is locked".
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 15000,
    "synchronous": "normal",
    "cache_size": -16000,
}


def make_database(url: str) -> Database:
    """Build a peewee database from a URL (``sqlite:///path`` or ``postgresql+pool://…``)."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        db = SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, timeout=15)
        db.register_function(_casefold, "casefold", 1, deterministic=True)
        return db
    return db_url_connect(url)


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def contains_text(field, text: str):
    """``field`` contains ``text``, ignoring case in every alphabet. PostgreSQL's ILIKE folds
    "Ä" to "ä"; SQLite's LIKE folds only ASCII, so there both sides are folded by Python's
    ``str.casefold`` (registered on each SQLite connection)."""
    if is_sqlite():
        return fn.casefold(field).contains(text.casefold())
    return field.contains(text)


def database() -> Database:
    """The database the models are bound to (the object behind FlaskDB's proxy)."""
    return flask_db.database.obj if hasattr(flask_db.database, "obj") else flask_db.database


def is_sqlite() -> bool:
    return isinstance(database(), SqliteDatabase)


def is_postgres() -> bool:
    return isinstance(database(), PostgresqlDatabase)


@contextmanager
def write_txn():
    """A transaction for a write that must not race another worker.

    On SQLite a plain ``BEGIN`` takes its write lock late and fails with "database is locked" when
    two workers upgrade at once; ``BEGIN IMMEDIATE`` takes the lock up front, so the other waits
    (busy_timeout). On PostgreSQL a normal transaction plus ``locked()`` selects does the same.
    Nested calls become savepoints.
    """
    db = database()
    if isinstance(db, SqliteDatabase) and not db.in_transaction():
        with db.atomic("IMMEDIATE") as txn:
            yield txn
    else:
        with db.atomic() as txn:
            yield txn


def locked(query):
    """Add ``FOR UPDATE`` where the database has row locks (PostgreSQL); SQLite's IMMEDIATE
    transaction already serialises writers."""
    return query.for_update() if is_postgres() else query

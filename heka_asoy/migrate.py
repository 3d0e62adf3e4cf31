"""Schema migrations with peewee-migrate; the scripts live in ``migrations/`` at the repo root."""

from __future__ import annotations

import logging

from peewee import Database, SqliteDatabase
from peewee_migrate import Router

from .config import ROOT

MIGRATIONS_DIR = ROOT / "migrations"


def router(db: Database) -> Router:
    logger = logging.getLogger("heka_asoy.migrate")
    return Router(db, migrate_dir=str(MIGRATIONS_DIR), ignore=["basemodel"], logger=logger)


def migrate(db: Database, upto: str | None = None) -> list[str]:
    """Apply every pending migration (or those up to ``upto``); returns the names applied.

    On SQLite, changing a column rebuilds its table (copy, drop, rename), and with foreign keys
    on, dropping the old table deletes every row that points at it through ``ON DELETE
    CASCADE``: adding a NOT NULL column to ``building`` emptied ``flat``, ``lease`` and the rest.
    So, as SQLite's documentation prescribes for table rebuilds, foreign keys are off while the
    migrations run and checked once afterwards; a dangling reference stops the upgrade.
    """
    r = router(db)
    pending = [name for name in r.diff if upto is None or name <= upto]
    sqlite = isinstance(db, SqliteDatabase)
    if sqlite:
        db.connect(reuse_if_open=True)
        db.execute_sql("PRAGMA foreign_keys = OFF")  # no effect inside a transaction: none open
    try:
        r.run(upto)
        if sqlite:
            dangling = db.execute_sql("PRAGMA foreign_key_check").fetchall()
            if dangling:
                raise RuntimeError(f"migrations left rows pointing nowhere: {dangling[:5]}")
    finally:
        if sqlite:
            db.execute_sql("PRAGMA foreign_keys = ON")
    return pending

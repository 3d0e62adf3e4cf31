"""Schema migrations with peewee-migrate; the scripts live in ``migrations/`` at the repo root."""

from __future__ import annotations

import logging

from peewee import Database
from peewee_migrate import Router

from .config import ROOT

MIGRATIONS_DIR = ROOT / "migrations"


def router(db: Database) -> Router:
    logger = logging.getLogger("heka_asoy.migrate")
    return Router(db, migrate_dir=str(MIGRATIONS_DIR), ignore=["basemodel"], logger=logger)


def migrate(db: Database) -> list[str]:
    """Apply every pending migration; returns the names applied."""
    r = router(db)
    pending = list(r.diff)
    r.run()
    return pending

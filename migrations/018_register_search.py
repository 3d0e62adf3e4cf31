"""The register and the audit log for admins (issue 12 §5): the masked identity code is
searched by birth date (``010190`` finds ``010190-****``), a flat by its number without the
address (``A 12``), and the audit log is read newest first
a page at a time by keyset on ``id``, filtered by action or by actor: an index for each lets
those pages stop after one page on a log of millions of rows.

On PostgreSQL the register's name search (``ILIKE '%word%'`` on first and last names) gets
trigram indexes (``pg_trgm``, a trusted extension since PostgreSQL 13: the database owner may
create it); SQLite has no such index and scans the 70,000 names in C (``LIKE``). They are not in
the models' ``Meta.indexes`` because SQLite cannot have them."""

import peewee as pw
from peewee_migrate import Migrator

TRIGRAM_COLUMNS = ("last_name", "first_names")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_index("resident", "hetu_masked", unique=False)
    migrator.add_index("flat", "number", unique=False)
    migrator.add_index("audit_log", "action", "id", unique=False)
    migrator.add_index("audit_log", "actor", "id", unique=False)
    if isinstance(database, pw.PostgresqlDatabase):
        migrator.sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in TRIGRAM_COLUMNS:
            migrator.sql(
                f"CREATE INDEX resident_{column}_trgm ON resident USING gin ({column} gin_trgm_ops)"
            )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    if isinstance(database, pw.PostgresqlDatabase):
        for column in TRIGRAM_COLUMNS:
            migrator.sql(f"DROP INDEX IF EXISTS resident_{column}_trgm")
    migrator.drop_index("audit_log", "actor", "id")
    migrator.drop_index("audit_log", "action", "id")
    migrator.drop_index("flat", "number")
    migrator.drop_index("resident", "hetu_masked")

"""The register and the audit log for admins (issue 12 §5): the masked identity code is
searched by birth date (``010190`` finds ``010190-****``), a flat by its number without the
address (``A 12``), and the audit log is read newest first
a page at a time by keyset on ``id``, filtered by action or by actor: an index for each lets
those pages stop after one page on a log of millions of rows."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_index("resident", "hetu_masked", unique=False)
    migrator.add_index("flat", "number", unique=False)
    migrator.add_index("audit_log", "action", "id", unique=False)
    migrator.add_index("audit_log", "actor", "id", unique=False)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.drop_index("audit_log", "actor", "id")
    migrator.drop_index("audit_log", "action", "id")
    migrator.drop_index("flat", "number")
    migrator.drop_index("resident", "hetu_masked")

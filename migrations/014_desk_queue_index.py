"""The desk's one queue (issue 10 §4) reads fault reports, threads and service requests newest
activity first, a page at a time by keyset: an ``(updated_at, id)`` index per table lets each
branch of its UNION ALL walk newest first and stop after one page instead of sorting every open
case."""

import peewee as pw
from peewee_migrate import Migrator

TABLES = ("fault_report", "message_thread", "service_request")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    for table in TABLES:
        migrator.add_index(table, "updated_at", "id", unique=False)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for table in TABLES:
        migrator.drop_index(table, "updated_at", "id")

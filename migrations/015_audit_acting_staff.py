"""On-behalf work (issue 10 §5): an audit row says which desk worker acted for the resident
named as its actor (``acting_staff``), so "by staff X for resident Y" is one row."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "audit_log",
        acting_staff=pw.ForeignKeyField(
            column_name="acting_staff_id", field="id", model=migrator.orm["user"], null=True
        ),
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    # SQLite drops no indexed column: the foreign key's index goes first.
    migrator.drop_index("audit_log", "acting_staff")
    migrator.remove_fields("audit_log", "acting_staff")

"""Invoicing: a lease's due day, an invoice's RF reference, an invoice line's kind, and one
monthly invoice per lease and month (a partial unique index, so two invoicing runs at once make
one invoice and one-off invoices such as door openings stay unlimited).

The columns are added with plain ``ALTER TABLE … ADD COLUMN … NOT NULL DEFAULT …`` (SQLite and
PostgreSQL both take it) instead of ``migrator.add_fields``: for a NOT NULL column peewee rebuilds
a SQLite table (copy, DROP, rename), and with foreign keys on, dropping ``lease`` deletes every
row that cascades from it (invoices, parties, fees …). The fields are still recorded in the
migrator's model state, so later migrations see them.
"""

import peewee as pw
from peewee_migrate import Migrator

INDEX = "invoice_monthly_once"


def _fill_rf(database: pw.Database) -> None:
    """Existing invoices get the RF form of their (numeric) reference: ``RF`` + the ISO 11649
    check digits (98 - reference followed by "RF00" as digits, mod 97) + the reference."""
    rows = database.execute_sql("SELECT id, reference FROM invoice WHERE rf_reference = ''")
    param = database.param  # the placeholder ("?" or "%s"); the values travel as parameters
    update = f"UPDATE invoice SET rf_reference = {param} WHERE id = {param}"  # noqa: S608
    for invoice_id, reference in list(rows):
        if reference and reference.isdigit():
            check = 98 - int(reference + "271500") % 97
            database.execute_sql(update, (f"RF{check:02d}{reference}", invoice_id))


COLUMNS = (
    ("lease", "due_day", pw.IntegerField(default=2), "INTEGER NOT NULL DEFAULT 2"),
    ("invoice", "rf_reference", pw.CharField(max_length=25, default=""),
     "VARCHAR(25) NOT NULL DEFAULT ''"),
    ("invoice_line", "kind", pw.CharField(max_length=16, default=""),
     "VARCHAR(16) NOT NULL DEFAULT ''"),
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    for table, name, field, ddl in COLUMNS:
        migrator.orm[table]._meta.add_field(name, field)
        migrator.sql(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {ddl}')
    migrator.run(_fill_rf, database)
    migrator.sql(
        f'CREATE UNIQUE INDEX "{INDEX}" ON "invoice" ("lease_id", "period", "kind") '
        "WHERE kind = 'rent'"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql(f'DROP INDEX IF EXISTS "{INDEX}"')
    for table, name, _field, _ddl in reversed(COLUMNS):
        migrator.orm[table]._meta.remove_field(name)
        migrator.sql(f'ALTER TABLE "{table}" DROP COLUMN "{name}"')

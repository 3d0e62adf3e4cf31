"""Payment import from bank files: a record of each imported file, payments that match no
invoice yet (lease and invoice empty, for the desk to allocate), the payer and bank of a
payment, and one archive id imported once (a partial unique index: manual payments have none)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class BankFileImport(pw.Model):
        id = pw.AutoField()
        filename = pw.CharField(max_length=255)
        kind = pw.CharField(max_length=10)
        sha256 = pw.CharField(max_length=64, index=True)
        entries = pw.IntegerField(default=0)
        paid = pw.IntegerField(default=0)
        partly_paid = pw.IntegerField(default=0)
        overpaid = pw.IntegerField(default=0)
        unmatched = pw.IntegerField(default=0)
        duplicates = pw.IntegerField(default=0)
        skipped = pw.IntegerField(default=0)
        booked_total = pw.DecimalField(auto_round=True, decimal_places=2, max_digits=12, default=0)
        skipped_entries = pw.TextField(null=True)
        imported_by = pw.ForeignKeyField(
            column_name="imported_by_id",
            field="id",
            model=migrator.orm["user"],
            null=True,
            on_delete="SET NULL",
        )
        created_at = pw.DateTimeField(index=True)

        class Meta:
            table_name = "bank_file_import"

    migrator.add_fields(
        "payment",
        bank_import=pw.ForeignKeyField(
            column_name="bank_import_id",
            field="id",
            model=migrator.orm["bank_file_import"],
            null=True,
            on_delete="SET NULL",
        ),
        payer_name=pw.CharField(max_length=140, default=""),
        bank=pw.CharField(max_length=11, default=""),
    )
    migrator.drop_not_null("payment", "lease")
    migrator.sql(
        "CREATE UNIQUE INDEX payment_archive_id_unique ON payment (archive_id) "
        "WHERE archive_id <> ''"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DROP INDEX IF EXISTS payment_archive_id_unique")
    migrator.sql("DROP INDEX IF EXISTS payment_bank_import_id")
    migrator.sql("DELETE FROM payment WHERE lease_id IS NULL")
    migrator.add_not_null("payment", "lease")
    migrator.remove_fields("payment", "bank_import", "payer_name", "bank")
    migrator.remove_model("bank_file_import")

"""Terminating a lease: the notice (Termination) and each lease party's confirmation of it."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class Termination(pw.Model):
        id = pw.AutoField()
        lease = pw.ForeignKeyField(
            column_name="lease_id", field="id", model=migrator.orm["lease"], on_delete="CASCADE"
        )
        status = pw.CharField(max_length=20, default="awaiting_parties")
        given_on = pw.DateField()
        ends_on = pw.DateField()
        requested_by = pw.ForeignKeyField(
            column_name="requested_by_id", field="id", model=migrator.orm["user"]
        )
        forwarding_address = pw.TextField(default="")
        iban = pw.CharField(max_length=34, default="")
        bic = pw.CharField(max_length=11, default="")
        inspection_wish = pw.TextField(default="")
        open_key = pw.CharField(max_length=255, null=True, unique=True)
        in_effect_on = pw.DateField(null=True)
        withdrawn_by = pw.ForeignKeyField(
            column_name="withdrawn_by_id", field="id", model=migrator.orm["user"], null=True
        )
        withdrawn_at = pw.DateTimeField(null=True)
        inspection_at = pw.DateTimeField(null=True)
        keys_returned_on = pw.DateField(null=True)
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "termination"
            indexes = [(("lease", "created_at"), False), (("status", "ends_on"), False)]

    @migrator.create_model
    class TerminationConfirmation(pw.Model):
        id = pw.AutoField()
        termination = pw.ForeignKeyField(
            column_name="termination_id",
            field="id",
            model=migrator.orm["termination"],
            on_delete="CASCADE",
        )
        resident = pw.ForeignKeyField(
            column_name="resident_id", field="id", model=migrator.orm["resident"],
            on_delete="CASCADE",
        )
        confirmed_at = pw.DateTimeField(null=True)
        confirmed_by = pw.ForeignKeyField(
            column_name="confirmed_by_id", field="id", model=migrator.orm["user"], null=True
        )
        forwarding_address = pw.TextField(default="")

        class Meta:
            table_name = "termination_confirmation"
            indexes = [(("termination", "resident"), True)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("termination_confirmation")
    migrator.remove_model("termination")

"""Occupants: a lease party's report of a person moving in or out (OccupantChange), pending until
the asoy desk confirms it into the register or rejects it with a reason."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class OccupantChange(pw.Model):
        id = pw.AutoField()
        flat = pw.ForeignKeyField(
            column_name="flat_id", field="id", model=migrator.orm["flat"], on_delete="CASCADE"
        )
        lease = pw.ForeignKeyField(
            column_name="lease_id", field="id", model=migrator.orm["lease"], null=True,
            on_delete="SET NULL",
        )
        kind = pw.CharField(max_length=3)
        first_names = pw.CharField(default="")
        last_name = pw.CharField(default="")
        birth_date = pw.DateField(null=True)
        resident = pw.ForeignKeyField(
            column_name="resident_id", field="id", model=migrator.orm["resident"], null=True,
            on_delete="SET NULL",
        )
        on_date = pw.DateField()
        status = pw.CharField(max_length=10, default="pending")
        reason = pw.TextField(default="")
        requested_by = pw.ForeignKeyField(
            column_name="requested_by_id", field="id", model=migrator.orm["user"], null=True,
            on_delete="SET NULL",
        )
        decided_by = pw.ForeignKeyField(
            column_name="decided_by_id", field="id", model=migrator.orm["user"], null=True,
            on_delete="SET NULL",
        )
        created_at = pw.DateTimeField()
        decided_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "occupant_change"
            indexes = [(("flat", "created_at"), False), (("status", "created_at"), False)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("occupant_change")

"""Office appointments by e-mail (issue 11 §1): the flat, preferred days, where the request came
from, the signed-link version, a decline reason, the intake mail, the reminder stamp and the
office identification done at the visit; and the days the desk closed the office."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "appointment",
        flat=pw.ForeignKeyField(
            column_name="flat_id", field="id", model=migrator.orm["flat"], null=True
        ),
        preferred_days=pw.CharField(max_length=20, default=""),
        source=pw.CharField(max_length=10, default="pages"),
        link_version=pw.IntegerField(default=0),
        decline_reason=pw.TextField(default=""),
        intake_ref=pw.CharField(max_length=255, default=""),
        reminded_at=pw.DateTimeField(null=True),
        identification=pw.ForeignKeyField(
            column_name="identification_id",
            field="id",
            model=migrator.orm["identification"],
            null=True,
        ),
        updated_at=pw.DateTimeField(null=True),
    )

    @migrator.create_model
    class OfficeClosure(pw.Model):
        id = pw.AutoField()
        day = pw.DateField(unique=True)
        reason = pw.CharField(max_length=255, default="")
        created_by = pw.ForeignKeyField(
            column_name="created_by_id", field="id", model=migrator.orm["user"], null=True
        )
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "office_closure"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("office_closure")
    # SQLite drops no indexed column: the foreign keys' indexes go first.
    migrator.drop_index("appointment", "flat")
    migrator.drop_index("appointment", "identification")
    migrator.remove_fields(
        "appointment",
        "flat",
        "preferred_days",
        "source",
        "link_version",
        "decline_reason",
        "intake_ref",
        "reminded_at",
        "identification",
        "updated_at",
    )

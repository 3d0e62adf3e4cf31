"""Bookings: a flat can give up its sauna turn for one week (SaunaTurnSkip); offer deadlines
for the sauna waiting lists and the parking queue; the parking notice period per company; what
an offer is for."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields("sauna", offer_days=pw.IntegerField(default=3))
    migrator.add_fields(
        "housing_company",
        parking_offer_days=pw.IntegerField(default=7),
        parking_notice_months=pw.IntegerField(default=1),
    )
    migrator.add_fields("waiting_list_entry", offer_ref=pw.CharField(max_length=40, null=True))

    @migrator.create_model
    class SaunaTurnSkip(pw.Model):
        id = pw.AutoField()
        turn = pw.ForeignKeyField(
            column_name="turn_id", field="id", model=migrator.orm["sauna_turn"],
            on_delete="CASCADE",
        )
        on_date = pw.DateField()
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "sauna_turn_skip"
            indexes = [(("turn", "on_date"), True)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("sauna_turn_skip")
    migrator.remove_fields("waiting_list_entry", "offer_ref")
    migrator.remove_fields("housing_company", "parking_offer_days", "parking_notice_months")
    migrator.remove_fields("sauna", "offer_days")

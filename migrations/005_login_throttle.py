"""Counters shared by every worker (rate limits and login throttling): before this they lived in
each gunicorn worker's memory, so two workers let through twice the limit."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class RateCounter(pw.Model):
        key = pw.CharField(max_length=255, primary_key=True)
        hits = pw.IntegerField(default=0)
        expires_at = pw.DoubleField(index=True)

        class Meta:
            table_name = "rate_counter"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("rate_counter")

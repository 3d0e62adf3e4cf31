"""Fault tracking: a report's submission id (no duplicate on double submit), the time its status
last changed (the overdue clock), and mail attachments (photos to the maintenance company)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "fault_report",
        client_token=pw.CharField(max_length=64, null=True, unique=True),
        status_changed_at=pw.DateTimeField(null=True),
    )
    migrator.sql("UPDATE fault_report SET status_changed_at = updated_at")
    migrator.add_fields("outbox_mail", attachments=pw.TextField(null=True))
    migrator.add_index("fault_report", "status", "status_changed_at", unique=False)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.drop_index("fault_report", "status", "status_changed_at")
    migrator.remove_fields("outbox_mail", "attachments")
    migrator.remove_fields("fault_report", "client_token", "status_changed_at")

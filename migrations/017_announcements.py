"""Announcements (issue 11): the emergency flag, mail to the targeted residents (sent once,
``announcement_mail`` per resident), withdrawing, who has read which (``announcement_read``), and
"me too" on an open report about a shared space (``fault_me_too``).

Number 017: 016 belongs to another branch of issue 11."""

import peewee as pw
from peewee_migrate import Migrator


def _fk(migrator: Migrator, table: str, column: str) -> pw.ForeignKeyField:
    return pw.ForeignKeyField(
        column_name=column, field="id", model=migrator.orm[table], on_delete="CASCADE"
    )


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "announcement",
        emergency=pw.BooleanField(default=False),
        send_mail=pw.BooleanField(default=False),
        mailed_at=pw.DateTimeField(null=True),
        withdrawn_at=pw.DateTimeField(null=True),
        updated_at=pw.DateTimeField(null=True),
    )

    @migrator.create_model
    class AnnouncementRead(pw.Model):
        id = pw.AutoField()
        announcement = _fk(migrator, "announcement", "announcement_id")
        user = _fk(migrator, "user", "user_id")
        read_at = pw.DateTimeField()

        class Meta:
            table_name = "announcement_read"
            indexes = [(("announcement", "user"), True), (("user",), False)]

    @migrator.create_model
    class AnnouncementMail(pw.Model):
        id = pw.AutoField()
        announcement = _fk(migrator, "announcement", "announcement_id")
        user = _fk(migrator, "user", "user_id")
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "announcement_mail"
            indexes = [(("announcement", "user"), True)]

    @migrator.create_model
    class FaultMeToo(pw.Model):
        id = pw.AutoField()
        report = _fk(migrator, "fault_report", "report_id")
        user = _fk(migrator, "user", "user_id")
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "fault_me_too"
            indexes = [(("report", "user"), True), (("user",), False)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for model in ("fault_me_too", "announcement_mail", "announcement_read"):
        migrator.remove_model(model)
    migrator.remove_fields(
        "announcement", "emergency", "send_mail", "mailed_at", "withdrawn_at", "updated_at"
    )

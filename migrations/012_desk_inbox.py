"""The asoy desk's inbox (issue 10): threads from the desk mailbox (no user until triage, reply
token, Message-ID), internal notes, assignment and the first answer for the SLA on threads,
service requests and fault reports; attachments, the service request timeline, the
repair-responsibility table, reply templates and account closing."""

import peewee as pw
from peewee_migrate import Migrator


def _user(migrator: Migrator, column: str, **kw) -> pw.ForeignKeyField:
    return pw.ForeignKeyField(
        column_name=column, field="id", model=migrator.orm["user"], null=True, **kw
    )


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.drop_not_null("message_thread", "user")
    migrator.add_fields(
        "message_thread",
        source=pw.CharField(max_length=10, default="web"),
        sender_email=pw.CharField(default=""),
        sender_name=pw.CharField(default=""),
        reply_token=pw.CharField(max_length=32, null=True, unique=True),
        needs_triage=pw.BooleanField(default=False),
        assigned_to=_user(migrator, "assigned_to_id"),
        first_answered_at=pw.DateTimeField(null=True),
    )
    migrator.add_index("message_thread", "needs_triage", "created_at", unique=False)
    migrator.add_fields(
        "message",
        internal=pw.BooleanField(default=False),
        source=pw.CharField(max_length=10, default="web"),
        message_id=pw.CharField(max_length=255, null=True, unique=True),
        in_reply_to=pw.CharField(max_length=255, default=""),
    )
    migrator.add_fields(
        "service_request",
        assigned_to=_user(migrator, "assigned_to_id"),
        decision=pw.CharField(max_length=30, default=""),
        decision_text=pw.TextField(default=""),
        first_answered_at=pw.DateTimeField(null=True),
    )
    migrator.add_fields(
        "fault_report",
        responsible=pw.CharField(max_length=20, default="housing_company"),
        assigned_to=_user(migrator, "assigned_to_id"),
    )

    @migrator.create_model
    class Attachment(pw.Model):
        id = pw.AutoField()
        message = pw.ForeignKeyField(
            column_name="message_id",
            field="id",
            model=migrator.orm["message"],
            null=True,
            on_delete="CASCADE",
        )
        service_request = pw.ForeignKeyField(
            column_name="service_request_id",
            field="id",
            model=migrator.orm["service_request"],
            null=True,
            on_delete="CASCADE",
        )
        filename = pw.CharField()
        content_type = pw.CharField(max_length=100)
        storage_key = pw.CharField()
        size = pw.IntegerField(default=0)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "attachment"

    @migrator.create_model
    class ServiceRequestEvent(pw.Model):
        id = pw.AutoField()
        request = pw.ForeignKeyField(
            column_name="request_id",
            field="id",
            model=migrator.orm["service_request"],
            on_delete="CASCADE",
        )
        kind = pw.CharField(max_length=10)
        status = pw.CharField(max_length=20, default="")
        body = pw.TextField(default="")
        actor = _user(migrator, "actor_id")
        from_staff = pw.BooleanField(default=False)
        internal = pw.BooleanField(default=False)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "service_request_event"
            indexes = [(("request", "created_at"), False)]

    @migrator.create_model
    class ResponsibilityRule(pw.Model):
        id = pw.AutoField()
        category = pw.CharField(max_length=60)
        housing_company = pw.ForeignKeyField(
            column_name="housing_company_id",
            field="id",
            model=migrator.orm["housing_company"],
            null=True,
            on_delete="CASCADE",
        )
        responsible = pw.CharField(max_length=20)
        note = pw.TextField(default="")
        updated_by = _user(migrator, "updated_by_id")
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "responsibility_rule"
            indexes = [(("category", "housing_company"), True)]

    @migrator.create_model
    class ReplyTemplate(pw.Model):
        id = pw.AutoField()
        name = pw.CharField(max_length=100)
        body_fi = pw.TextField()
        body_sv = pw.TextField(default="")
        body_en = pw.TextField(default="")
        created_by = _user(migrator, "created_by_id")
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "reply_template"

    @migrator.create_model
    class AccountClosure(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(
            column_name="user_id", field="id", model=migrator.orm["user"], on_delete="CASCADE"
        )
        status = pw.CharField(max_length=10, default="requested")
        reason = pw.TextField(default="")
        requested_at = pw.DateTimeField()
        decided_by = _user(migrator, "decided_by_id")
        decided_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "account_closure"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for model in (
        "account_closure",
        "reply_template",
        "responsibility_rule",
        "service_request_event",
        "attachment",
    ):
        migrator.remove_model(model)
    # SQLite drops no indexed column: the indexes of foreign keys and unique fields go first.
    for table, column in (
        ("fault_report", "assigned_to"),
        ("service_request", "assigned_to"),
        ("message", "message_id"),
        ("message_thread", "assigned_to"),
        ("message_thread", "reply_token"),
    ):
        migrator.drop_index(table, column)
    migrator.remove_fields("fault_report", "responsible", "assigned_to")
    migrator.remove_fields(
        "service_request", "assigned_to", "decision", "decision_text", "first_answered_at"
    )
    migrator.remove_fields("message", "internal", "source", "message_id", "in_reply_to")
    migrator.drop_index("message_thread", "needs_triage", "created_at")
    migrator.remove_fields(
        "message_thread",
        "source",
        "sender_email",
        "sender_name",
        "reply_token",
        "needs_triage",
        "assigned_to",
        "first_answered_at",
    )
    migrator.sql("DELETE FROM message_thread WHERE user_id IS NULL")
    migrator.add_not_null("message_thread", "user")

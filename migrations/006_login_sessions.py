"""Login sessions in the database: a logout ends the session on the server, so a copy of the
cookie taken before the logout no longer opens the resident pages."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class LoginSession(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(
            column_name="user_id", field="id", model=migrator.orm["user"], on_delete="CASCADE"
        )
        key_hash = pw.CharField(max_length=64, unique=True)
        created_at = pw.DateTimeField()
        expires_at = pw.DateTimeField(index=True)

        class Meta:
            table_name = "login_session"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model("login_session")

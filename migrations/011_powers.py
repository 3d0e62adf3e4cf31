"""Powers of attorney: the scanned form staff register with the power (a storage key under the
upload folder and its content type); indexes for finding an agent's powers by e-mail (at login)
and by identity code hash (an agent outside the register registering with strong
identification), and an agent's account by the identification that registered it."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields(
        "power_of_attorney",
        document_path=pw.CharField(null=True),
        document_mime=pw.CharField(max_length=40, default=""),
    )
    migrator.add_index("power_of_attorney", "agent_email", unique=False)
    migrator.add_index("power_of_attorney", "agent_hetu_hash", unique=False)
    migrator.add_index("identification", "hetu_hash", unique=False)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.drop_index("identification", "hetu_hash")
    migrator.drop_index("power_of_attorney", "agent_hetu_hash")
    migrator.drop_index("power_of_attorney", "agent_email")
    migrator.remove_fields("power_of_attorney", "document_path", "document_mime")

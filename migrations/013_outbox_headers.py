"""Mail threading headers on the outbox: a desk answer carries its Message-ID, In-Reply-To,
References and Reply-To (the thread's reply address), so the resident's mail client threads it
and a reply finds its thread again.

A nullable column added with plain ``ALTER TABLE … ADD COLUMN`` (as 007 does): no table rebuild
on SQLite. The field is still recorded in the migrator's model state for later migrations.
"""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.orm["outbox_mail"]._meta.add_field("headers", pw.TextField(null=True))
    migrator.sql('ALTER TABLE "outbox_mail" ADD COLUMN "headers" TEXT')


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.orm["outbox_mail"]._meta.remove_field("headers")
    migrator.sql('ALTER TABLE "outbox_mail" DROP COLUMN "headers"')

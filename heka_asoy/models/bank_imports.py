"""The record of each bank file the desk imported (reference payments: camt.054 or KTL)."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from .accounts import User
from .base import BaseModel, JSONField, MoneyField, utcnow


class BankFileImport(BaseModel):
    """One upload: what it was, who imported it, and what became of its entries.

    The counts are per entry: ``paid``/``partly_paid``/``overpaid`` by the status its invoice
    reached, ``unmatched`` (no invoice with that reference; kept for the desk), ``duplicates``
    (archive id already imported: nothing added) and ``skipped`` (debits, reversals,
    corrections: listed in ``skipped_entries`` with their reason, handled by hand).
    """

    filename = CharField(max_length=255)
    kind = CharField(max_length=10)  # camt054, ktl
    sha256 = CharField(max_length=64, index=True)
    entries = IntegerField(default=0)
    paid = IntegerField(default=0)
    partly_paid = IntegerField(default=0)
    overpaid = IntegerField(default=0)
    unmatched = IntegerField(default=0)
    duplicates = IntegerField(default=0)
    skipped = IntegerField(default=0)
    booked_total = MoneyField(default=0)
    skipped_entries = JSONField(null=True)
    imported_by = ForeignKeyField(User, null=True, backref="bank_imports", on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow, index=True)

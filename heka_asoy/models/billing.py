"""Rent, fees, invoices, payments and the resident's bank account for refunds."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField

from .bank_imports import BankFileImport
from .base import BaseModel, MoneyField, utcnow
from .lease import Lease
from .people import Resident


class BankAccount(BaseModel):
    """The IBAN to which refunds (e.g. a returned deposit) are paid; validated with schwifty."""

    resident = ForeignKeyField(Resident, unique=True, backref="bank_accounts", on_delete="CASCADE")
    iban = CharField(max_length=34)
    bic = CharField(max_length=11, default="")
    holder_name = CharField()
    updated_at = DateTimeField(default=utcnow)


class Fee(BaseModel):
    """A recurring monthly charge on a lease: rent, water, sauna, parking, other."""

    lease = ForeignKeyField(Lease, backref="fees", on_delete="CASCADE")
    kind = CharField(max_length=12)
    description = CharField(default="")
    monthly_amount = MoneyField()
    starts_on = DateField()
    ends_on = DateField(null=True)
    source = CharField(default="")  # e.g. "sauna_turn:12", "parking_contract:3"

    class Meta:
        indexes = ((("lease", "starts_on"), False),)


class Invoice(BaseModel):
    """A monthly invoice with its Finnish reference number (viitenumero) and its RF form.

    A partial unique index (migration 007, ``invoice_monthly_once``) on (lease, period, kind)
    for ``kind = 'rent'`` keeps one monthly invoice per lease and month however many invoicing
    runs race; one-off invoices (door openings) are not limited by it.
    """

    lease = ForeignKeyField(Lease, backref="invoices", on_delete="CASCADE")
    number = CharField(unique=True)
    reference = CharField(max_length=20, unique=True)
    period = DateField()  # first day of the month invoiced
    issued_on = DateField()
    due_on = DateField()
    amount = MoneyField()
    paid_amount = MoneyField(default=0)
    # open, partly_paid, paid, overpaid (paid_amount > amount: the excess stays visible), credited
    status = CharField(max_length=12, default="open")
    kind = CharField(max_length=12, default="rent")  # rent, door_opening, other
    #: The ISO 11649 form of ``reference`` (``RF`` + check digits + reference), for the bank.
    rf_reference = CharField(max_length=25, default="")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("lease", "due_on"), False), (("status", "due_on"), False))

    def virtual_barcode(self, iban: str, version: int = 4) -> str:
        """The 54-digit bank virtual barcode: version 4 with the national reference, version 5
        with the RF reference; the amount still open (the whole amount once nothing is)."""
        from ..domain.barcode import virtual_barcode

        open_amount = self.amount - (self.paid_amount or 0)
        amount = open_amount if open_amount > 0 else self.amount
        reference = self.rf_reference if version == 5 else self.reference
        return virtual_barcode(iban, amount, reference, self.due_on)


class InvoiceLine(BaseModel):
    invoice = ForeignKeyField(Invoice, backref="lines", on_delete="CASCADE")
    fee = ForeignKeyField(Fee, null=True, backref="invoice_lines")
    description = CharField()
    amount = MoneyField()
    #: rent, water, sauna, parking, door_opening, other: pages translate the kind and show the
    #: stored ``description`` (Finnish, the invoice's language of record) as its detail.
    kind = CharField(max_length=16, default="")


class Payment(BaseModel):
    """A payment received from the bank (matched by reference) or recorded by staff.

    A bank payment whose reference matches no invoice is kept with ``invoice`` and ``lease``
    empty (unmatched) until the desk allocates it by hand: one table for every euro received,
    so the archive id's unique index (``payment_archive_id_unique``, partial: non-empty ids
    only; made by migration 008) also stops an unmatched payment from being imported twice.
    """

    lease = ForeignKeyField(Lease, null=True, backref="payments", on_delete="CASCADE")
    invoice = ForeignKeyField(Invoice, null=True, backref="payments")
    paid_on = DateField()
    amount = MoneyField()
    reference = CharField(max_length=25, default="")
    source = CharField(max_length=10, default="bank")  # bank, manual
    archive_id = CharField(default="")
    bank_import = ForeignKeyField(
        BankFileImport, null=True, backref="payments", on_delete="SET NULL"
    )
    payer_name = CharField(max_length=140, default="")
    bank = CharField(max_length=11, default="")  # BIC (camt.054) or bank group code (KTL)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("lease", "paid_on"), False),)

"""The desk's side of received payments: the imports made, the payments no invoice matched,
allocating one of them to an invoice by hand (audited), and looking an invoice up.

Staff only: each function takes the acting user and refuses anyone else, beside the blueprint's
guard, so no other caller can reach another flat's invoices through them.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN

from ...db import locked, write_txn
from ...domain.payment_status import CREDITED, excess
from ...models import BankFileImport, Building, Flat, Invoice, Lease, Payment, User
from .. import audit
from ..errors import NotFound, Refused, ServiceError
from .payment_import import add_to_invoice, national_reference

LIST_LIMIT = 200


class PaymentDeskError(ServiceError):
    """An allocation the desk cannot make: ``invoice_not_found``, ``already_allocated``,
    ``credited``."""


def _staff(actor: User) -> None:
    if not getattr(actor, "is_staff", False):
        raise Refused("staff_only")


def recent_imports(actor: User, limit: int = 50) -> list[BankFileImport]:
    """The latest imports with who made them (one query)."""
    _staff(actor)
    return list(
        BankFileImport.select(BankFileImport, User)
        .join(User, JOIN.LEFT_OUTER, on=(BankFileImport.imported_by == User.id))
        .order_by(BankFileImport.created_at.desc(), BankFileImport.id.desc())
        .limit(limit)
    )


@dataclass(frozen=True)
class ImportView:
    batch: BankFileImport
    payments: list[Payment]


def import_details(actor: User, import_id: int | None) -> ImportView:
    """One import with the payments it wrote and their invoices (two queries)."""
    _staff(actor)
    batch = (
        BankFileImport.select(BankFileImport, User)
        .join(User, JOIN.LEFT_OUTER, on=(BankFileImport.imported_by == User.id))
        .where(BankFileImport.id == import_id)
        .first()
    )
    if batch is None:
        raise NotFound("import")
    payments = list(
        Payment.select(Payment, Invoice)
        .join(Invoice, JOIN.LEFT_OUTER, on=(Payment.invoice == Invoice.id))
        .where(Payment.bank_import == batch.id)
        .order_by(Payment.id)
    )
    return ImportView(batch, payments)


def unmatched_payments(actor: User, limit: int = LIST_LIMIT) -> list[Payment]:
    """Bank payments no invoice took yet, newest first (one query)."""
    _staff(actor)
    return list(
        Payment.select()
        .where(Payment.invoice.is_null(), Payment.source == "bank")
        .order_by(Payment.paid_on.desc(), Payment.id.desc())
        .limit(limit)
    )


def _invoice_by_key(key: str) -> Invoice | None:
    """An invoice by its number, or by its reference in national or RF form."""
    text = (key or "").strip()
    if not text:
        return None
    found = Invoice.get_or_none(Invoice.number == text[:255])
    if found is None:
        reference = national_reference(text)
        if reference:
            found = Invoice.get_or_none(Invoice.reference == reference)
    return found


def allocate(actor: User, payment_id: int | None, key: str) -> tuple[Payment, Invoice]:
    """Allocate an unmatched payment to the invoice named by ``key`` (number or reference):
    the payment gets the invoice and its lease, the invoice's paid amount rises atomically,
    and the audit log says who did it. The payment row is taken only while it is still
    unmatched, so two desk members allocating the same payment cannot both succeed."""
    _staff(actor)
    with write_txn():
        payment = locked(Payment.select().where(Payment.id == payment_id)).first()
        if payment is None or payment.source != "bank":
            raise NotFound("payment")
        if payment.invoice_id is not None:
            raise PaymentDeskError("already_allocated")
        invoice = _invoice_by_key(key)
        if invoice is None:
            raise PaymentDeskError("invoice_not_found", key=(key or "").strip()[:40])
        if invoice.status == CREDITED:
            raise PaymentDeskError("credited", number=invoice.number)
        taken = (
            Payment.update(invoice=invoice.id, lease=invoice.lease_id)
            .where(Payment.id == payment.id, Payment.invoice.is_null())
            .execute()
        )
        if taken != 1:
            raise PaymentDeskError("already_allocated")
        status = add_to_invoice(invoice.id, payment.amount)
        audit.record(
            "payment_allocated",
            actor,
            target=payment,
            invoice=invoice.number,
            amount=str(payment.amount),
            archive_id=payment.archive_id,
            status=status,
        )
    return Payment.get_by_id(payment.id), Invoice.get_by_id(invoice.id)


@dataclass(frozen=True)
class InvoiceLookup:
    invoice: Invoice
    payments: list[Payment]
    lease: Lease | None = None  # with ``flat`` and ``flat.building``

    @property
    def excess(self):
        return excess(self.invoice.amount, self.invoice.paid_amount)

    @property
    def balance(self):
        return self.invoice.amount - self.invoice.paid_amount


def find_invoice(actor: User, key: str) -> InvoiceLookup | None:
    """An invoice by number or reference (national or RF) with its payments and its lease's
    flat (three queries)."""
    _staff(actor)
    invoice = _invoice_by_key(key)
    if invoice is None:
        return None
    payments = list(
        Payment.select().where(Payment.invoice == invoice.id).order_by(Payment.paid_on)
    )
    lease = (
        Lease.select(Lease, Flat, Building)
        .join(Flat)
        .join(Building)
        .where(Lease.id == invoice.lease_id)
        .first()
    )
    return InvoiceLookup(invoice, payments, lease)


__all__ = [
    "ImportView",
    "InvoiceLookup",
    "PaymentDeskError",
    "allocate",
    "find_invoice",
    "import_details",
    "recent_imports",
    "unmatched_payments",
]


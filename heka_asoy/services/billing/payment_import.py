"""Importing a bank's reference-payment file (camt.054 or KTL) in one transaction.

Each payment is matched by its reference (national, or RF carrying a national one) to an
invoice; the payment row is written and the invoice's ``paid_amount`` raised by an atomic
``UPDATE ... SET paid_amount = paid_amount + x`` with the status computed in the same statement,
so two imports at once (two workers, two desk members) never lose an update. A payment whose
reference matches no invoice is kept without invoice and lease for the desk to allocate.

The bank's archive id is unique (partial unique index on ``payment.archive_id``): each payment
is inserted with ``ON CONFLICT DO NOTHING`` (SQLite ``INSERT OR IGNORE``), and one that was
already imported (an earlier file, the same file again, a repeat inside the file, or the other
of two concurrent imports) adds nothing and is counted as a duplicate. On PostgreSQL the second
of two concurrent inserts of one archive id waits for the first transaction and then does
nothing, so the invoice is raised once.

Payments are written CHUNK rows a statement in archive-id order, and each invoice is raised
once by the sum of its new payments, in invoice-id order: two imports at once then wait for each
other in one direction only, where writing in file order deadlocked PostgreSQL when two files
listed the same payments in different orders. A file of 10,000 payments takes about 3 s of CPU
on SQLite (one UPDATE per invoice is most of it).

A file that does not parse is refused whole (``PaymentFileRefused``) before anything is written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from peewee import Case, fn

from ...db import write_txn
from ...domain.bank_files import MAX_FILE_BYTES, BankEntry, BankFileError, parse
from ...domain.payment_status import (
    CREDITED,
    OVERPAID,
    PAID,
    PARTLY_PAID,
    payment_status,
)
from ...domain.references import (
    fi_reference_from_rf,
    is_valid_rf_reference,
    normalize_fi_reference,
)
from ...models import BankFileImport, Invoice, Payment, User, utcnow
from .. import audit
from ..errors import Refused, ServiceError

CENT = Decimal("0.01")
#: Rows written or invoices looked up per query (SQLite allows 32,766 parameters; stay well below).
CHUNK = 500


class PaymentFileRefused(ServiceError):
    """The file was refused whole: ``code`` and ``params`` come from the parser (line number
    or element path, the value found), for the page to word."""


@dataclass(frozen=True)
class _Target:
    id: int
    lease_id: int


def national_reference(reference: str) -> str:
    """The national reference a payment's reference stands for: RF references carrying a
    national one give it; anything else is compacted (spaces and leading zeros dropped)."""
    text = (reference or "").strip()
    if text[:2].upper() == "RF":
        if not is_valid_rf_reference(text):
            return ""
        try:
            return fi_reference_from_rf(text)
        except ValueError:
            return ""
    try:
        compact = normalize_fi_reference(text)
    except (TypeError, ValueError):
        return ""
    return compact if compact.isascii() and compact.isdigit() else ""


def _targets(entries: list[BankEntry]) -> dict[str, _Target]:
    """The invoices the file's references name, in a query per CHUNK references."""
    refs = sorted({r for r in (national_reference(e.reference) for e in entries) if r})
    found: dict[str, _Target] = {}
    for start in range(0, len(refs), CHUNK):
        rows = (
            Invoice.select(Invoice.id, Invoice.lease, Invoice.reference)
            .where(Invoice.reference.in_(refs[start : start + CHUNK]), Invoice.status != CREDITED)
            .tuples()
        )
        found.update((ref, _Target(pk, lease)) for pk, lease, ref in rows)
    return found


def status_after_increment(amount: Decimal):
    """The SQL ``CASE`` of ``domain.payment_status.payment_status`` for ``paid_amount +
    amount`` (the right side of an UPDATE reads the row before it changes)."""
    new_paid = fn.ROUND(Invoice.paid_amount + amount, 2)
    return Case(
        None,
        [
            (Invoice.status == CREDITED, Invoice.status),
            (new_paid > Invoice.amount, OVERPAID),
            (new_paid == Invoice.amount, PAID),
            (new_paid > 0, PARTLY_PAID),
        ],
        "open",
    )


def increment_invoice(invoice_id: int, amount: Decimal) -> tuple[Decimal, Decimal, str]:
    """Raise an invoice's paid amount atomically: ``(paid_amount, amount, status)`` after.
    ROUND keeps SQLite's numeric column (a float there) on whole cents."""
    rows = (
        Invoice.update(
            paid_amount=fn.ROUND(Invoice.paid_amount + amount, 2),
            status=status_after_increment(amount),
        )
        .where(Invoice.id == invoice_id)
        .returning(Invoice.paid_amount, Invoice.amount, Invoice.status)
        .tuples()
        .execute()
    )
    paid, total, status = next(iter(rows))
    return Decimal(str(paid)).quantize(CENT), Decimal(str(total)).quantize(CENT), status


def add_to_invoice(invoice_id: int, amount: Decimal) -> str:
    """Raise an invoice's paid amount atomically and return its new status."""
    return increment_invoice(invoice_id, amount)[2]


def _insert_all(
    entries: list[BankEntry], targets: list[_Target | None], batch: BankFileImport
) -> list[bool]:
    """Write the payments whose archive id is not in yet, CHUNK rows a statement; True for
    each entry written (the first of a repeated archive id). In archive-id order, so two
    imports at once wait for each other in one direction only (no deadlock on PostgreSQL)."""
    order = sorted(range(len(entries)), key=lambda i: entries[i].archive_id)
    written = [False] * len(entries)
    now = utcnow()
    for start in range(0, len(order), CHUNK):
        chunk = order[start : start + CHUNK]
        rows = [
            {
                "lease": targets[i].lease_id if targets[i] else None,
                "invoice": targets[i].id if targets[i] else None,
                "paid_on": entries[i].paid_on,
                "amount": entries[i].amount,
                "reference": entries[i].reference[:25],
                "source": "bank",
                "archive_id": entries[i].archive_id,
                "bank_import": batch.id,
                "payer_name": entries[i].payer_name[:140],
                "bank": entries[i].bank[:11],
                "created_at": now,
            }
            for i in chunk
        ]
        query = Payment.insert_many(rows).on_conflict_ignore().returning(Payment.archive_id)
        new = {archive_id for (archive_id,) in query.tuples().execute()}
        for i in chunk:
            if entries[i].archive_id in new:
                written[i] = True
                new.discard(entries[i].archive_id)  # a repeat within the file adds nothing
    return written


def _book(
    entries: list[BankEntry],
    targets: list[_Target | None],
    written: list[bool],
    counts: dict[str, int],
) -> None:
    """Raise each invoice once by the sum of its new payments (in invoice-id order, for the
    same reason as above), and count each payment by the status its invoice had right after
    it, in file order."""
    per_invoice: dict[int, list[int]] = {}
    for i, target in enumerate(targets):
        if written[i] and target is not None:
            per_invoice.setdefault(target.id, []).append(i)
    for invoice_id in sorted(per_invoice):
        indices = per_invoice[invoice_id]
        added = sum((entries[i].amount for i in indices), Decimal(0))
        paid, amount, status = increment_invoice(invoice_id, added)
        if status == CREDITED:
            continue
        running = paid - added
        for i in indices:
            running += entries[i].amount
            counts[payment_status(amount, running)] += 1


def import_bank_file(filename: str, data: bytes, actor: User) -> BankFileImport:
    """Parse and book a bank file in one transaction; returns the import's record with its
    counts. PaymentFileRefused when the file is malformed (nothing written)."""
    if not getattr(actor, "is_staff", False):
        raise Refused("staff_only")
    try:
        parsed = parse(data)
    except BankFileError as exc:
        raise PaymentFileRefused(exc.code, **exc.params) from exc
    counts = {"paid": 0, "partly_paid": 0, "overpaid": 0, "unmatched": 0, "duplicates": 0}
    booked = Decimal(0)
    with write_txn():
        batch = BankFileImport.create(
            filename=(filename or "")[:255],
            kind=parsed.kind,
            sha256=hashlib.sha256(data).hexdigest(),
            entries=len(parsed.entries),
            skipped=len(parsed.skipped),
            skipped_entries=[
                {
                    "archive_id": s.archive_id,
                    "reason": s.reason,
                    "amount": str(s.amount),
                    "reference": s.reference,
                    "position": s.position,
                }
                for s in parsed.skipped
            ],
            imported_by=actor,
            created_at=utcnow(),
        )
        found = _targets(parsed.entries)
        targets = [found.get(national_reference(e.reference)) for e in parsed.entries]
        written = _insert_all(parsed.entries, targets, batch)
        for entry, target, new in zip(parsed.entries, targets, written, strict=True):
            if not new:
                counts["duplicates"] += 1
            else:
                booked += entry.amount
                if target is None:
                    counts["unmatched"] += 1
        _book(parsed.entries, targets, written, counts)
        BankFileImport.update(booked_total=booked, **counts).where(
            BankFileImport.id == batch.id
        ).execute()
        audit.record(
            "bank_file_imported",
            actor,
            target=batch,
            filename=batch.filename,
            kind=batch.kind,
            sha256=batch.sha256,
            booked_total=str(booked),
            **counts,
        )
    return BankFileImport.get_by_id(batch.id)


__all__ = [
    "MAX_FILE_BYTES",
    "PaymentFileRefused",
    "add_to_invoice",
    "increment_invoice",
    "import_bank_file",
    "national_reference",
    "status_after_increment",
]


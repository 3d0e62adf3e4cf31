"""What the rent and payments page shows of one flat: the lease's monthly charges, its invoices
(open, partly paid, paid, overdue), the balance, and for every invoice still to pay what a bank
needs (payee, IBAN, BIC, amount, due date, national and RF reference, virtual barcode).

Read only; the capability is "rent" (``access``): a lease party, or an agent whose power of
attorney covers the lease and payments. An other resident of the flat is refused (403), anyone
else does not find the flat (404). Only the invoices of the lease that grants the access are
shown: a previous tenant's invoices of the same flat are not this user's business.

The page runs the same number of queries whatever the number of invoices (the user's flats, their
descriptions, the charges, the invoices, the lines of the open ones). It lists the invoices due in
the last ``HISTORY_MONTHS`` months and every invoice still open, however old.

"Today" is the date in Europe/Helsinki: an invoice due on the 1st is overdue from the 2nd there,
whatever the server's clock zone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from peewee import JOIN

from ...domain.barcode import virtual_barcode
from ...domain.clock import helsinki_today as today  # the date in Helsinki
from ...domain.references import (
    format_fi_reference,
    format_rf_reference,
    rf_reference,
)
from ...models import Fee, Invoice, InvoiceLine, Lease
from .. import access
from ..errors import NotFound
from .payee import Creditor, creditor

#: How far back the page lists invoices (by due date); open ones are listed however old.
HISTORY_MONTHS = 24
#: Invoice statuses that still wait for money.
PAYABLE = ("open", "partly_paid")
_ZERO = Decimal("0.00")


def months_back(day: date, months: int) -> date:
    """The first day of the month ``months`` before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Charge:
    """A monthly charge of the lease: rent or a fee (water, sauna turn, parking space ...)."""

    kind: str
    description: str
    monthly_amount: Decimal
    starts_on: date | None
    ends_on: date | None

    def in_force_on(self, day: date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or self.ends_on >= day
        )


@dataclass(frozen=True)
class Line:
    """One line of an invoice; ``kind`` is the fee's kind when the line comes from a fee."""

    kind: str
    description: str
    amount: Decimal


@dataclass(frozen=True)
class InvoiceView:
    """One invoice as the resident sees it, with what the bank needs when it is still open."""

    id: int
    number: str
    kind: str
    period: date
    issued_on: date
    due_on: date
    amount: Decimal
    paid_amount: Decimal
    status: str
    overdue: bool
    #: Compact national reference and its RF form (ISO 11649), computed from it.
    reference: str
    rf_reference: str
    #: The 54-digit virtual barcode (version 4, the open amount); empty once paid.
    barcode: str = ""
    lines: tuple[Line, ...] = ()

    @property
    def payable(self) -> bool:
        return self.status in PAYABLE

    @property
    def open_amount(self) -> Decimal:
        """What is still to pay (nothing for a paid or credited invoice, never negative)."""
        if not self.payable:
            return _ZERO
        return max(self.amount - self.paid_amount, _ZERO)

    @property
    def state(self) -> str:
        """open, partly_paid, paid, credited, or overdue (open or partly paid, past due)."""
        return "overdue" if self.overdue else self.status

    @property
    def reference_display(self) -> str:
        """The national reference in groups of five from the right."""
        return format_fi_reference(self.reference) if self.reference else ""

    @property
    def rf_display(self) -> str:
        """The RF reference in groups of four from the left."""
        return format_rf_reference(self.rf_reference) if self.rf_reference else ""

    @property
    def period_end(self) -> date:
        """The last day of the month invoiced."""
        return months_back(self.period, -1) - timedelta(days=1)


@dataclass(frozen=True)
class RentStatement:
    """Everything the rent page shows of one flat."""

    flat_id: int
    #: The flats where the user may see rent (for the chooser), and the one shown.
    flats: list[access.FlatSummary]
    flat: access.FlatSummary
    role: str
    lease_number: str
    charges: list[Charge]
    invoices: list[InvoiceView]
    creditor: Creditor
    today: date
    history_from: date

    @property
    def monthly_total(self) -> Decimal:
        return sum((c.monthly_amount for c in self.charges if c.in_force_on(self.today)), _ZERO)

    @property
    def payable(self) -> list[InvoiceView]:
        """The invoices still to pay, the oldest due first (pay them in that order)."""
        return sorted((i for i in self.invoices if i.payable), key=lambda i: (i.due_on, i.id))

    @property
    def balance(self) -> Decimal:
        """The sum of what is still to pay on every open or partly paid invoice."""
        return sum((i.open_amount for i in self.invoices), _ZERO)

    @property
    def overdue_amount(self) -> Decimal:
        return sum((i.open_amount for i in self.invoices if i.overdue), _ZERO)


def _rf_of(reference: str) -> str:
    try:
        return rf_reference(reference)
    except ValueError:  # a malformed stored reference: shown as it is, without an RF form
        return ""


def _barcode(iban: str, amount: Decimal, reference: str, due_on: date) -> str:
    try:
        return virtual_barcode(iban, amount, reference, due_on)
    except ValueError:  # not a Finnish IBAN or a malformed reference: no barcode rather than 500
        return ""


def invoice_view(
    invoice: Invoice, day: date, iban: str, lines: tuple[Line, ...] = ()
) -> InvoiceView:
    """The view of one invoice row; the barcode only while it waits for money."""
    payable = invoice.status in PAYABLE
    view = InvoiceView(
        id=invoice.id,
        number=invoice.number,
        kind=invoice.kind,
        period=invoice.period,
        issued_on=invoice.issued_on,
        due_on=invoice.due_on,
        amount=invoice.amount,
        paid_amount=invoice.paid_amount or _ZERO,
        status=invoice.status,
        overdue=payable and invoice.due_on < day,
        reference=invoice.reference,
        rf_reference=_rf_of(invoice.reference),
        lines=lines,
    )
    if payable and view.open_amount > 0:
        barcode = _barcode(iban, view.open_amount, invoice.reference, invoice.due_on)
        view = replace(view, barcode=barcode)
    return view


def lines_of(invoice_ids: list[int]) -> dict[int, tuple[Line, ...]]:
    """The lines of the invoices, with each fee's kind, in one query (run even for none, so a
    page's query count does not depend on its data)."""
    rows = (
        InvoiceLine.select(InvoiceLine, Fee.id, Fee.kind)  # the id, or peewee unsets fee_id
        .join(Fee, JOIN.LEFT_OUTER)
        .where(InvoiceLine.invoice.in_(invoice_ids or [0]))
        .order_by(InvoiceLine.id)
    )
    out: dict[int, list[Line]] = {}
    for row in rows:
        kind = row.fee.kind if row.fee_id is not None else ""
        out.setdefault(row.invoice_id, []).append(Line(kind, row.description, row.amount))
    return {k: tuple(v) for k, v in out.items()}


def _charges(lease: Lease, day: date) -> list[Charge]:
    """The lease's charges not ended by ``day`` (those ahead say from when). The rent is the
    lease's own when no rent fee row is in force."""
    fees = [
        Charge(f.kind, f.description, f.monthly_amount, f.starts_on, f.ends_on)
        for f in Fee.select()
        .where((Fee.lease == lease.id) & (Fee.ends_on.is_null() | (Fee.ends_on >= day)))
        .order_by(Fee.starts_on, Fee.id)
    ]
    if not any(c.kind == "rent" and c.in_force_on(day) for c in fees):
        fees.insert(0, Charge("rent", "", lease.monthly_rent, lease.starts_on, lease.ends_on))
    rank = {"rent": 0}
    return sorted(fees, key=lambda c: rank.get(c.kind, 1))


def rent_statement(user, wanted_flat: int | None, day: date | None = None) -> RentStatement:
    """The rent page of ``wanted_flat`` (default: the user's first flat with the right).

    ``NotFound`` when the flat is not the user's, ``Refused`` without the "rent" right.
    """
    flat_id = access.pick_flat(user, wanted_flat, "rent")
    fa = access.flat_access(user, flat_id, "rent")
    if fa.lease is None:  # pragma: no cover - a started flat always has its lease
        raise NotFound("lease")
    day = day or today()
    flats = access.describe([f for f in access.started_flats(user) if f.can("rent")])
    pay_to = creditor()
    history_from = months_back(day, HISTORY_MONTHS)
    rows = list(
        Invoice.select()
        .where(
            (Invoice.lease == fa.lease.id)
            & (Invoice.status.in_(PAYABLE) | (Invoice.due_on >= history_from))
        )
        .order_by(Invoice.due_on.desc(), Invoice.id.desc())
    )
    lines = lines_of([r.id for r in rows if r.status in PAYABLE])
    return RentStatement(
        flat_id=flat_id,
        flats=flats,
        flat=next(f for f in flats if f.flat_id == flat_id),
        role=fa.role,
        lease_number=fa.lease.number,
        charges=_charges(fa.lease, day),
        invoices=[invoice_view(r, day, pay_to.iban, lines.get(r.id, ())) for r in rows],
        creditor=pay_to,
        today=day,
        history_from=history_from,
    )


def own_invoice(user, invoice_id: int) -> tuple[Invoice, access.FlatAccess]:
    """The invoice ``invoice_id`` of a lease through which the user may see rent.

    ``NotFound`` for a missing invoice, another flat's, or an earlier lease's of the same flat;
    ``Refused`` for a resident of the flat without the right (an other resident).
    """
    invoice = Invoice.select(Invoice, Lease).join(Lease).where(Invoice.id == invoice_id).first()
    if invoice is None:
        raise NotFound("invoice")
    fa = access.flat_access(user, invoice.lease.flat_id, "rent")
    if fa.lease is None or fa.lease.id != invoice.lease_id:
        raise NotFound("invoice")
    return invoice, fa


def payable_invoice(user, invoice_id: int) -> tuple[InvoiceView, Creditor]:
    """An invoice still to pay, with the payee: what its QR code and barcode carry.
    ``NotFound`` once it is paid or credited (nothing to scan for)."""
    invoice, _fa = own_invoice(user, invoice_id)
    pay_to = creditor()
    view = invoice_view(invoice, today(), pay_to.iban)
    if view.open_amount <= 0:
        raise NotFound("invoice_paid")
    return view, pay_to

"""What the invoicing modules share: today in Helsinki, the settings read as money, the result
of a run, and the one way an invoice and its lines are written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flask import current_app

from ...domain.invoicing import PlannedLine, rf_form, total
from ...models import Invoice, InvoiceLine
from ..bookings.common import today
from ..errors import ServiceError

#: A line of an invoice to issue: kind, description, amount, and the fee it comes from (if any).
Line = PlannedLine

__all__ = ["IssueResult", "Line", "create_invoice", "setting_money", "today"]


@dataclass(frozen=True)
class IssueResult:
    """What a monthly run did: invoices made now, and those that were there already (an earlier
    run, or a run racing this one)."""

    period: date
    issued: int
    existing: int

    @property
    def leases(self) -> int:
        return self.issued + self.existing


def setting_money(name: str) -> Decimal:
    """A euro amount from the settings (text in the environment, e.g. "20.00")."""
    try:
        value = Decimal(str(current_app.config[name])).quantize(Decimal("0.01"))
    except (InvalidOperation, KeyError) as exc:
        raise ServiceError("setting", name=name) from exc
    if value < 0:
        raise ServiceError("setting", name=name)
    return value


def create_invoice(
    *,
    lease_id: int,
    kind: str,
    number: str,
    reference: str,
    period: date,
    issued_on: date,
    due_on: date,
    lines: list[Line],
) -> Invoice:
    """Write one invoice and its lines (inside the caller's transaction)."""
    invoice = Invoice.create(
        lease=lease_id,
        number=number,
        reference=reference,
        rf_reference=rf_form(reference),
        period=period,
        issued_on=issued_on,
        due_on=due_on,
        amount=total(lines),
        kind=kind,
    )
    InvoiceLine.insert_many(
        [
            {
                "invoice": invoice.id,
                "fee": line.fee_id,
                "kind": line.kind,
                "description": line.description[:255],
                "amount": line.amount,
            }
            for line in lines
        ]
    ).execute()
    return invoice

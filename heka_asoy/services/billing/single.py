"""One-off invoices (a door opening, another single charge) on a lease."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask import current_app

from ...db import locked, write_txn
from ...domain.invoicing import (
    MONTHLY,
    ONE_OFF_KINDS,
    month_start,
    one_off_due_date,
    one_off_number,
    one_off_reference,
)
from ...models import Invoice, Lease
from ..errors import ServiceError
from .common import Line, create_invoice, today


def issue_single(
    lease: Lease | int, kind: str, lines: Sequence[Line], issued_on: date | None = None
) -> Invoice:
    """An invoice of its own for ``lines``, due ``ONE_OFF_DUE_DAYS`` after ``issued_on`` (on a
    banking day). Its reference comes from the lease's own sequence of one-off invoices, taken
    under the lease's row lock (SQLite: the write transaction), so two at once get two numbers.
    Runs in the caller's transaction when there is one (e.g. with the door opening it bills)."""
    if kind not in ONE_OFF_KINDS:
        raise ServiceError("invoice_kind", kind=kind)
    if not lines:
        raise ServiceError("invoice_lines")
    issued_on = issued_on or today()
    lease_id = lease if isinstance(lease, int) else lease.id
    with write_txn():
        locked(Lease.select(Lease.id).where(Lease.id == lease_id)).get()
        sequence = (
            Invoice.select()
            .where((Invoice.lease == lease_id) & (Invoice.kind != MONTHLY))
            .count()
            + 1
        )
        return create_invoice(
            lease_id=lease_id,
            kind=kind,
            number=one_off_number(lease_id, issued_on, sequence),
            reference=one_off_reference(lease_id, sequence),
            period=month_start(issued_on),
            issued_on=issued_on,
            due_on=one_off_due_date(issued_on, int(current_app.config["ONE_OFF_DUE_DAYS"])),
            lines=list(lines),
        )

"""The monthly run: next month's invoice for every running lease.

Why it reads everything first and writes lease by lease: at Heka's scale (50,000 leases) a
query per lease for its fees and occupants would be 100,000 reads; here they are three, and
each lease's invoice is then written in a transaction of its own, so a failure or a racing run
costs one lease's write, never the whole month.

Idempotent: a lease that has its invoice for the month is skipped, and the partial unique index
``invoice_monthly_once`` (lease, period, kind) makes a racing second run's insert fail; that
failure is counted as "existing", not an error.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date

from peewee import IntegrityError, fn

from ...db import write_txn
from ...domain.invoicing import (
    MONTHLY,
    FeeRow,
    month_end,
    month_start,
    monthly_due_date,
    monthly_number,
    monthly_reference,
    plan_monthly_lines,
)
from ...models import Fee, Invoice, Lease, Occupancy, User
from .. import audit
from .common import IssueResult, create_invoice, setting_money, today

log = logging.getLogger(__name__)


def _running_leases(period: date) -> list[Lease]:
    return list(
        Lease.select(Lease.id, Lease.flat, Lease.monthly_rent, Lease.due_day)
        .where(Lease.current_on(period))
        .order_by(Lease.id)
    )


def _invoiced(period: date) -> set[int]:
    rows = Invoice.select(Invoice.lease).where(
        (Invoice.period == period) & (Invoice.kind == MONTHLY)
    )
    return {lease_id for (lease_id,) in rows.tuples()}


def _fees(period: date) -> dict[int, list[FeeRow]]:
    """The fees of the running leases that are in force in the month, by lease."""
    rows = (
        Fee.select(Fee.id, Fee.lease, Fee.kind, Fee.description, Fee.monthly_amount,
                   Fee.starts_on, Fee.ends_on)
        .join(Lease)
        .where(
            Lease.current_on(period)
            & (Fee.starts_on <= month_end(period))
            & (Fee.ends_on.is_null() | (Fee.ends_on >= period))
        )
    )
    by_lease: dict[int, list[FeeRow]] = defaultdict(list)
    for fee in rows:
        by_lease[fee.lease_id].append(
            FeeRow(fee.id, fee.kind, fee.description, fee.monthly_amount, fee.starts_on,
                   fee.ends_on)
        )
    return by_lease


def _occupants(period: date) -> dict[int, int]:
    """People in the register on the month's first day, by flat (for the water fee)."""
    rows = (
        Occupancy.select(Occupancy.flat, fn.COUNT(Occupancy.id))
        .where(Occupancy.current_on(period))
        .group_by(Occupancy.flat)
    )
    return dict(rows.tuples())


def issue_month(period: date, *, actor: User | None = None, issued_on: date | None = None
                ) -> IssueResult:
    """Make the invoice for ``period``'s month (any day of it) for every lease running on its
    first day: the rent, the water fee per person in the register, and the fees in force
    (sauna turns, parking contracts). Leases that have it already are left alone."""
    period = month_start(period)
    issued_on = issued_on or today()
    water = setting_money("WATER_FEE_PER_PERSON")
    leases = _running_leases(period)
    done = _invoiced(period)
    todo = [lease for lease in leases if lease.id not in done]
    fees = _fees(period) if todo else {}
    occupants = _occupants(period) if todo else {}
    issued = 0
    for lease in todo:
        lines = plan_monthly_lines(
            period, lease.monthly_rent, fees.get(lease.id, ()), occupants.get(lease.flat_id, 0),
            water,
        )
        if _write_one(lease, period, issued_on, lines):
            issued += 1
    result = IssueResult(period, issued, len(leases) - issued)
    if issued:
        with write_txn():
            audit.record("invoices_issued", actor, actor_label="" if actor else "invoicing job",
                         period=str(period), issued=issued, existing=result.existing)
    return result


def _write_one(lease: Lease, period: date, issued_on: date, lines) -> bool:
    """Write one lease's invoice; False when another run wrote it first."""
    try:
        with write_txn():
            create_invoice(
                lease_id=lease.id,
                kind=MONTHLY,
                number=monthly_number(lease.id, period),
                reference=monthly_reference(lease.id, period),
                period=period,
                issued_on=issued_on,
                due_on=monthly_due_date(period, lease.due_day or 2),
                lines=lines,
            )
    except IntegrityError:
        if not _invoiced_one(lease.id, period):
            raise  # a clash with something else than this month's invoice: a real error
        return False
    return True


def _invoiced_one(lease_id: int, period: date) -> bool:
    return (
        Invoice.select()
        .where((Invoice.lease == lease_id) & (Invoice.period == period)
               & (Invoice.kind == MONTHLY))
        .exists()
    )


def scheduled_period(day: date, invoice_day: int) -> date | None:
    """The month the scheduled job invoices on ``day``: next month from ``invoice_day`` on,
    nothing before it."""
    return month_start(day, 1) if day.day >= invoice_day else None


def run_scheduled(day: date | None = None) -> IssueResult | None:
    """What the daily job does: from the invoicing day on, issue next month's invoices (only
    the missing ones after the first run of the month)."""
    from flask import current_app

    period = scheduled_period(day or today(), int(current_app.config["INVOICE_DAY"]))
    return issue_month(period) if period else None

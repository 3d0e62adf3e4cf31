"""What the desk sees of the invoicing runs: invoices per month, for the run page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peewee import fn

from ...domain.invoicing import MONTHLY, month_start
from ...models import Invoice
from .common import today


@dataclass(frozen=True)
class MonthRow:
    period: date
    invoices: int
    amount: Decimal


def run_months(back: int = 3, ahead: int = 2) -> list[date]:
    """The months the desk may run: a few back (a correction) to a few ahead, next month
    first in the form's default."""
    now = month_start(today())
    return [month_start(now, n) for n in range(-back, ahead + 1)]


def invoice_day() -> int:
    """The day of the month the daily job starts invoicing next month (``INVOICE_DAY``)."""
    from flask import current_app

    return int(current_app.config["INVOICE_DAY"])


def default_run_month() -> date:
    return month_start(today(), 1)


def monthly_overview(periods: list[date]) -> list[MonthRow]:
    """Monthly invoices and their total per month of ``periods`` (one query)."""
    rows = (
        Invoice.select(Invoice.period, fn.COUNT(Invoice.id), fn.SUM(Invoice.amount))
        .where((Invoice.kind == MONTHLY) & Invoice.period.in_(periods))
        .group_by(Invoice.period)
    )
    found = {period: (count, amount) for period, count, amount in rows.tuples()}
    return [
        MonthRow(p, found.get(p, (0, 0))[0], Decimal(found.get(p, (0, 0))[1] or 0))
        for p in sorted(periods, reverse=True)
    ]

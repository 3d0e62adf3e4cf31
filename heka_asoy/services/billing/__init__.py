"""Rent and fee invoices: the monthly run, one-off invoices, and the codes a bank reads.

``monthly`` makes next month's invoice for every running lease (idempotent, also when two runs
race); ``single`` makes a one-off invoice such as a door opening's; ``payee`` gives Heka's
account and an invoice's virtual barcodes; ``common`` holds the settings they share.
``statement`` is what the resident sees of them (the rent page), ``codes`` draws the EPC QR and
the Code 128 bar code, ``invoice_pdf`` prints an invoice. ``payment_import`` books the bank's
reference-payment files against the invoices, ``payment_desk`` is the desk's view of them.
"""

from .common import IssueResult, Line, today
from .monthly import issue_month, run_scheduled, scheduled_period
from .overview import (
    MonthRow,
    default_run_month,
    invoice_day,
    monthly_overview,
    run_months,
)
from .payee import Creditor, creditor, virtual_barcode
from .single import issue_single

__all__ = [
    "Creditor",
    "IssueResult",
    "Line",
    "MonthRow",
    "creditor",
    "default_run_month",
    "invoice_day",
    "issue_month",
    "issue_single",
    "monthly_overview",
    "run_months",
    "run_scheduled",
    "scheduled_period",
    "today",
    "virtual_barcode",
]

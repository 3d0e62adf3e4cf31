"""Rent and fee invoices: the monthly run, one-off invoices, and the codes a bank reads.

``monthly`` makes next month's invoice for every running lease (idempotent, also when two runs
race); ``single`` makes a one-off invoice such as a door opening's; ``codes`` gives an invoice's
virtual barcodes and the creditor's account; ``common`` holds the settings they share.
"""

from .codes import Creditor, creditor, virtual_barcode
from .common import IssueResult, Line, today
from .monthly import issue_month, run_scheduled, scheduled_period
from .single import issue_single

__all__ = [
    "Creditor",
    "IssueResult",
    "Line",
    "creditor",
    "issue_month",
    "issue_single",
    "run_scheduled",
    "scheduled_period",
    "today",
    "virtual_barcode",
]

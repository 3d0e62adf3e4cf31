"""An invoice's payment status from its amount and what has been paid on it.

``open`` (nothing paid), ``partly_paid``, ``paid`` (exactly), ``overpaid`` (more than the
amount: the excess stays on the invoice, visible to the desk and the resident, until it is
refunded or carried to the next invoice by hand). A ``credited`` invoice keeps its status.
The import service writes the same rule as one SQL ``CASE`` so the status changes in the
same statement as the atomic increment; ``tests/domain`` holds both to this function.
"""

from __future__ import annotations

from decimal import Decimal

OPEN = "open"
PARTLY_PAID = "partly_paid"
PAID = "paid"
OVERPAID = "overpaid"
CREDITED = "credited"
STATUSES = (OPEN, PARTLY_PAID, PAID, OVERPAID, CREDITED)


def payment_status(amount: Decimal, paid: Decimal, current: str = OPEN) -> str:
    if current == CREDITED:
        return CREDITED
    if paid > amount:
        return OVERPAID
    if paid == amount:
        return PAID
    if paid > 0:
        return PARTLY_PAID
    return OPEN


def excess(amount: Decimal, paid: Decimal) -> Decimal:
    """What was paid beyond the amount (0 when not overpaid)."""
    return max(paid - amount, Decimal(0))

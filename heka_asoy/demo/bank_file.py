"""A small KTL reference transfer file for the demo, imported through the desk's own service so
``/staff/billing/payments/imports`` shows an import with a payment no invoice matched (for the
desk to allocate), a payment already imported, and a correction the bank sent.

Nothing here changes what a resident sees: the repeated payment is an existing one (its archive
id adds nothing) and the unmatched one names no invoice.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from ..domain.references import fi_reference
from ..models import Payment, User
from ..services.billing.payment_import import import_bank_file

ACCOUNT = "50000120000001"


def _record(archive_id: str, reference: str, amount: Decimal, paid_on: date, payer: str,
            correction: str = "0") -> str:
    return (
        f"3{ACCOUNT}{paid_on:%y%m%d}{paid_on:%y%m%d}{archive_id[:16]:<16}{reference:0>20}"
        f"{payer[:12]:<12}1A{int(amount * 100):010d}{correction}A "
    )


def ktl_file(records: list[str], written: date) -> bytes:
    normal = [r for r in records if r[87] == "0"]
    fixes = [r for r in records if r[87] == "1"]
    lines = [
        f"0{written:%y%m%d}061250HEKA000011".ljust(90),
        *records,
        (
            f"9{len(normal):06d}{sum(int(r[77:87]) for r in normal):011d}"
            f"{len(fixes):06d}{sum(int(r[77:87]) for r in fixes):011d}"
        ).ljust(90),
    ]
    return ("\r\n".join(lines) + "\r\n").encode("iso-8859-1")


def import_demo_bank_file(staff: User, today: date) -> None:
    """Import the demo file as the desk's demo account."""
    paid_on = today - timedelta(days=3)
    records = [
        _record(f"{paid_on:%y%m%d}DEMO0001", fi_reference(987654321), Decimal("612.40"),
                paid_on, "KORHONEN M"),
        _record(f"{paid_on:%y%m%d}DEMO0002", "", Decimal("45.00"), paid_on, "NIEMI J",
                correction="1"),
    ]
    earlier = (
        Payment.select()
        .where(Payment.archive_id != "", Payment.source == "bank")
        .order_by(Payment.paid_on.desc())
        .first()
    )
    if earlier is not None:
        records.append(_record(earlier.archive_id, earlier.reference, earlier.amount,
                               earlier.paid_on, "MAKSAJA"))
    import_bank_file(f"viitesiirto_{paid_on:%Y%m%d}.txt", ktl_file(records, today), staff)

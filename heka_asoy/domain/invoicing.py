"""Invoice numbers, reference numbers, due dates and the lines of a monthly invoice.

Pure rules shared by the invoicing service and the demo data, so an invoice made by either
looks the same and a reference made once is never made again for another invoice.

* A monthly invoice's reference is built from the kind digit ``1``, the lease id and the month
  (months since January 2000, four digits): the same lease and month always give the same
  reference, so two runs that race both try to write the same row and the database keeps one.
* A one-off invoice (a door opening) uses the kind digit ``2``, the lease id and the lease's own
  sequence of one-off invoices. The fixed-width tail makes every base distinct.
* The due date is the lease's due day of the invoiced month (the last day in a short month),
  moved to the next banking day.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .banking_days import next_banking_day
from .notice import end_of_month as month_end
from .references import fi_reference, rf_reference

MONTHLY = "rent"
ONE_OFF_KINDS = ("door_opening", "other")
_KIND_DIGIT = {MONTHLY: "1"}
_ONE_OFF_DIGIT = "2"
#: Fee kinds the invoice computes itself: the rent from the lease, the water fee from the
#: register. A Fee row of these kinds (older data keeps them) is not invoiced a second time.
COMPUTED_FEE_KINDS = frozenset({"rent", "water"})
_CENT = Decimal("0.01")


def month_start(day: date, months: int = 0) -> date:
    """The first day of ``day``'s month, ``months`` months later (or earlier when negative)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_index(period: date) -> int:
    """Months since January 2000 (0..9999 until the year 2833)."""
    return (period.year - 2000) * 12 + period.month - 1


def monthly_reference(lease_id: int, period: date) -> str:
    """The national reference of a lease's monthly invoice for ``period``."""
    return fi_reference(f"{_KIND_DIGIT[MONTHLY]}{lease_id}{month_index(period):04d}")


def one_off_reference(lease_id: int, sequence: int) -> str:
    """The national reference of a lease's ``sequence``-th one-off invoice (1, 2, ...)."""
    if not 1 <= sequence <= 9999:
        raise ValueError("one-off sequence must be 1-9999")
    return fi_reference(f"{_ONE_OFF_DIGIT}{lease_id}{sequence:04d}")


def monthly_number(lease_id: int, period: date) -> str:
    """The invoice number printed on a monthly invoice, e.g. ``202612-00042``."""
    return f"{period:%Y%m}-{lease_id:05d}"


def one_off_number(lease_id: int, issued_on: date, sequence: int) -> str:
    """The number of a one-off invoice, e.g. ``202611-00042-K3``."""
    return f"{issued_on:%Y%m}-{lease_id:05d}-K{sequence}"


def rf_form(reference: str) -> str:
    """The RF creditor reference (ISO 11649) of a national reference."""
    return rf_reference(reference)


def monthly_due_date(period: date, due_day: int) -> date:
    """The lease's due day in the invoiced month (clamped to the month), on a banking day."""
    last = calendar.monthrange(period.year, period.month)[1]
    return next_banking_day(period.replace(day=max(1, min(due_day, last))))


def one_off_due_date(issued_on: date, days: int) -> date:
    return next_banking_day(issued_on + timedelta(days=days))


@dataclass(frozen=True)
class FeeRow:
    """What the line planner needs of a recurring fee."""

    id: int | None
    kind: str
    description: str
    monthly_amount: Decimal
    starts_on: date
    ends_on: date | None


@dataclass(frozen=True)
class PlannedLine:
    kind: str
    description: str
    amount: Decimal
    fee_id: int | None = None


def fee_in_force(fee: FeeRow, period: date) -> bool:
    """A fee runs in the month when it started by its last day and did not end before its
    first day (a fee ending mid-month is charged for that month, as the notice ends a month)."""
    return fee.starts_on <= month_end(period) and (fee.ends_on is None or fee.ends_on >= period)


def money_text(amount: Decimal) -> str:
    """``20,00`` for the stored line text (Finnish, the invoices' language of record)."""
    return f"{amount.quantize(_CENT)}".replace(".", ",")


def plan_monthly_lines(
    period: date,
    rent: Decimal,
    fees: Iterable[FeeRow],
    occupants: int,
    water_per_person: Decimal,
) -> list[PlannedLine]:
    """The lines of one lease's invoice for ``period``: the rent, the water fee for the people
    in the register on the month's first day, then every other fee in force (sauna turns,
    parking contracts, ...) in the order of their start."""
    lines = [PlannedLine("rent", f"Vuokra {period:%m/%Y}", Decimal(rent).quantize(_CENT))]
    if occupants > 0 and water_per_person > 0:
        lines.append(
            PlannedLine(
                "water",
                f"Vesimaksu {occupants} hlö x {money_text(water_per_person)} €",
                (water_per_person * occupants).quantize(_CENT),
            )
        )
    for fee in sorted(fees, key=lambda f: (f.starts_on, f.id or 0)):
        if fee.kind in COMPUTED_FEE_KINDS or not fee_in_force(fee, period):
            continue
        lines.append(
            PlannedLine(
                fee.kind,
                fee.description or fee.kind,
                Decimal(fee.monthly_amount).quantize(_CENT),
                fee.id,
            )
        )
    return lines


def total(lines: Iterable[PlannedLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0.00"))


def door_opening_line_text(opened_at_local) -> str:
    """The invoice line of a door opening, e.g. ``Ovenavaus 30.11.2026 klo 14.05`` (Helsinki
    wall time; the invoice's language of record is Finnish)."""
    return f"Ovenavaus {opened_at_local.day}.{opened_at_local.month}.{opened_at_local.year} " \
        f"klo {opened_at_local.hour}.{opened_at_local.minute:02d}"

"""Finnish bank "virtual barcode" (virtuaaliviivakoodi), Finance Finland bank bar code guide 5.3.

The 54-digit string lets a resident paste account, amount, reference and due date into their
bank in one go. Layout (0-based slices):

=========  ======================  ===========================================================
version 4  ``[0]``                 ``4``
           ``[1:17]``              IBAN without ``FI`` (check digits + 14-digit BBAN)
           ``[17:23]/[23:25]``     euros / cents (all zero: "no amount")
           ``[25:28]``             ``000`` (reserve)
           ``[28:48]``             national reference, zero padded to 20 digits
           ``[48:54]``             due date YYMMDD (``000000``: none)
version 5  ``[0]``                 ``5``
           ``[1:25]``              as version 4
           ``[25:27]``             RF check digits
           ``[27:48]``             the reference part of the RF reference, padded to 21 digits
           ``[48:54]``             due date YYMMDD
=========  ======================  ===========================================================

Only Finnish IBANs can be encoded (the field has no room for a country code). IBANs are validated
with ``schwifty`` rather than by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from .references import (
    is_valid_fi_reference,
    is_valid_rf_reference,
    normalize_fi_reference,
    split_rf_reference,
)

BARCODE_LENGTH = 54
#: Larger amounts do not fit; the guide says to encode them as zero ("no amount").
MAX_AMOUNT = Decimal("999999.99")
_CENT = Decimal("0.01")
_V4_REFERENCE_DIGITS = 20
_V5_REFERENCE_DIGITS = 21


@dataclass(frozen=True)
class VirtualBarcode:
    """The decoded contents of a virtual barcode."""

    version: int
    #: Compact IBAN, e.g. ``FI7944052020036082``.
    iban: str
    #: ``None`` when the barcode carries no amount (zero).
    amount: Decimal | None
    #: National reference (version 4) or compact RF reference (version 5).
    reference: str
    due_date: date | None


def _fi_iban_digits(iban: str) -> str:
    """The 16 digits after ``FI`` of a valid Finnish IBAN; ValueError otherwise."""
    try:
        parsed = IBAN(iban)
    except SchwiftyException as exc:
        raise ValueError(f"invalid IBAN: {exc}") from exc
    if parsed.country_code != "FI":
        raise ValueError("the virtual barcode can only carry a Finnish (FI) IBAN")
    digits = parsed.compact[2:]
    if len(digits) != 16 or not digits.isdigit():  # pragma: no cover - FI IBANs are 18 chars
        raise ValueError("unexpected Finnish IBAN shape")
    return digits


def _amount_digits(amount: Decimal | None) -> str:
    """Eight digits: euros (6) and cents (2); zeros for no amount or one that does not fit."""
    if amount is None:
        return "0" * 8
    if not isinstance(amount, Decimal):
        raise TypeError("amount must be a Decimal")
    if not amount.is_finite() or amount < 0:
        raise ValueError("amount must be a non-negative finite Decimal")
    try:
        cents = amount.quantize(_CENT)
    except InvalidOperation as exc:  # pragma: no cover - astronomically large amounts
        raise ValueError("amount cannot be represented") from exc
    if cents != amount:
        raise ValueError("amount has fractions of a cent")
    if cents > MAX_AMOUNT:
        return "0" * 8
    return f"{int(cents * 100):08d}"


def _due_digits(due_date: date | None) -> str:
    if due_date is None:
        return "000000"
    return f"{due_date.year % 100:02d}{due_date.month:02d}{due_date.day:02d}"


def virtual_barcode(
    iban: str,
    amount: Decimal | None,
    reference: str | int,
    due_date: date | None = None,
) -> str:
    """The 54-digit virtual barcode.

    The version follows the reference: an RF reference gives version 5, a national reference
    version 4. Raises ValueError for a non-Finnish or invalid IBAN, an invalid reference, a
    negative amount or fractions of a cent.
    """
    account = _fi_iban_digits(iban)
    money = _amount_digits(amount)
    due = _due_digits(due_date)
    if isinstance(reference, str) and reference.strip().upper().startswith("RF"):
        check, ref = split_rf_reference(reference)
        if not ref.isdigit() or len(ref) > _V5_REFERENCE_DIGITS:
            raise ValueError("only numeric RF references fit in the virtual barcode")
        code = f"5{account}{money}{check}{ref.zfill(_V5_REFERENCE_DIGITS)}{due}"
    else:
        if not is_valid_fi_reference(reference):
            raise ValueError("not a valid Finnish reference number")
        ref = normalize_fi_reference(reference)
        code = f"4{account}{money}000{ref.zfill(_V4_REFERENCE_DIGITS)}{due}"
    return code


def parse_virtual_barcode(code: str) -> VirtualBarcode:
    """Decode and validate a virtual barcode (spaces are ignored); ValueError when invalid."""
    compact = "".join(code.split())
    if len(compact) != BARCODE_LENGTH or not (compact.isascii() and compact.isdigit()):
        raise ValueError("a virtual barcode is 54 digits")
    version = int(compact[0])
    if version not in (4, 5):
        raise ValueError(f"unsupported virtual barcode version {version}")
    iban = "FI" + compact[1:17]
    _fi_iban_digits(iban)
    cents = int(compact[17:25])
    amount = (Decimal(cents) / 100).quantize(_CENT) if cents else None
    if version == 4:
        if compact[25:28] != "000":
            raise ValueError("version 4 reserve field must be 000")
        reference = compact[28:48].lstrip("0")
        if not is_valid_fi_reference(reference):
            raise ValueError("invalid reference in virtual barcode")
    else:
        reference = "RF" + compact[25:27] + compact[27:48].lstrip("0")
        if not is_valid_rf_reference(reference):
            raise ValueError("invalid RF reference in virtual barcode")
    return VirtualBarcode(
        version=version,
        iban=iban,
        amount=amount,
        reference=reference,
        due_date=_parse_due(compact[48:54]),
    )


def _parse_due(digits: str) -> date | None:
    if digits == "000000":
        return None
    try:
        return date(2000 + int(digits[:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError as exc:
        raise ValueError("invalid due date in virtual barcode") from exc

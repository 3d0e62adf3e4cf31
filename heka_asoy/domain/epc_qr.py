"""The EPC QR code (European Payments Council, EPC069-12 "SEPA credit transfer" QR) that Finnish
banking apps scan to fill in a payment: payee, IBAN, amount and the RF creditor reference.

The payload is plain text, one element per line (LF), in this order:

======  ===========================================================================
line    element
======  ===========================================================================
1       ``BCD`` (service tag)
2       ``002`` (version 2: the BIC may be left empty inside the EEA)
3       ``1`` (character set UTF-8)
4       ``SCT`` (SEPA credit transfer)
5       BIC of the payee's bank, or empty
6       payee name, 1-70 characters
7       payee IBAN (compact)
8       ``EUR`` + amount with a point and two decimals (``EUR620.00``), or empty
9       purpose code (empty)
10      structured remittance: the RF creditor reference (compact)
11      unstructured remittance text: empty when a reference is given
======  ===========================================================================

Trailing empty elements are left out (the guideline lets the last present element end the
payload), so the payload ends with the RF reference. At most 331 bytes; the QR code uses error
correction level M and version 13 at most, as the guideline asks.

The QR symbol itself is made by ``segno`` in ``services/billing/codes.py`` (the domain stays free
of drawing libraries); nothing draws modules by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from .references import is_valid_rf_reference, normalize_rf_reference

SERVICE_TAG = "BCD"
VERSION = "002"
CHARSET_UTF8 = "1"
IDENTIFICATION = "SCT"
MAX_PAYLOAD_BYTES = 331
MAX_NAME_CHARS = 70
#: The largest QR version the guideline allows (at error correction level M).
MAX_QR_VERSION = 13
MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999.99")
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class EpcPayment:
    """What an EPC QR code asks the payer's bank to do."""

    name: str
    iban: str
    amount: Decimal | None
    rf_reference: str
    bic: str = ""


def _amount_text(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValueError("amount must be a finite Decimal")
    try:
        cents = amount.quantize(_CENT)
    except InvalidOperation as exc:  # pragma: no cover - astronomically large amounts
        raise ValueError("amount cannot be represented") from exc
    if cents != amount:
        raise ValueError("amount has fractions of a cent")
    if not MIN_AMOUNT <= cents <= MAX_AMOUNT:
        raise ValueError("amount must be 0.01-999999999.99 euros")
    return f"EUR{cents:.2f}"


def build_epc_payload(payment: EpcPayment) -> str:
    """The payload text of ``payment``; ValueError when an element breaks the guideline (an
    invalid IBAN, BIC or RF reference, a name of 0 or over 70 characters or with a line break,
    an amount out of range or with fractions of a cent)."""
    name = payment.name.strip()
    if not name or len(name) > MAX_NAME_CHARS or "\n" in name or "\r" in name:
        raise ValueError("the payee name must be 1-70 characters on one line")
    try:
        iban = IBAN(payment.iban).compact
        bic = str(BIC(payment.bic)) if payment.bic else ""
    except SchwiftyException as exc:
        raise ValueError(f"invalid IBAN or BIC: {exc}") from exc
    if not is_valid_rf_reference(payment.rf_reference):
        raise ValueError("not a valid RF creditor reference")
    elements = [
        SERVICE_TAG,
        VERSION,
        CHARSET_UTF8,
        IDENTIFICATION,
        bic,
        name,
        iban,
        _amount_text(payment.amount),
        "",  # purpose code
        normalize_rf_reference(payment.rf_reference),
        "",  # unstructured remittance: not with a structured reference
    ]
    while elements and elements[-1] == "":
        elements.pop()
    payload = "\n".join(elements)
    if len(payload.encode("utf-8")) > MAX_PAYLOAD_BYTES:  # pragma: no cover - names are capped
        raise ValueError("EPC payload too long")
    return payload


def parse_epc_payload(text: str) -> EpcPayment:
    """Read a payload back (what a banking app does after scanning); ValueError when it is not a
    version 1 or 2 UTF-8 SEPA credit transfer payload."""
    lines = text.split("\n")
    lines += [""] * (11 - len(lines))
    tag, version, charset, ident, bic, name, iban, amount, _purpose, ref, _text = lines[:11]
    if (tag, charset, ident) != (SERVICE_TAG, CHARSET_UTF8, IDENTIFICATION) or version not in (
        "001",
        "002",
    ):
        raise ValueError("not an EPC SEPA credit transfer payload")
    money = None
    if amount:
        if not amount.startswith("EUR"):
            raise ValueError("the amount must be in euros")
        try:
            money = Decimal(amount[3:])
        except InvalidOperation as exc:
            raise ValueError("invalid amount") from exc
    return EpcPayment(name=name, iban=iban, amount=money, rf_reference=ref, bic=bic)

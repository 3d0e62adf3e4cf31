"""What a bank reads off an invoice: the creditor (Heka's account, from the settings) and the
virtual barcode of an invoice, version 4 (national reference) or 5 (RF reference)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from ...models import Invoice


@dataclass(frozen=True)
class Creditor:
    name: str
    iban: str
    bic: str


def creditor() -> Creditor:
    """Heka as the payee: ``HEKA_CREDITOR_NAME``, ``HEKA_CREDITOR_IBAN``, ``HEKA_CREDITOR_BIC``."""
    config = current_app.config
    return Creditor(
        config["HEKA_CREDITOR_NAME"],
        "".join(config["HEKA_CREDITOR_IBAN"].split()),
        config["HEKA_CREDITOR_BIC"],
    )


def virtual_barcode(invoice: Invoice, version: int = 4) -> str:
    """The invoice's 54-digit virtual barcode to Heka's account (see Invoice.virtual_barcode)."""
    if version not in (4, 5):
        raise ValueError("virtual barcode version is 4 or 5")
    return invoice.virtual_barcode(creditor().iban, version)

"""Heka as the payee of every invoice: the account, name and BIC from the settings, and an
invoice's virtual barcode to that account, version 4 (national reference) or 5 (RF reference).
The monthly run, the rent page and the PDF all read the payee here."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from ...models import Invoice


@dataclass(frozen=True)
class Creditor:
    """Heka as the payee (settings ``HEKA_CREDITOR_NAME``, ``_IBAN``, ``_BIC``)."""

    name: str
    iban: str
    bic: str

    @property
    def iban_display(self) -> str:
        """The IBAN in groups of four, as banks print it."""
        return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4))


def creditor() -> Creditor:
    config = current_app.config
    iban = "".join(config["HEKA_CREDITOR_IBAN"].split()).upper()
    return Creditor(config["HEKA_CREDITOR_NAME"], iban, config.get("HEKA_CREDITOR_BIC", ""))


def virtual_barcode(invoice: Invoice, version: int = 4) -> str:
    """The invoice's 54-digit virtual barcode to Heka's account (see Invoice.virtual_barcode)."""
    if version not in (4, 5):
        raise ValueError("virtual barcode version is 4 or 5")
    return invoice.virtual_barcode(creditor().iban, version)

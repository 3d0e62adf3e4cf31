"""A resident's own contact details: the phone number and the IBAN for refunds, checked and
written the one way they are stored.

IBANs are checked with schwifty (a maintained registry of national formats and banks), never by
hand; the BIC is derived from the IBAN's bank code, so the resident does not have to know it.
Refunds (e.g. a returned deposit) are SEPA credit transfers, so the account must be in the SEPA
zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

#: The same shape as the fault form's phone field: an optional +, then digits, spaces, brackets
#: and dashes, 5 to 30 characters.
_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{4,29}")
PHONE_MAX = 30
HOLDER_MAX = 100


class InvalidPhone(ValueError):
    """Not a phone number we can call."""


class InvalidIban(ValueError):
    """``code`` says why: "iban_invalid" (no IBAN at all or a wrong check) or "iban_not_sepa"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def normalize_phone(text: str) -> str:
    """The phone number with runs of spaces made one; "" stays "" (the number is removed).
    Raises ``InvalidPhone`` for anything else than a phone number."""
    phone = " ".join((text or "").split())
    if not phone:
        return ""
    if len(phone) > PHONE_MAX or not _PHONE.fullmatch(phone):
        raise InvalidPhone(phone)
    return phone


@dataclass(frozen=True)
class CheckedIban:
    """A valid IBAN: ``compact`` is stored, ``formatted`` shown; ``bic`` is "" when the bank is
    not in schwifty's registry."""

    compact: str
    formatted: str
    bic: str
    bank_name: str


def check_iban(text: str) -> CheckedIban:
    """The IBAN typed by a person (spaces and lower case allowed), checked; ``InvalidIban``."""
    try:
        iban = IBAN(text or "")
    except SchwiftyException as exc:
        raise InvalidIban("iban_invalid") from exc
    if not iban.in_sepa_zone:
        raise InvalidIban("iban_not_sepa")
    try:
        bic = str(iban.bic or "")
    except SchwiftyException:
        bic = ""
    try:
        bank_name = str(iban.bank_name or "")
    except SchwiftyException:
        bank_name = ""
    return CheckedIban(iban.compact, iban.formatted, bic, bank_name)


def format_iban(compact: str) -> str:
    """A stored IBAN in groups of four, for reading (no check: it was checked when stored)."""
    text = (compact or "").replace(" ", "")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))

"""What every bank file parser returns, and the one error they raise.

A parser turns a whole file into a ``BankFile`` or refuses it with a ``BankFileError``: nothing
of a malformed file reaches the database, so an import is all or nothing. The error carries a
``code`` and ``params`` (line number, element path, the value found) instead of a sentence, so
the desk page words it in the user's language.

Entries that are well formed but are not incoming euro payments to book (a debit, a reversal,
a correction, a pending entry) are not errors: they come back in ``BankFile.skipped`` with a
reason, and the desk sees them in the import's summary to handle by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

#: Largest file accepted (bytes). A month of reference payments of Heka's 50,000 flats is about
#: 50,000 entries: ~5 MB as KTL, ~40 MB as camt.054 with one TxDtls per payment would be too
#: much for one upload, so banks split such runs; 20 MB keeps one request bounded.
MAX_FILE_BYTES = 20 * 1024 * 1024

CAMT054 = "camt054"
KTL = "ktl"


class BankFileError(ValueError):
    """The whole file is refused. ``code`` names the reason; ``params`` say where (``line``
    for KTL, ``element`` for camt.054) and what was found."""

    def __init__(self, code: str, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        where = ", ".join(f"{k}={v}" for k, v in sorted(self.params.items()))
        return f"{self.code} ({where})" if where else self.code


@dataclass(frozen=True)
class BankEntry:
    """One incoming payment to book.

    ``archive_id`` is the bank's unique archive id (arkistointitunnus, camt ``AcctSvcrRef``);
    ``reference`` is as written in the file (national reference, maybe zero-padded, or RF);
    ``amount`` is positive euros.
    """

    archive_id: str
    reference: str
    amount: Decimal
    paid_on: date
    payer_name: str = ""
    bank: str = ""  # the bank's BIC (camt) or bank group code (KTL)
    position: str = ""  # where in the file: "line 4" or an element path, for the desk


@dataclass(frozen=True)
class SkippedEntry:
    """An entry that is not booked automatically, and why (``reason`` is a code)."""

    archive_id: str
    reason: str
    amount: Decimal
    reference: str = ""
    position: str = ""


@dataclass
class BankFile:
    """A parsed file: its kind, the payments to book and the entries left for the desk."""

    kind: str
    entries: list[BankEntry] = field(default_factory=list)
    skipped: list[SkippedEntry] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((e.amount for e in self.entries), Decimal(0))


def check_size(data: bytes) -> None:
    if not data:
        raise BankFileError("empty")
    if len(data) > MAX_FILE_BYTES:
        raise BankFileError("too_large", limit=MAX_FILE_BYTES)

"""Incoming reference-payment files from the bank: ISO 20022 camt.054 and the Finnish KTL
reference transfer file (viitesiirto). Pure parsing: bytes in, ``BankFile`` out, or the whole
file refused with a ``BankFileError``.

``parse`` picks the format from the content (an XML document or 90-character records), so the
desk does not have to say which one the bank sent.
"""

from __future__ import annotations

from .camt054 import parse_camt054
from .common import (
    CAMT054,
    KTL,
    MAX_FILE_BYTES,
    BankEntry,
    BankFile,
    BankFileError,
    SkippedEntry,
    check_size,
)
from .ktl import parse_ktl


def looks_like_xml(data: bytes) -> bool:
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def parse(data: bytes) -> BankFile:
    """Parse a bank file of either format; BankFileError refuses it whole."""
    check_size(data)
    return parse_camt054(data) if looks_like_xml(data) else parse_ktl(data)


__all__ = [
    "CAMT054",
    "KTL",
    "MAX_FILE_BYTES",
    "BankEntry",
    "BankFile",
    "BankFileError",
    "SkippedEntry",
    "check_size",
    "looks_like_xml",
    "parse",
    "parse_camt054",
    "parse_ktl",
]

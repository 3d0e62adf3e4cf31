"""Builders of bank files for the tests: KTL records laid out as Finance Finland's record
description says (see ``heka_asoy.domain.bank_files.ktl``), so a test can write the file it
needs (overlapping files for the race, a file of many payments) next to the fixtures in
``tests/data/bank``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

BANK_DATA = Path(__file__).parent / "data" / "bank"
ACCOUNT = "50000120000001"  # the creditor's account in the old 14-digit form


def fixture(name: str) -> bytes:
    return (BANK_DATA / name).read_bytes()


def ktl_batch(written: date = date(2026, 11, 27), bank: str = "50") -> str:
    record = f"0{written:%y%m%d}0612{bank:>2}{'HEKA00001':<9}1"
    return record.ljust(90)


def ktl_payment(
    archive_id: str,
    reference: str,
    amount: Decimal | str,
    paid_on: date = date(2026, 11, 26),
    payer: str = "MEIKALAINEN",
    correction: str = "0",
    kind: str = "3",
    currency: str = "1",
) -> str:
    cents = int(Decimal(amount) * 100)
    record = (
        f"{kind}{ACCOUNT}{date(2026, 11, 27):%y%m%d}{paid_on:%y%m%d}{archive_id:<16}"
        f"{reference:0>20}{payer[:12]:<12}{currency}A{cents:010d}{correction}A "
    )
    assert len(record) == 90, len(record)
    return record


def ktl_sum(payments: list[str]) -> str:
    normal = [r for r in payments if r[87] == "0"]
    corrections = [r for r in payments if r[87] == "1"]
    record = (
        f"9{len(normal):06d}{sum(int(r[77:87]) for r in normal):011d}"
        f"{len(corrections):06d}{sum(int(r[77:87]) for r in corrections):011d}"
    )
    return record.ljust(90)


def ktl_file(payments: list[str], newline: str = "\r\n") -> bytes:
    lines = [ktl_batch(), *payments, ktl_sum(payments)]
    return (newline.join(lines) + newline).encode("iso-8859-1")

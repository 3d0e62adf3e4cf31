"""Running an import: each row in its own savepoint inside one transaction.

A rejected row (or one the database refuses) is rolled back alone and reported; the good rows
still import, and their counts are merged into the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TextIO

from peewee import IntegrityError, fn

from ...db import database, write_txn
from ...models import User, utcnow
from .reading import CsvRows, as_record, check_header, read_csv
from .report import ImportReport, RowRejected
from .rows import (
    CITY_COLUMNS,
    CITY_REQUIRED,
    OPTIONAL_COLUMNS,
    REGISTER_COLUMNS,
    parse_city_row,
    parse_register_row,
)
from .writing import RegisterWriter


def _run_rows(csv_rows: CsvRows, report: ImportReport,
              handle: Callable[[int, dict[str, str], Counter[str]], None]) -> None:
    """Each row in its own savepoint inside one transaction: ``handle`` raises RowRejected (or
    the database refuses the row) and the savepoint rolls the row back; counts are merged into
    the report only for rows that stay."""
    db = database()
    with write_txn():
        for line, fields in csv_rows.rows:
            report.rows_total += 1
            record = as_record(csv_rows.header, fields)
            if isinstance(record, str):
                report.reject(line, [record])
                continue
            counts: Counter[str] = Counter()
            try:
                with db.atomic():
                    handle(line, record, counts)
            except RowRejected as exc:
                report.reject(line, exc.reasons)
                continue
            except IntegrityError as exc:
                report.reject(line, [f"the database refused the row ({_first_line(exc)})"])
                continue
            report.rows_imported += 1
            for key, n in counts.items():
                kind, name = key.split(":", 1)
                (report.created if kind == "created" else report.updated)[name] += n


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__


def import_register(stream: TextIO, hetu_key: bytes) -> ImportReport:
    """Import the resident register CSV (see the module docstring for the columns)."""
    report = ImportReport()
    csv_rows = read_csv(stream)
    required = tuple(c for c in REGISTER_COLUMNS if c not in OPTIONAL_COLUMNS)
    if not check_header(csv_rows.header, REGISTER_COLUMNS, required, report):
        return report
    writer = RegisterWriter()

    def handle(line: int, record: dict[str, str], counts: Counter[str]) -> None:
        row, reasons = parse_register_row(record, hetu_key)
        if row is None:
            raise RowRejected(*reasons)
        contradictions = writer.check_consistency(line, row)
        if contradictions:
            raise RowRejected(*contradictions)
        writer.write(row, counts)
        writer.remember(line, row)

    _run_rows(csv_rows, report, handle)
    return report


def import_city_accounts(stream: TextIO, hetu_key: bytes) -> ImportReport:
    """Import accounts from the city's housing-application service.

    The people keep their username and password (the city's argon2 hash is stored as is and
    upgraded at the next login if needed); the account is not linked to the register until
    the first login passes strong identification. ``hetu_key`` is accepted so both imports
    share one signature; the city's file carries no identity codes.
    """
    del hetu_key
    report = ImportReport()
    csv_rows = read_csv(stream)
    if not check_header(csv_rows.header, CITY_COLUMNS, CITY_REQUIRED, report):
        return report
    first_line_of: dict[str, int] = {}

    def handle(line: int, record: dict[str, str], counts: Counter[str]) -> None:
        email, password_hash, language = parse_city_row(record)
        if email in first_line_of:
            raise RowRejected(f"email: duplicate of line {first_line_of[email]}")
        if User.select().where(fn.LOWER(User.email) == email).exists():
            raise RowRejected(f"email: an account with {email} already exists")
        User.create(email=email, password_hash=password_hash, language=language,
                    registered_via="city", needs_strong_identification=True,
                    activated_at=utcnow(), resident=None)
        first_line_of[email] = line
        counts["created:user"] += 1

    _run_rows(csv_rows, report, handle)
    return report

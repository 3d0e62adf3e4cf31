"""Reading the CSV: the delimiter from the header, the header's columns, one record per row.

Every row keeps the line it starts on, so a rejected row is reported by the line staff see
in their spreadsheet.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from .report import ImportReport


@dataclass
class CsvRows:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line number where the row starts, fields)


def read_csv(stream: TextIO) -> CsvRows:
    """Header and rows; the delimiter (``;`` or ``,``) is the one the header line uses most.

    Counting on the header is more predictable than ``csv.Sniffer`` on data, which guesses
    wrong when addresses contain commas. A UTF-8 byte order mark (Excel) is dropped.
    """
    first = stream.readline().lstrip("\ufeff")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]

    def rows() -> Iterator[tuple[int, list[str]]]:
        previous_end = reader.line_num
        for fields in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if any(f.strip() for f in fields):
                yield start, fields

    return CsvRows(header, rows())


def check_header(header: list[str], known: tuple[str, ...], required: tuple[str, ...] | frozenset,
                 report: ImportReport) -> bool:
    """Reject the file (line 1) when required columns are missing; warn about unknown ones."""
    missing = [c for c in required if c not in header]
    if missing:
        report.reject(1, [f"header: missing column(s) {', '.join(missing)}"])
        return False
    unknown = [c for c in header if c not in known]
    if unknown:
        report.warnings.append(f"header: unknown column(s) ignored: {', '.join(unknown)}")
    return True


def as_record(header: list[str], fields: list[str]) -> dict[str, str] | str:
    """The row as a column -> stripped value dict, or a reason when the field count is off."""
    if len(fields) != len(header):
        return (f"row has {len(fields)} fields but the header has {len(header)} "
                "(check the delimiter and quotes)")
    return {h: v.strip() for h, v in zip(header, fields, strict=True)}

"""The filtered queue as CSV: exactly the rows the page's filters show, every page of them.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and a tab or carriage
return) as a formula; a subject a resident wrote or a mail's sender could be one. Such a cell is
prefixed with a quote (OWASP "CSV injection"), so it stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from ...domain.clock import sortable_minute
from ...domain.office_hours import to_helsinki
from ..faults.core import aware
from .queue import InboxRow

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell's text, quoted against formula injection."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _when(value: datetime | None) -> str:
    """Helsinki wall time, to the minute, ISO style (sorts in a spreadsheet)."""
    return sortable_minute(to_helsinki(aware(value))) if value else ""


Label = Callable[[str, str, int], str]


def row_cells(row: InboxRow, label: Label) -> list[str]:
    """One row's cells; ``label(what, code, table)`` turns a kind, state, status or title code
    into words (a request's title is its kind)."""
    return [
        label("kind", row.kind, row.table),
        str(row.id),
        label("state", row.state, row.table),
        label("status", row.status, row.table),
        label("title", row.title, row.table),
        row.sender_email,
        row.company_name,
        " ".join(part for part in (row.street_address, row.flat_number) if part),
        _when(row.created_at),
        _when(row.activity),
        row.assignee_name,
        "x" if row.overdue else "",
        "x" if row.needs_triage else "",
    ]


def csv_lines(rows: Iterable[InboxRow], headers: list[str], label: Label) -> Iterator[str]:
    """The CSV, a line at a time (streamed to the browser), header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: list[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in cells])
        return buffer.getvalue()

    yield "\ufeff" + line(headers)  # the BOM tells Excel the file is UTF-8
    for row in rows:
        yield line(row_cells(row, label))

"""The filtered audit log as CSV, a line at a time: times in Helsinki to the second in the
machine format of ``domain.clock`` (the same in every language), every cell quoted against
spreadsheet formulas (``inbox.export.safe_cell``), ``data`` as sorted JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC

from ...domain.clock import sortable_second
from ...domain.office_hours import HELSINKI
from ..inbox.export import safe_cell
from .query import AuditRow


def row_cells(row: AuditRow) -> list[str]:
    when = row.created_at.replace(tzinfo=UTC).astimezone(HELSINKI)
    return [
        str(row.id),
        sortable_second(when),
        row.actor_email,
        row.actor_name,
        row.actor_role,
        row.staff_email,
        row.actor_label,
        row.action,
        row.target_type,
        "" if row.target_id is None else str(row.target_id),
        json.dumps(row.data, sort_keys=True, ensure_ascii=False, default=str) if row.data else "",
        row.ip,
    ]


def csv_lines(rows: Iterable[AuditRow], headers: list[str]) -> Iterator[str]:
    """The CSV, header first, with a BOM so that spreadsheets read it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: list[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in cells])
        return buffer.getvalue()

    yield "\ufeff" + line(headers)
    for row in rows:
        yield line(row_cells(row))

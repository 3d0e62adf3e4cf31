"""What an import tells staff: rows taken, rows rejected with their reasons, warnings.

``RowRejected`` is the signal a row's handler raises to roll that row back with its reasons.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class RejectedRow:
    """A row that was not imported. ``line_number`` is the line in the file (header = 1)."""

    line_number: int
    reasons: list[str]


@dataclass
class ImportReport:
    rows_total: int = 0
    rows_imported: int = 0
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def reject(self, line_number: int, reasons: list[str]) -> None:
        self.rejected.append(RejectedRow(line_number, reasons))

    def summary(self) -> str:
        """One paragraph for the staff page or the CLI."""
        made = ", ".join(f"{n} {k}" for k, n in sorted(self.created.items()) if n) or "nothing"
        lines = [f"{self.rows_imported} of {self.rows_total} rows imported; created {made}."]
        lines += [f"Warning: {w}" for w in self.warnings]
        lines += [f"Line {r.line_number}: {'; '.join(r.reasons)}" for r in self.rejected]
        return "\n".join(lines)


class RowRejected(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised inside a row's savepoint to roll the row back with these reasons."""

    def __init__(self, *reasons: str) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)

"""The audit log for the admins (issue 12 §5): read it filtered by who, whom, what and when, a
page at a time (``query``), or as CSV (``csv``). Reading and exporting are audited themselves
(``audit_viewed``, ``audit_exported``, with the filter)."""

from .query import (
    EXPORT_MAX,
    PAGE_SIZE,
    WHOM_KINDS,
    AuditFilters,
    AuditPage,
    AuditRow,
    export_rows,
    read_page,
)

__all__ = ["EXPORT_MAX", "PAGE_SIZE", "WHOM_KINDS", "AuditFilters", "AuditPage", "AuditRow",
           "export_rows", "read_page"]  # fmt: skip

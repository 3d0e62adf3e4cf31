"""The desk queue's values: the filters, a keyset cursor, a row and a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...domain import inbox as rules
from ..company_search import CompanyChoice

#: The "assigned to" filter's choices beside a worker's id.
ME = "me"
NOBODY = "nobody"


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after the row with this activity time (naive UTC), table and id."""

    activity: datetime
    table: int
    id: int

    def token(self) -> str:
        return f"{self.activity.isoformat(timespec='microseconds')}_{self.table}_{self.id}"

    @classmethod
    def parse(cls, value: str | None) -> Cursor | None:
        """A cursor from a query argument; None for anything malformed (the first page)."""
        if not value or len(value) > 60:
            return None
        try:
            stamp, table, ident = value.split("_")
            activity = datetime.fromisoformat(stamp)
            table_n, id_n = int(table), int(ident)
        except ValueError:
            return None
        if activity.tzinfo is not None or table_n not in rules.TABLES or not 1 <= id_n < 2**31:
            return None
        return cls(activity, table_n, id_n)


@dataclass(frozen=True)
class InboxFilters:
    kind: str = ""  # one of rules.KINDS, or "" for every kind
    state: str = rules.ACTIVE  # one of rules.STATE_FILTERS
    #: One housing company by id (a link: ``?company=12``, or the name the page showed).
    company: int | None = None
    #: What the housing-company field holds: part of a name or business ID, or an id.
    company_text: str = ""
    assigned: str | int | None = None  # ME, NOBODY or a worker's id
    overdue: bool = False
    after: Cursor | None = None


@dataclass(frozen=True)
class InboxRow:
    table: int
    kind: str  # rules.KINDS
    id: int
    activity: datetime  # naive UTC
    created_at: datetime  # naive UTC
    status: str  # the table's own status
    state: str  # rules.STATES
    title: str
    company_id: int | None
    company_name: str
    flat_number: str
    street_address: str
    assignee_id: int | None
    assignee_name: str
    overdue: bool
    needs_triage: bool
    sender_email: str

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.activity, self.table, self.id)


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    total: int
    capped: bool
    #: The next page's cursor, None on the last page.
    next_cursor: Cursor | None
    first_page: bool
    #: What the housing-company filter matched (None without one).
    company: CompanyChoice | None = None

"""The desk's one queue: fault reports, message threads, mailbox cases and service requests,
newest activity first, with filters, keyset pages and a capped count.

Speed (100,000 open items and more): one page is two statements whatever the stock.

* The rows: a ``UNION ALL`` of three branches (faults, threads, requests). Each branch is its own
  ``ORDER BY updated_at DESC, id DESC LIMIT n+1`` subquery, so each walks its own
  ``(updated_at, id)`` index (migration 016) newest first and stops after one page; the outer
  query merges at most 3 × (n+1) rows. Every branch joins what a row shows (flat, building,
  housing company, the assigned worker), so nothing is read per row.
* Pages go by keyset, not OFFSET: the next page starts after the last row's
  ``(activity, table, id)``, so page 2,000 costs what page 1 costs.
* The count: each branch counted up to ``COUNT_CAP + 1`` in one statement (the fault queue's cap):
  past it the page says "more than 1,000".

Overdue is decided once per request as SQL cutoffs (the SLA's for threads and requests, the fault
queue's per status for faults), so the filter and the row flag agree and no business hours are
counted per row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import reduce
from operator import or_

from peewee import JOIN, SQL, Case, NodeList, fn

from ...db import database, is_sqlite
from ...domain import inbox as rules
from ...models import (
    Building,
    FaultReport,
    Flat,
    HousingCompany,
    MessageThread,
    ServiceRequest,
    User,
)
from ...models.accounts import STAFF_ROLES
from .. import fault_queue
from ..faults.core import aware, naive

PAGE_SIZE = 50
COUNT_CAP = fault_queue.COUNT_CAP
#: The "assigned to" filter's choices beside a worker's id.
ME = "me"
NOBODY = "nobody"
#: The longest a title shown in a row may be (a fault's description is cut here, in SQL).
TITLE_CHARS = 120


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
    company: int | None = None
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


# --- building the branches ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What a request decides once: now, the cutoffs and who is asking."""

    now: datetime
    sla_cutoff: datetime  # naive UTC
    fault_cutoffs: dict[str, datetime]  # aware UTC, per fault status
    viewer_id: int | None


def _context(now: datetime, viewer_id: int | None) -> _Context:
    return _Context(
        now=now,
        sla_cutoff=naive(rules.sla_cutoff(now)),
        fault_cutoffs=fault_queue._cutoffs(now),
        viewer_id=viewer_id,
    )


def _status(model, plain: bool = False):
    """The status column, written ``+status`` on SQLite unless ``plain`` (see ``_status_in``)."""
    if plain or not is_sqlite():
        return model.status
    return NodeList((SQL("+"), model.status), glue="")


def _status_in(model, table: int, state_filter: str, plain: bool = False):
    """``status IN (...)`` for a state filter.

    When a branch matches many rows (more than ``COUNT_CAP``, which the count has just said), the
    column is written ``+status`` on SQLite, so the planner walks the ``(updated_at, id)`` index
    newest first and stops after a page instead of taking the status index and sorting every open
    case (440 ms at 100,000 open cases, against 1.5 ms). When it matches few, a walk could read the
    whole table to find them: then the plain column lets the planner use any index, and the sort is
    of at most ``COUNT_CAP`` rows. The count itself always takes the plain column. PostgreSQL's
    planner weighs the LIMIT itself."""
    return _status(model, plain).in_(rules.statuses_for(table, state_filter))


def _in_company(model, filters: InboxFilters):
    """The case's flat is in the chosen housing company: ``flat_id IN (that company's flats)``,
    so the count reads each flat's cases by its index instead of joining every open case to its
    flat (a case without a flat is in no company)."""
    if not filters.company:
        return None
    return model.flat.in_(Flat.select(Flat.id).where(Flat.housing_company == filters.company))


def _assigned_condition(field, filters: InboxFilters, ctx: _Context):
    if filters.assigned == NOBODY:
        return field.is_null()
    if filters.assigned == ME:
        return field == (ctx.viewer_id or 0)
    if isinstance(filters.assigned, int):
        return field == filters.assigned
    return None


def _keyset(model, table: int, after: Cursor | None):
    """Rows of ``model`` (the queue's ``table``) that come after ``after`` in the order
    (activity, table, id) descending."""
    if after is None:
        return None
    if table < after.table:
        return model.updated_at <= after.activity
    if table > after.table:
        return model.updated_at < after.activity
    return (model.updated_at < after.activity) | (
        (model.updated_at == after.activity) & (model.id < after.id)
    )


def _sla_overdue(model, table: int, ctx: _Context, plain: bool):
    return (
        model.first_answered_at.is_null()
        & (model.created_at <= ctx.sla_cutoff)
        & _status_in(model, table, rules.ACTIVE, plain)
    )


def _fault_overdue(ctx: _Context, plain: bool):
    """The fault queue's overdue rule (its per-status cutoffs) as one condition."""
    if not ctx.fault_cutoffs:  # pragma: no cover - the fault rules always have limits
        return SQL("1 = 0")
    status = _status(FaultReport, plain)
    return reduce(
        or_,
        [
            (status == code) & (FaultReport.status_changed_at <= naive(cutoff))
            for code, cutoff in ctx.fault_cutoffs.items()
        ],
    )


def _and(*conditions):
    present = [c for c in conditions if c is not None]
    return reduce(lambda a, b: a & b, present) if present else None


def _columns(model, table: int, title, *, source, triage, sender, answered, changed):
    assignee = User.alias("assignee")
    return assignee, [
        SQL(str(table)).alias("tbl"),
        model.id.alias("id"),
        model.updated_at.alias("activity"),
        model.created_at.alias("created_at"),
        model.status.alias("status"),
        title.alias("title"),
        source.alias("source"),
        triage.alias("needs_triage"),
        sender.alias("sender_email"),
        HousingCompany.id.alias("company_id"),
        HousingCompany.name.alias("company_name"),
        Flat.number.alias("flat_number"),
        Building.street_address.alias("street_address"),
        assignee.id.alias("assignee_id"),
        assignee.name.alias("assignee_name"),
        answered.alias("first_answered_at"),
        changed.alias("status_changed_at"),
    ]


_NULL_TIME = SQL("CAST(NULL AS TIMESTAMP)")


def _fault_branch(filters: InboxFilters, ctx: _Context, *, count: bool, plain: bool = False):
    plain = (plain or count) and not filters.company  # a company: search by its flats
    where = _and(
        _status_in(FaultReport, rules.FAULT_TABLE, filters.state, plain),
        _in_company(FaultReport, filters),
        _assigned_condition(FaultReport.assigned_to, filters, ctx),
        _fault_overdue(ctx, plain) if filters.overdue else None,
        None if count else _keyset(FaultReport, rules.FAULT_TABLE, filters.after),
    )
    if count:
        query = FaultReport.select(SQL("1"))
        return query.where(where)
    assignee, columns = _columns(
        FaultReport,
        rules.FAULT_TABLE,
        fn.SUBSTR(FaultReport.description, 1, TITLE_CHARS),
        source=SQL("''"),
        triage=SQL("FALSE"),
        sender=SQL("''"),
        answered=_NULL_TIME,
        changed=FaultReport.status_changed_at,
    )
    return (
        FaultReport.select(*columns)
        .join(Flat)
        .join(Building)
        .switch(Flat)
        .join(HousingCompany)
        .switch(FaultReport)
        .join(assignee, JOIN.LEFT_OUTER, on=(FaultReport.assigned_to == assignee.id))
        .where(where)
    )


def _thread_branch(filters: InboxFilters, ctx: _Context, *, count: bool, plain: bool = False):
    plain = (plain or count) and not filters.company  # a company: search by its flats
    source = None
    if filters.kind == rules.MAILBOX:
        source = MessageThread.source == rules.EMAIL_SOURCE
    elif filters.kind == rules.MESSAGE:
        source = MessageThread.source != rules.EMAIL_SOURCE
    where = _and(
        _status_in(MessageThread, rules.THREAD_TABLE, filters.state, plain),
        source,
        _in_company(MessageThread, filters),
        _assigned_condition(MessageThread.assigned_to, filters, ctx),
        _sla_overdue(MessageThread, rules.THREAD_TABLE, ctx, plain) if filters.overdue else None,
        None if count else _keyset(MessageThread, rules.THREAD_TABLE, filters.after),
    )
    if count:
        query = MessageThread.select(SQL("1"))
        return query.where(where)
    assignee, columns = _columns(
        MessageThread,
        rules.THREAD_TABLE,
        MessageThread.subject,
        source=MessageThread.source,
        triage=MessageThread.needs_triage,
        sender=MessageThread.sender_email,
        answered=MessageThread.first_answered_at,
        changed=_NULL_TIME,
    )
    return (
        MessageThread.select(*columns)
        .join(Flat, JOIN.LEFT_OUTER)
        .join(Building, JOIN.LEFT_OUTER)
        .switch(Flat)
        .join(HousingCompany, JOIN.LEFT_OUTER)
        .switch(MessageThread)
        .join(assignee, JOIN.LEFT_OUTER, on=(MessageThread.assigned_to == assignee.id))
        .where(where)
    )


def _request_branch(filters: InboxFilters, ctx: _Context, *, count: bool, plain: bool = False):
    plain = (plain or count) and not filters.company  # a company: search by its flats
    where = _and(
        _status_in(ServiceRequest, rules.REQUEST_TABLE, filters.state, plain),
        _in_company(ServiceRequest, filters),
        _assigned_condition(ServiceRequest.assigned_to, filters, ctx),
        _sla_overdue(ServiceRequest, rules.REQUEST_TABLE, ctx, plain) if filters.overdue else None,
        None if count else _keyset(ServiceRequest, rules.REQUEST_TABLE, filters.after),
    )
    if count:
        query = ServiceRequest.select(SQL("1"))
        return query.where(where)
    assignee, columns = _columns(
        ServiceRequest,
        rules.REQUEST_TABLE,
        ServiceRequest.kind,
        source=SQL("''"),
        triage=SQL("FALSE"),
        sender=SQL("''"),
        answered=ServiceRequest.first_answered_at,
        changed=_NULL_TIME,
    )
    return (
        ServiceRequest.select(*columns)
        .join(Flat)
        .join(Building)
        .switch(Flat)
        .join(HousingCompany)
        .switch(ServiceRequest)
        .join(assignee, JOIN.LEFT_OUTER, on=(ServiceRequest.assigned_to == assignee.id))
        .where(where)
    )


_BRANCHES = {
    rules.FAULT_TABLE: _fault_branch,
    rules.THREAD_TABLE: _thread_branch,
    rules.REQUEST_TABLE: _request_branch,
}


def _tables(filters: InboxFilters) -> list[int]:
    """The tables a kind filter reads (all three without one)."""
    if filters.kind in rules.KINDS:
        return [rules.TABLE_OF[filters.kind]]
    return list(rules.TABLES)


# --- reading ------------------------------------------------------------------------------------


def _time(value) -> datetime | None:
    """A timestamp column of a raw row (SQLite gives text, PostgreSQL a datetime)."""
    if value is None or isinstance(value, datetime):
        return value
    return FaultReport.created_at.python_value(value)


def _row(values: tuple, ctx: _Context) -> InboxRow:
    (
        table,
        ident,
        activity,
        created_at,
        status,
        title,
        source,
        triage,
        sender,
        company_id,
        company_name,
        flat_number,
        street,
        assignee_id,
        assignee_name,
        answered,
        changed,
    ) = values
    table = int(table)
    activity, created_at = _time(activity), _time(created_at)
    state = rules.state_of(table, status) or rules.CLOSED
    if table == rules.FAULT_TABLE:
        kind = rules.FAULT
        cutoff = ctx.fault_cutoffs.get(status)
        changed_at = _time(changed)
        overdue = cutoff is not None and changed_at is not None and aware(changed_at) <= cutoff
    else:
        kind = rules.REQUEST if table == rules.REQUEST_TABLE else rules.thread_kind(source)
        overdue = state != rules.CLOSED and answered is None and created_at <= ctx.sla_cutoff
    return InboxRow(
        table=table,
        kind=kind,
        id=ident,
        activity=activity,
        created_at=created_at,
        status=status,
        state=state,
        title=title or "",
        company_id=company_id,
        company_name=company_name or "",
        flat_number=flat_number or "",
        street_address=street or "",
        assignee_id=assignee_id,
        assignee_name=assignee_name or "",
        overdue=overdue,
        needs_triage=bool(triage),
        sender_email=sender or "",
    )


def _union_sql(
    filters: InboxFilters, ctx: _Context, limit: int, counts: dict[int, int] | None = None
) -> tuple[str, list]:
    """The rows' UNION ALL. ``counts`` (per table, capped) leave out tables with no match and
    mark those with few matches for the plain status column (see ``_status_in``)."""
    parts, params = [], []
    tables = _tables(filters)
    if counts is not None:
        tables = [table for table in tables if counts.get(table)] or tables[:1]
    for n, table in enumerate(tables):
        model = {
            rules.FAULT_TABLE: FaultReport,
            rules.THREAD_TABLE: MessageThread,
            rules.REQUEST_TABLE: ServiceRequest,
        }[table]
        branch = (
            _BRANCHES[table](
                filters,
                ctx,
                count=False,
                plain=counts is not None and counts.get(table, 0) <= COUNT_CAP,
            )  # fmt: skip
            .order_by(model.updated_at.desc(), model.id.desc())
            .limit(limit)
        )
        sql, branch_params = branch.sql()
        parts.append(f"SELECT * FROM ({sql}) AS b{n}")  # noqa: S608 - peewee-built SQL
        params.extend(branch_params)
    union = " UNION ALL ".join(parts)
    return (
        f"SELECT * FROM ({union}) AS q ORDER BY activity DESC, tbl DESC, id DESC LIMIT {limit}",  # noqa: S608
        params,
    )


def _count_sql(filters: InboxFilters, ctx: _Context) -> tuple[str, list]:
    """One statement: each table's matches counted up to ``COUNT_CAP + 1``, one column each."""
    parts, params = [], []
    for n, table in enumerate(_tables(filters)):
        sql, branch_params = _BRANCHES[table](filters, ctx, count=True).limit(COUNT_CAP + 1).sql()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS c{n})")  # noqa: S608 - peewee-built SQL
        params.extend(branch_params)
    return "SELECT " + ", ".join(parts), params


def rows(
    filters: InboxFilters, now: datetime | None = None, viewer_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> tuple[list[InboxRow], Cursor | None]:  # fmt: skip
    """One page of rows (one statement) and the next page's cursor (None on the last page)."""
    ctx = _context(now or datetime.now(UTC), viewer_id)
    return _rows(filters, ctx, limit)


def _rows(
    filters: InboxFilters, ctx: _Context, limit: int, counts: dict[int, int] | None = None
) -> tuple[list[InboxRow], Cursor | None]:
    sql, params = _union_sql(filters, ctx, limit + 1, counts)
    found = [_row(values, ctx) for values in database().execute_sql(sql, params).fetchall()]
    more = len(found) > limit
    found = found[:limit]
    return found, (found[-1].cursor if more and found else None)


def page(
    filters: InboxFilters, now: datetime | None = None, viewer_id: int | None = None
) -> InboxPage:
    """One page of the queue: two statements (the capped count per table, then the rows) whatever
    the stock. The counts are of every match, not of the rows after the cursor."""
    ctx = _context(now or datetime.now(UTC), viewer_id)
    sql, params = _count_sql(filters, ctx)
    per_table = database().execute_sql(sql, params).fetchone()
    counts = {table: int(n) for table, n in zip(_tables(filters), per_table, strict=True)}
    counted = sum(counts.values())
    found, next_cursor = _rows(filters, ctx, PAGE_SIZE, counts)
    return InboxPage(
        rows=found,
        total=min(counted, COUNT_CAP),
        capped=counted > COUNT_CAP,
        next_cursor=next_cursor,
        first_page=filters.after is None,
    )


def all_rows(filters: InboxFilters, now: datetime | None = None, viewer_id: int | None = None,
             batch: int = 500):  # fmt: skip
    """Every row the filters show, in the queue's order, read a batch at a time by keyset (for
    the CSV export: memory stays flat however long the queue)."""
    ctx = _context(now or datetime.now(UTC), viewer_id)
    current = replace(filters, after=None)
    while True:
        found, next_cursor = _rows(current, ctx, batch)
        yield from found
        if next_cursor is None:
            return
        current = replace(current, after=next_cursor)


# --- the filters' choices ------------------------------------------------------------------------


def companies() -> list[HousingCompany]:
    """Housing companies for the filter (one query)."""
    return fault_queue.companies()


def workers() -> list[User]:
    """The desk's workers (staff and admins, not disabled) for the assignment filter and the
    assign form (one query)."""
    return list(
        User.select(User.id, User.name, User.email)
        .where(User.role.in_(STAFF_ROLES) & (User.disabled == False))  # noqa: E712
        .order_by(Case(None, [(User.name == "", 1)], 0), User.name, User.email)
    )

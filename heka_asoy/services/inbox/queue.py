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

The SQL is built in ``sql`` (one branch per table), the values are in ``types``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from peewee import Case

from ...db import database
from ...domain import inbox as rules
from ...models import FaultReport, User
from ...models.accounts import STAFF_ROLES
from .. import fault_queue
from ..faults.core import aware
from .sql import Context, context, count_sql, tables, union_sql
from .types import ME, NOBODY, Cursor, InboxFilters, InboxPage, InboxRow

__all__ = ["ME", "NOBODY", "Cursor", "InboxFilters", "InboxPage", "InboxRow", "all_rows",
           "page", "rows", "workers"]  # fmt: skip

PAGE_SIZE = 50
COUNT_CAP = fault_queue.COUNT_CAP


# --- reading ------------------------------------------------------------------------------------


def _time(value) -> datetime | None:
    """A timestamp column of a raw row (SQLite gives text, PostgreSQL a datetime)."""
    if value is None or isinstance(value, datetime):
        return value
    return FaultReport.created_at.python_value(value)


def _row(values: tuple, ctx: Context) -> InboxRow:
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


def rows(
    filters: InboxFilters, now: datetime | None = None, viewer_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> tuple[list[InboxRow], Cursor | None]:  # fmt: skip
    """One page of rows (one statement) and the next page's cursor (None on the last page)."""
    ctx = context(now or datetime.now(UTC), viewer_id, filters)
    return _rows(filters, ctx, limit)


def _rows(
    filters: InboxFilters, ctx: Context, limit: int, counts: dict[int, int] | None = None
) -> tuple[list[InboxRow], Cursor | None]:
    sql, params = union_sql(filters, ctx, limit + 1, counts, COUNT_CAP)
    found = [_row(values, ctx) for values in database().execute_sql(sql, params).fetchall()]
    more = len(found) > limit
    found = found[:limit]
    return found, (found[-1].cursor if more and found else None)


def page(
    filters: InboxFilters, now: datetime | None = None, viewer_id: int | None = None
) -> InboxPage:
    """One page of the queue: two statements (the capped count per table, then the rows) whatever
    the stock. The counts are of every match, not of the rows after the cursor."""
    ctx = context(now or datetime.now(UTC), viewer_id, filters)
    sql, params = count_sql(filters, ctx, COUNT_CAP)
    per_table = database().execute_sql(sql, params).fetchone()
    counts = {table: int(n) for table, n in zip(tables(filters), per_table, strict=True)}
    counted = sum(counts.values())
    found, next_cursor = _rows(filters, ctx, PAGE_SIZE, counts)
    return InboxPage(
        rows=found,
        total=min(counted, COUNT_CAP),
        capped=counted > COUNT_CAP,
        next_cursor=next_cursor,
        first_page=filters.after is None,
        company=ctx.company,
    )


def all_rows(filters: InboxFilters, now: datetime | None = None, viewer_id: int | None = None,
             batch: int = 500):  # fmt: skip
    """Every row the filters show, in the queue's order, read a batch at a time by keyset (for
    the CSV export: memory stays flat however long the queue)."""
    ctx = context(now or datetime.now(UTC), viewer_id, filters)
    current = replace(filters, after=None)
    while True:
        found, next_cursor = _rows(current, ctx, batch)
        yield from found
        if next_cursor is None:
            return
        current = replace(current, after=next_cursor)


# --- the filters' choices ------------------------------------------------------------------------


def workers() -> list[User]:
    """The desk's workers (staff and admins, not disabled) for the assignment filter and the
    assign form (one query)."""
    return list(
        User.select(User.id, User.name, User.email)
        .where(User.role.in_(STAFF_ROLES) & (User.disabled == False))  # noqa: E712
        .order_by(Case(None, [(User.name == "", 1)], 0), User.name, User.email)
    )

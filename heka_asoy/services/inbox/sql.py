"""The desk queue's SQL: one branch per table (faults, threads, requests) with the filters as
conditions, their ``UNION ALL`` for the rows and their capped counts. See ``queue`` for why it
is shaped so; ``queue`` runs it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_

from peewee import JOIN, SQL, NodeList, fn

from ...db import is_sqlite
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
from .. import company_search, fault_queue
from ..company_search import CompanyChoice
from ..faults.core import naive
from .types import ME, NOBODY, Cursor, InboxFilters

#: The longest a title shown in a row may be (a fault's description is cut here, in SQL).
TITLE_CHARS = 120


@dataclass(frozen=True)
class Context:
    """What a request decides once: now, the cutoffs and who is asking."""

    now: datetime
    sla_cutoff: datetime  # naive UTC
    fault_cutoffs: dict[str, datetime]  # aware UTC, per fault status
    viewer_id: int | None
    #: What the housing-company filter matched (None without one).
    company: CompanyChoice | None = None


def context(now: datetime, viewer_id: int | None, filters: InboxFilters | None = None) -> Context:
    """What a request decides once; a housing-company filter costs one query here (what it
    matched), none without."""
    return Context(
        now=now,
        sla_cutoff=naive(rules.sla_cutoff(now)),
        fault_cutoffs=fault_queue._cutoffs(now),
        viewer_id=viewer_id,
        company=fault_queue.company_choice(filters) if filters is not None else None,
    )


def _status(model, plain: bool = False):
    """The status column, written ``+status`` on SQLite unless ``plain`` (see ``_status_in``)."""
    if plain or not is_sqlite():
        return model.status
    return NodeList((SQL("+"), model.status), glue="")


def _status_in(model, table: int, state_filter: str, plain: bool = False):
    """``status IN (...)`` for a state filter.

    When a branch matches many rows (more than the count's cap, which the count has just said), the
    column is written ``+status`` on SQLite, so the planner walks the ``(updated_at, id)`` index
    newest first and stops after a page instead of taking the status index and sorting every open
    case (440 ms at 100,000 open cases, against 1.5 ms). When it matches few, a walk could read the
    whole table to find them: then the plain column lets the planner use any index, and the sort is
    of at most the cap's rows. The count itself always takes the plain column. PostgreSQL's
    planner weighs the LIMIT itself."""
    return _status(model, plain).in_(rules.statuses_for(table, state_filter))


def _in_company(model, ctx: Context):
    """The case's flat is in a chosen housing company: ``flat_id IN (those companies' flats)``,
    so the count reads each flat's cases by its index instead of joining every open case to its
    flat (a case without a flat is in no company). A text matches the companies in a subquery of
    the same statement, however many there are."""
    if ctx.company is None:
        return None
    companies = company_search.condition(Flat.housing_company, ctx.company)
    return model.flat.in_(Flat.select(Flat.id).where(companies))


def _assigned_condition(field, filters: InboxFilters, ctx: Context):
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


def _sla_overdue(model, table: int, ctx: Context, plain: bool):
    return (
        model.first_answered_at.is_null()
        & (model.created_at <= ctx.sla_cutoff)
        & _status_in(model, table, rules.ACTIVE, plain)
    )


def _fault_overdue(ctx: Context, plain: bool):
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


def _fault_branch(filters: InboxFilters, ctx: Context, *, count: bool, plain: bool = False):
    plain = (plain or count) and ctx.company is None  # a company: search by its flats
    where = _and(
        _status_in(FaultReport, rules.FAULT_TABLE, filters.state, plain),
        _in_company(FaultReport, ctx),
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
    return _placed(FaultReport, columns, assignee, where)


def _thread_branch(filters: InboxFilters, ctx: Context, *, count: bool, plain: bool = False):
    plain = (plain or count) and ctx.company is None  # a company: search by its flats
    source = None
    if filters.kind == rules.MAILBOX:
        source = MessageThread.source == rules.EMAIL_SOURCE
    elif filters.kind == rules.MESSAGE:
        source = MessageThread.source != rules.EMAIL_SOURCE
    where = _and(
        _status_in(MessageThread, rules.THREAD_TABLE, filters.state, plain),
        source,
        _in_company(MessageThread, ctx),
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
    return _placed(MessageThread, columns, assignee, where, JOIN.LEFT_OUTER)


def _request_branch(filters: InboxFilters, ctx: Context, *, count: bool, plain: bool = False):
    plain = (plain or count) and ctx.company is None  # a company: search by its flats
    where = _and(
        _status_in(ServiceRequest, rules.REQUEST_TABLE, filters.state, plain),
        _in_company(ServiceRequest, ctx),
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
    return _placed(ServiceRequest, columns, assignee, where)


def _placed(model, columns, assignee, where, join=JOIN.INNER):
    """A branch's rows with their flat, building, housing company and assignee (``join``
    LEFT OUTER where the flat may be missing: a mailbox case in triage)."""
    return (
        model.select(*columns)
        .join(Flat, join)
        .join(Building, join)
        .switch(Flat)
        .join(HousingCompany, join)
        .switch(model)
        .join(assignee, JOIN.LEFT_OUTER, on=(model.assigned_to == assignee.id))
        .where(where)
    )


_BRANCHES = {
    rules.FAULT_TABLE: _fault_branch,
    rules.THREAD_TABLE: _thread_branch,
    rules.REQUEST_TABLE: _request_branch,
}


def tables(filters: InboxFilters) -> list[int]:
    """The tables a kind filter reads (all three without one)."""
    if filters.kind in rules.KINDS:
        return [rules.TABLE_OF[filters.kind]]
    return list(rules.TABLES)


def union_sql(
    filters: InboxFilters, ctx: Context, limit: int, counts: dict[int, int] | None, cap: int
) -> tuple[str, list]:
    """The rows' UNION ALL. ``counts`` (per table, capped) leave out tables with no match and
    mark those with few matches for the plain status column (see ``_status_in``)."""
    parts, params = [], []
    read = tables(filters)
    if counts is not None:
        read = [table for table in read if counts.get(table)] or read[:1]
    for n, table in enumerate(read):
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
                plain=counts is not None and counts.get(table, 0) <= cap,
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


def count_sql(filters: InboxFilters, ctx: Context, cap: int) -> tuple[str, list]:
    """One statement: each table's matches counted up to ``cap + 1``, one column each."""
    parts, params = [], []
    for n, table in enumerate(tables(filters)):
        sql, branch_params = _BRANCHES[table](filters, ctx, count=True).limit(cap + 1).sql()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS c{n})")  # noqa: S608 - peewee-built SQL
        params.extend(branch_params)
    return "SELECT " + ", ".join(parts), params

"""The asoy desk's fault reads: the queue with its filters, a report with its timeline, and the
review queue (accepting or rejecting a reviewed report is a write of ``faults.public``).

Every page here runs a fixed number of queries whatever the number of rows: the queue joins
flat, building and housing company into one query and counts in a second; nothing is loaded per
row. The overdue filter runs in SQL: for each status with a limit, the latest
``status_changed_at`` that is overdue *now* is worked out once per request (checked against
:func:`heka_asoy.domain.faults.overdue`, so filter and row flag always agree with the rule), and
the query asks for ``status_changed_at <= cutoff`` per status. The row flag compares with the same
cutoffs, so a page never counts business hours once per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import reduce
from math import ceil
from operator import or_

from peewee import JOIN, SQL, fn

from ..domain import faults as rules
from ..domain import responsibility as parties
from ..domain.office_hours import latest_start_within
from ..models import (
    FaultEvent,
    FaultMeToo,
    FaultPhoto,
    FaultReport,
    Flat,
    User,
)
from . import company_search
from .company_search import CompanyChoice
from .faults import PhotoFile, ReportNotFound, ReportView
from .faults.core import aware, naive, photo_file, photos_of

PAGE_SIZE = 50
#: The queue counts at most this many matching reports: counting every open report of Heka's
#: whole stock on each view cost more than the page (50-90 ms at 1,000,000 reports). Beyond it
#: the page says "more than 1,000" and the desk narrows with the filters.
COUNT_CAP = 1000
#: The status filter's extra choices beside the single statuses.
OPEN = "open"
ALL = "all"
#: "Older than" choices, in days.
AGE_DAYS = (1, 3, 7)
#: How far back the overdue edge is looked for (the longest limit is ten business days).
_WALK_DAYS = 400


@dataclass(frozen=True)
class QueueFilters:
    status: str = OPEN  # OPEN, ALL or one status code
    #: One housing company by id (a link: ``?company=12``, or the name the page showed).
    company: int | None = None
    #: What the housing-company field holds: part of a name or business ID, or an id.
    company_text: str = ""
    older_than: int | None = None  # days since the report was made
    overdue: bool = False
    page: int = 1
    #: Who answers for the repair (``domain.responsibility.PARTIES``); None for everyone.
    responsible: str | None = None


@dataclass(frozen=True)
class QueueRow:
    report: FaultReport  # with .flat, .flat.building and .flat.housing_company loaded
    overdue: bool


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    page: int
    pages: int
    total: int
    #: True when there are more matches than ``COUNT_CAP``: ``total`` is then the cap.
    capped: bool = False
    #: What the housing-company filter matched (None without one).
    company: CompanyChoice | None = None

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _walk_back(limit: timedelta, now: datetime, hours) -> datetime:
    """The earliest moment ``s`` with ``business_hours_between(s, now) <= limit`` (aware UTC);
    the walk itself lives in the domain (shared with the desk inbox's SLA)."""
    return latest_start_within(limit, now, hours)


def _search(status: str, early: datetime, late: datetime, now: datetime) -> datetime:
    """Binary search to the microsecond for the edge of ``overdue`` between ``early`` (overdue)
    and ``late`` (not overdue)."""
    while late - early > timedelta(microseconds=1):
        middle = early + (late - early) / 2
        if middle in (early, late):
            break
        if rules.overdue(status, middle, now):
            early = middle
        else:
            late = middle
    return early


def overdue_cutoff(status: str, now: datetime) -> datetime | None:
    """The latest moment (aware UTC) such that a report in ``status`` since then is overdue at
    ``now``; None when the status is never overdue.

    ``overdue`` only grows the earlier ``since`` is, so ``overdue(status, since, now)`` is exactly
    ``since <= overdue_cutoff(status, now)``. The edge is found by walking back over the business
    windows and then checked against :func:`rules.overdue` itself (a binary search settles it if
    the two ever disagree), so the queue's filter and its flag cannot drift from the rule."""
    limit = rules.OVERDUE_LIMITS.get(status)
    if limit is None:
        return None
    one = timedelta(microseconds=1)
    edge = _walk_back(limit, now, rules.MAINTENANCE_BUSINESS) - one
    if rules.overdue(status, edge, now) and not rules.overdue(status, edge + one, now):
        return edge
    early = now - timedelta(days=_WALK_DAYS)  # pragma: no cover - the walk agrees with the rule
    return _search(status, early, now, now)  # pragma: no cover


def _cutoffs(now: datetime) -> dict[str, datetime]:
    return {
        status: cutoff
        for status in rules.OVERDUE_LIMITS
        if (cutoff := overdue_cutoff(status, now)) is not None
    }


def _overdue_condition(cutoffs: dict[str, datetime]):
    return reduce(
        or_,
        [
            (FaultReport.status == status) & (FaultReport.status_changed_at <= naive(cutoff))
            for status, cutoff in cutoffs.items()
        ],
    )


def _status_condition(status: str):
    if status == OPEN:
        return FaultReport.status.in_(sorted(rules.OPEN_STATUSES - {rules.UNCONFIRMED}))
    if status in rules.STATUSES:
        return FaultReport.status == status
    # ALL (and anything unknown): every report except those nobody has confirmed yet
    return FaultReport.status != rules.UNCONFIRMED


def is_overdue(report: FaultReport, cutoffs: dict[str, datetime]) -> bool:
    """``rules.overdue(report.status, report.status_changed_at, now)`` for the ``now`` the
    cutoffs were made for, without counting business hours once per row."""
    cutoff = cutoffs.get(report.status)
    return cutoff is not None and aware(report.status_changed_at) <= cutoff


def company_choice(filters) -> CompanyChoice | None:
    """The housing-company filter of a queue's filters (``company_text`` and ``company``, the
    id the page showed by name, or an id alone from a link): one query, none without."""
    text = filters.company_text or (str(filters.company) if filters.company else "")
    return company_search.resolve(text, filters.company)


def queue(filters: QueueFilters, now: datetime | None = None) -> QueuePage:
    """One page of the desk's queue, newest first: two queries (count and rows) whatever the
    number of rows, and one more for a housing-company filter (what it matched). The companies
    a text matches are a subquery of the same SQL, whatever their number."""
    now = now or datetime.now(UTC)
    cutoffs = _cutoffs(now)
    where = _status_condition(filters.status)
    chosen = company_choice(filters)
    if chosen is not None:
        where &= company_search.condition(Flat.housing_company, chosen)
    if filters.older_than:
        where &= FaultReport.created_at <= naive(now - timedelta(days=filters.older_than))
    if filters.overdue:
        where &= _overdue_condition(cutoffs)
    if filters.responsible:
        where &= FaultReport.responsible == filters.responsible
    matching = FaultReport.select(SQL("1"))
    if chosen is not None:
        matching = matching.join(Flat)  # without a company filter the join only slows the count
    # Counted up to one past the cap: the database stops reading there.
    found = matching.where(where).limit(COUNT_CAP + 1).count()
    capped = found > COUNT_CAP
    total = min(found, COUNT_CAP)
    pages = max(1, ceil(total / PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    query = (
        FaultReport.with_place()
        .where(where)
        .order_by(FaultReport.created_at.desc(), FaultReport.id.desc())
        .paginate(page, PAGE_SIZE)
    )
    shown = total - (page - 1) * PAGE_SIZE  # the last page stops at the cap
    rows = [QueueRow(report, is_overdue(report, cutoffs)) for report in query][:shown]
    return QueuePage(rows=rows, page=page, pages=pages, total=total, capped=capped, company=chosen)


# --- one report -------------------------------------------------------------------------------


def report_for_desk(report_id: int) -> FaultReport:
    """A report with its flat, building, housing company and maintenance company, and how many
    neighbours said "me too" (``me_too_count``), in one query; ``ReportNotFound`` when there is
    none."""
    me_too = FaultMeToo.select(fn.COUNT(FaultMeToo.id)).where(FaultMeToo.report == FaultReport.id)
    report = (
        FaultReport.with_place(maintenance=True)
        .select_extend(me_too.alias("me_too_count"))
        .where(FaultReport.id == report_id)
        .first()
    )
    if report is None:
        raise ReportNotFound()
    return report


def desk_timeline(report: FaultReport) -> list[FaultEvent]:
    """The whole timeline, internal notes included, with the acting user joined (one query)."""
    return list(
        FaultEvent.select(FaultEvent, User)
        .join(User, JOIN.LEFT_OUTER, on=(FaultEvent.actor == User.id))
        .where(FaultEvent.report == report.id)
        .order_by(FaultEvent.created_at, FaultEvent.id)
    )


def desk_transitions(report: FaultReport) -> list[str]:
    """The statuses the desk may move ``report`` to, in the statuses' order."""
    allowed = rules.allowed_next(report.status, rules.DESK)
    if not parties.forwarded(report.responsible):
        # Heka's or the resident's share reaches maintenance only by a move, with a reason.
        allowed = allowed - {rules.SENT_TO_MAINTENANCE}
    return [status for status in rules.STATUSES if status in allowed]


@dataclass(frozen=True)
class DeskView(ReportView):
    """One report as the desk sees it: ``report.flat`` with building, housing company and
    maintenance company, the whole timeline, the photos and the desk's possible changes."""

    transitions: list[str]

    @property
    def in_review(self) -> bool:
        return self.report.status == rules.REVIEW


def desk_view(report_id: int) -> DeskView:
    """The desk's report page (four queries whatever the report holds)."""
    report = report_for_desk(report_id)
    return DeskView(report, desk_timeline(report), photos_of(report), desk_transitions(report))


def desk_photo(photo_id: int, thumb: bool = False) -> PhotoFile:
    """Any report's photo: the desk sees every report."""
    return photo_file(FaultPhoto.get_or_none(FaultPhoto.id == photo_id), thumb)


# --- the review queue -------------------------------------------------------------------------


def review_queue(limit: int = 200) -> list[FaultReport]:
    """Confirmed public reports that did not match the register, oldest first (one query)."""
    return list(
        FaultReport.with_place()
        .where(FaultReport.status == rules.REVIEW)
        .order_by(FaultReport.created_at, FaultReport.id)
        .limit(limit)
    )

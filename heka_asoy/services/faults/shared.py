"""Open reports about a building's shared spaces (stairwell, laundry room, sauna, yard ...) and
"me too": a neighbour sees them in the fault form, without who filed them, and joins one instead
of filing a duplicate. A join is counted once per user; the user then gets the report's progress
notices (``core.mail_reporter`` tells them too, see ``notify_followers``).

Every read starts from ``access``: only the buildings of the user's own flats with the fault
right, so a report of another building does not exist for them (``ReportNotFound``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import IntegrityError, fn

from ...db import write_txn
from ...domain import announcements as announcement_rules
from ...domain import faults as rules
from ...models import FaultMeToo, FaultReport, Flat, User
from .. import access, audit
from .core import FaultError, ReportNotFound

#: The fault form shows at most this many of the building's open shared-space reports.
SHARED_LIMIT = 20

#: Statuses in which a report is open and real (a closed one takes no "me too"; an unconfirmed
#: or unreviewed public report is not shown to anybody yet).
_OPEN = tuple(sorted(rules.OPEN_STATUSES - {rules.UNCONFIRMED, rules.REVIEW}))


@dataclass(frozen=True)
class SharedReport:
    """An open report about a shared space, as a neighbour sees it: never who filed it."""

    id: int
    category: str
    location: str
    status: str
    created_at: datetime
    me_too: int
    joined: bool
    own: bool


def _shared_codes() -> tuple[str, ...]:
    return announcement_rules.shared_space_codes(rules.LEAF_CODES)


def _building_of(flat_id: int) -> int:
    return Flat.select(Flat.building).where(Flat.id == flat_id).scalar()


def _open_shared(building_ids: list[int]):
    return (
        FaultReport.select(FaultReport)
        .join(Flat)
        .where(
            Flat.building.in_(building_ids)
            & FaultReport.category.in_(_shared_codes())
            & FaultReport.status.in_(_OPEN)
        )
    )


def shared_reports(user: User, flat_id: int) -> list[SharedReport]:
    """The open shared-space reports of the building of ``flat_id`` (one of the user's flats
    with the fault right: ``NotFound`` otherwise), newest first, with their "me too" counts."""
    access.flat_access(user, flat_id, "faults")
    own_flats = set(access.flat_ids_with(user, "faults"))
    count = FaultMeToo.select(fn.COUNT(FaultMeToo.id)).where(FaultMeToo.report == FaultReport.id)
    mine = FaultMeToo.select(fn.COUNT(FaultMeToo.id)).where(
        (FaultMeToo.report == FaultReport.id) & (FaultMeToo.user == user.id)
    )
    rows = (
        _open_shared([_building_of(flat_id)])
        .select(FaultReport, count.alias("me_too_count"), mine.alias("mine"))
        .order_by(FaultReport.created_at.desc(), FaultReport.id.desc())
        .limit(SHARED_LIMIT)
    )
    return [
        SharedReport(
            id=r.id,
            category=r.category,
            location=r.location,
            status=r.status,
            created_at=r.created_at,
            me_too=int(r.me_too_count or 0),
            joined=bool(r.mine),
            own=r.flat_id in own_flats,
        )
        for r in rows
    ]


def _reachable(user: User, report_id: int) -> FaultReport:
    """An open shared-space report in a building of the user's flats; ``ReportNotFound`` for
    any other (another building's report does not exist for the user)."""
    flat_ids = access.flat_ids_with(user, "faults")
    if not flat_ids:
        raise ReportNotFound()
    buildings = [b for (b,) in Flat.select(Flat.building).where(Flat.id.in_(flat_ids)).tuples()]
    report = _open_shared(buildings).where(FaultReport.id == report_id).first()
    if report is None:
        raise ReportNotFound()
    return report


def join_report(user: User, report_id: int) -> SharedReport:
    """The user says "me too" to an open shared-space report of their building: counted once
    (a second join changes nothing); their own flat's report takes none (``FaultError``)."""
    with write_txn():
        report = _reachable(user, report_id)
        if report.flat_id in set(access.flat_ids_with(user, "faults")):
            raise FaultError("own_report")
        if (
            not FaultMeToo.select()
            .where((FaultMeToo.report == report.id) & (FaultMeToo.user == user.id))
            .exists()
        ):
            try:
                with write_txn():  # a savepoint: the unique pair is the last guard
                    FaultMeToo.create(report=report.id, user=user.id)
            except IntegrityError:
                pass  # the same user in another tab, a moment earlier: counted once
            else:
                audit.record("fault_me_too", user, report)
        count = FaultMeToo.select().where(FaultMeToo.report == report.id).count()
    return SharedReport(
        id=report.id,
        category=report.category,
        location=report.location,
        status=report.status,
        created_at=report.created_at,
        me_too=count,
        joined=True,
        own=False,
    )


def me_too_count(report_id: int) -> int:
    """How many neighbours said "me too" to a report (the desk's report page may show it)."""
    return FaultMeToo.select().where(FaultMeToo.report == report_id).count()

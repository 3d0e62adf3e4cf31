"""Reading the audit log: filters, keyset pages and the rows of the CSV export.

**Who** (the actor): a username (e-mail) or an account id, staff or resident. It matches rows
the account wrote (``actor``) and rows a desk worker wrote while acting for a resident
(``acting_staff``), so "what did worker X do" includes their on-behalf work. When no account has
that username, the text is matched against ``actor_label`` (the writers without an account: a
maintenance company through its link, the invoicing job, a public form's sender).

**Whom** (the target): ``services.audit.record`` stores the target as its model's lower-case
class name and id (``target_type``, ``target_id``). The filter takes a kind and an id:

* ``person`` (a resident of the register): rows whose target is the resident, or the person's
  account (``user``);
* ``flat``: rows whose target is the flat itself (e.g. ``register_viewed`` of its page) or a
  row that belongs to the flat: its leases, fault reports, service requests, desk threads,
  sauna turns and one-off bookings, parking contracts, door openings, key handovers, reported
  moves and office appointments (each a subquery on the row's ``flat`` column);
* ``user`` (an account) and every other stored type: exactly that type and id.

Rows about a person's or a flat's data that name it only inside ``data`` are not found this way
(``data`` is JSON text, not indexed); every write of the portal names its row as target.

**When**: Helsinki days, inclusive, turned into UTC bounds of ``created_at``.

Pages go newest first by keyset on ``id`` (the next page starts below the last id shown), so
page 1,000 of a log of millions costs what page 1 costs; each filter has an index to walk
(migration 019: ``(action, id)``, ``(actor, id)``; ``(target_type, target_id)``; ``created_at``).
A page is one statement (plus one to find the account of "who").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from peewee import JOIN

from ...db import write_txn
from ...domain.office_hours import HELSINKI
from ...models import (
    Appointment,
    AuditLog,
    DoorOpening,
    FaultReport,
    KeyHandover,
    Lease,
    MessageThread,
    OccupantChange,
    ParkingContract,
    SaunaSingleBooking,
    SaunaTurn,
    ServiceRequest,
    User,
)
from .. import audit
from ..accounts import normalize_email

PAGE_SIZE = 50
#: The most rows one CSV export writes (the page says so).
EXPORT_MAX = 50_000
EXPORT_BATCH = 1_000

PERSON = "person"
FLAT = "flat"
ACCOUNT = "user"
#: Target kinds the filter offers (stored target types beside person and flat).
WHOM_KINDS = (
    PERSON, FLAT, ACCOUNT, "lease", "faultreport", "servicerequest", "messagethread",
    "saunaturn", "parkingcontract", "dooropening", "keyhandover", "occupantchange",
    "appointment", "powerofattorney", "termination", "accountclosure", "identification",
)  # fmt: skip

#: The tables whose rows belong to a flat through their ``flat`` column.
_FLAT_ROWS = (
    ("lease", Lease),
    ("faultreport", FaultReport),
    ("servicerequest", ServiceRequest),
    ("messagethread", MessageThread),
    ("saunaturn", SaunaTurn),
    ("saunasinglebooking", SaunaSingleBooking),
    ("parkingcontract", ParkingContract),
    ("dooropening", DoorOpening),
    ("keyhandover", KeyHandover),
    ("occupantchange", OccupantChange),
    ("appointment", Appointment),
)


@dataclass(frozen=True)
class AuditFilters:
    who: str = ""  # a username, an account id or an actor label
    whom_type: str = ""  # one of WHOM_KINDS
    whom_id: int | None = None
    action: str = ""
    since: date | None = None
    until: date | None = None
    after: int | None = None  # the keyset cursor: rows with a smaller id

    @property
    def empty(self) -> bool:
        return not (self.who or self.whom_type or self.action or self.since or self.until)

    def logged(self) -> dict:
        """The filter as the audit row of reading it keeps it."""
        data = asdict(replace(self, after=None))
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items() if v}


@dataclass(frozen=True)
class AuditRow:
    id: int
    created_at: datetime  # naive UTC
    actor_id: int | None
    actor_email: str
    actor_name: str
    actor_role: str
    staff_id: int | None
    staff_email: str
    actor_label: str
    action: str
    target_type: str
    target_id: int | None
    data: dict
    ip: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    #: The next page's cursor (an id), None on the last page.
    next_after: int | None
    first_page: bool


def _utc_start(day: date) -> datetime:
    """Midnight starting ``day`` in Helsinki, as naive UTC."""
    return datetime.combine(day, time(0), tzinfo=HELSINKI).astimezone(UTC).replace(tzinfo=None)


def _who_condition(who: str):
    text = who.strip()
    user_id = int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None
    if user_id is None:
        found = User.select(User.id).where(User.email == normalize_email(text)).first()
        user_id = found.id if found else None
    if user_id is None:
        return AuditLog.actor_label == text
    return (AuditLog.actor == user_id) | (AuditLog.acting_staff == user_id)


def _target(kind: str, ident: int):
    return (AuditLog.target_type == kind) & (AuditLog.target_id == ident)


def _whom_condition(kind: str, ident: int):
    if kind == PERSON:
        accounts = User.select(User.id).where(User.resident == ident)
        return _target("resident", ident) | (
            (AuditLog.target_type == "user") & AuditLog.target_id.in_(accounts)
        )
    if kind == FLAT:
        cond = _target("flat", ident)
        for name, model in _FLAT_ROWS:
            rows = model.select(model.id).where(model.flat == ident)
            cond |= (AuditLog.target_type == name) & AuditLog.target_id.in_(rows)
        return cond
    return _target(kind, ident)


def _conditions(filters: AuditFilters):
    cond = []
    if filters.who:
        cond.append(_who_condition(filters.who))
    if filters.whom_type in WHOM_KINDS and filters.whom_id:
        cond.append(_whom_condition(filters.whom_type, filters.whom_id))
    if filters.action:
        cond.append(AuditLog.action == filters.action)
    if filters.since:
        cond.append(AuditLog.created_at >= _utc_start(filters.since))
    if filters.until:
        cond.append(AuditLog.created_at < _utc_start(filters.until + timedelta(days=1)))
    return cond


def _select(conditions, after: int | None, limit: int):
    staff = User.alias()
    query = (
        AuditLog.select(
            AuditLog.id,
            AuditLog.created_at,
            AuditLog.actor,
            User.email,
            User.name,
            User.role,
            AuditLog.acting_staff,
            staff.email,
            AuditLog.actor_label,
            AuditLog.action,
            AuditLog.target_type,
            AuditLog.target_id,
            AuditLog.data,
            AuditLog.ip,
        )  # fmt: skip
        .join(User, JOIN.LEFT_OUTER, on=(AuditLog.actor == User.id))
        .switch(AuditLog)
        .join(staff, JOIN.LEFT_OUTER, on=(AuditLog.acting_staff == staff.id))
    )
    if after is not None:
        conditions = [*conditions, AuditLog.id < after]
    for cond in conditions:
        query = query.where(cond)
    return query.order_by(AuditLog.id.desc()).limit(limit).tuples()


def _rows(conditions, after: int | None, limit: int) -> list[AuditRow]:
    found = []
    for values in _select(conditions, after, limit):
        values = list(values)
        data = values[12]
        if isinstance(data, str):  # a raw value when the JSON column comes back as text
            data = AuditLog.data.python_value(data)
        values[12] = data if isinstance(data, dict) else {}
        values[3:6] = [v or "" for v in values[3:6]]
        values[7] = values[7] or ""
        found.append(AuditRow(*values))
    return found


def page(filters: AuditFilters) -> AuditPage:
    """One page, newest first (one statement, two when "who" names an account)."""
    conditions = _conditions(filters)
    found = _rows(conditions, filters.after, PAGE_SIZE + 1)
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    return AuditPage(
        rows=found,
        next_after=found[-1].id if more and found else None,
        first_page=filters.after is None,
    )


def read_page(filters: AuditFilters, viewer: User) -> AuditPage:
    """A page for the admin ``viewer``; reading it is audited (``audit_viewed``, the filter)."""
    result = page(filters)
    with write_txn():
        audit.record("audit_viewed", viewer, None, filter=filters.logged())
    return result


def export_rows(filters: AuditFilters, viewer: User, limit: int = EXPORT_MAX) -> Iterator[AuditRow]:
    """The export is audited at once (``audit_exported``, the filter); the rows are then read
    ``EXPORT_BATCH`` at a time by keyset, newest first, at most ``limit`` of them, so memory
    stays flat however long the log."""
    conditions = _conditions(filters)
    with write_txn():
        audit.record("audit_exported", viewer, None, filter=filters.logged())

    def rows() -> Iterator[AuditRow]:
        after, left = None, limit
        while left > 0:
            batch = _rows(conditions, after, min(EXPORT_BATCH, left))
            yield from batch
            if len(batch) < min(EXPORT_BATCH, left):
                return
            left -= len(batch)
            after = batch[-1].id

    return rows()

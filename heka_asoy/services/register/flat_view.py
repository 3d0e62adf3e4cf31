"""One flat on one page for the admins: its people (lease parties, other residents, their
accounts and the accounts' state), leases (current and past), sauna turns, parking contracts,
fault reports, service requests, desk threads, office appointments and a summary of invoices.

Built by one call in a fixed number of statements (13 and the audit row), whatever the flat's
history: each list is one statement with a ``LIMIT`` (the newest ``SHORT_LIST``, an extra row
saying there are more), the lease parties and accounts are read through subqueries of the
flat, and the invoices are one grouped statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from peewee import Case, fn

from ...db import write_txn
from ...domain.clock import helsinki_today
from ...models import (
    Appointment,
    FaultReport,
    Flat,
    Invoice,
    Lease,
    LeaseParty,
    MessageThread,
    Occupancy,
    ParkingContract,
    ParkingSpace,
    Resident,
    Sauna,
    SaunaHour,
    SaunaTurn,
    ServiceRequest,
    User,
)
from .. import audit
from ..errors import NotFound

#: The newest rows each case list shows.
SHORT_LIST = 10
#: Leases and people are fewer; more than these is said, not listed.
LONG_LIST = 30
OPEN_STATUSES = ("open", "partly_paid")


@dataclass(frozen=True)
class Account:
    email: str
    #: active, disabled, not_activated
    state: str


@dataclass
class Person:
    resident_id: int
    name: str
    hetu_masked: str
    #: lease_party (of a lease running today or ahead), former_party, other_resident
    role: str
    moved_in: date | None = None
    moved_out: date | None = None
    in_register: bool = True
    account: Account | None = None

    @property
    def lives_here(self) -> bool:
        return self.moved_in is not None and self.moved_out is None


@dataclass(frozen=True)
class LeaseRow:
    id: int
    number: str
    starts_on: date
    ends_on: date | None
    notice_given_on: date | None
    monthly_rent: Decimal
    parties: list[str]
    #: current, ahead, ended
    state: str


@dataclass(frozen=True)
class Item:
    """One row of a short list: its id, the words of its kind or status codes, a time."""

    id: int
    title: str
    status: str
    when: datetime | date | None
    extra: int | None = None  # e.g. the sauna hour or parking space to link to


@dataclass(frozen=True)
class ShortList:
    items: list[Item]
    more: bool


@dataclass(frozen=True)
class InvoiceSummary:
    count: int
    open_count: int
    open_amount: Decimal
    overdue_count: int
    latest_number: str


@dataclass
class FlatView:
    flat: Flat  # with building, housing company and its maintenance company
    people: list[Person]
    people_more: bool
    leases: list[LeaseRow]
    leases_more: bool
    sauna_turns: ShortList
    parking: ShortList
    faults: ShortList
    requests: ShortList
    threads: ShortList
    appointments: ShortList
    invoices: InvoiceSummary
    today: date = field(default_factory=helsinki_today)


def _short(rows, make) -> ShortList:
    rows = list(rows)
    return ShortList([make(r) for r in rows[:SHORT_LIST]], len(rows) > SHORT_LIST)


def _account(user: User) -> Account:
    if user.disabled:
        state = "disabled"
    elif user.activated_at is None:
        state = "not_activated"
    else:
        state = "active"
    return Account(user.email, state)


def _lease_state(lease: Lease, today: date) -> str:
    if lease.starts_on > today:
        return "ahead"
    if lease.ends_on is not None and lease.ends_on < today:
        return "ended"
    return "current"


def _people_and_leases(flat_id: int, today: date):
    leases = list(
        Lease.select()
        .where(Lease.flat == flat_id)
        .order_by(Lease.starts_on.desc(), Lease.id.desc())
        .limit(LONG_LIST + 1)
    )
    flat_leases = Lease.select(Lease.id).where(Lease.flat == flat_id)
    parties = list(
        LeaseParty.select(LeaseParty.lease, Resident)
        .join(Resident)
        .where(LeaseParty.lease.in_(flat_leases))
        .order_by(Resident.last_name, Resident.first_names)
    )
    stays = list(
        Occupancy.select(Occupancy, Resident)
        .join(Resident)
        .where(Occupancy.flat == flat_id)
        .order_by(Occupancy.moved_out.is_null(False), Occupancy.moved_in.desc())
        .limit(LONG_LIST + 1)
    )
    flat_residents = Occupancy.select(Occupancy.resident).where(Occupancy.flat == flat_id)
    party_residents = LeaseParty.select(LeaseParty.resident).where(
        LeaseParty.lease.in_(flat_leases)
    )
    accounts = {
        u.resident_id: _account(u)
        for u in User.select(User.resident, User.email, User.disabled, User.activated_at).where(
            User.resident.in_(flat_residents) | User.resident.in_(party_residents)
        )
    }

    lease_state = {lease.id: _lease_state(lease, today) for lease in leases}
    names: dict[int, list[str]] = {}
    party_role: dict[int, str] = {}
    residents: dict[int, Resident] = {}
    for party in parties:
        resident = party.resident
        residents[resident.id] = resident
        names.setdefault(party.lease_id, []).append(resident.full_name)
        ended = lease_state.get(party.lease_id, "ended") == "ended"
        if party_role.get(resident.id) != "lease_party":
            party_role[resident.id] = "former_party" if ended else "lease_party"

    people: dict[int, Person] = {}
    for stay in stays[:LONG_LIST]:
        resident = stay.resident
        if resident.id in people:
            continue  # the newest stay of a person who moved in twice
        people[resident.id] = Person(
            resident_id=resident.id,
            name=resident.full_name,
            hetu_masked=resident.hetu_masked,
            role=party_role.get(resident.id, "other_resident"),
            moved_in=stay.moved_in,
            moved_out=stay.moved_out,
            in_register=stay.in_register,
            account=accounts.get(resident.id),
        )
    for resident_id, role in party_role.items():  # parties not (or no longer) in the register
        if resident_id not in people and len(people) < LONG_LIST:
            resident = residents[resident_id]
            people[resident_id] = Person(
                resident_id=resident_id,
                name=resident.full_name,
                hetu_masked=resident.hetu_masked,
                role=role,
                account=accounts.get(resident_id),
            )
    order = {"lease_party": 0, "other_resident": 1, "former_party": 2}
    listed = sorted(
        people.values(), key=lambda p: (not p.lives_here, order[p.role], p.name.casefold())
    )
    lease_rows = [
        LeaseRow(
            id=lease.id,
            number=lease.number,
            starts_on=lease.starts_on,
            ends_on=lease.ends_on,
            notice_given_on=lease.notice_given_on,
            monthly_rent=lease.monthly_rent,
            parties=names.get(lease.id, []),
            state=lease_state[lease.id],
        )
        for lease in leases[:LONG_LIST]
    ]
    return listed, len(stays) > LONG_LIST, lease_rows, len(leases) > LONG_LIST


def _invoices(flat_id: int, today: date) -> InvoiceSummary:
    is_open = Invoice.status.in_(OPEN_STATUSES)
    row = (
        Invoice.select(
            fn.COUNT(Invoice.id),
            fn.SUM(Case(None, [(is_open, 1)], 0)),
            fn.SUM(Case(None, [(is_open, Invoice.amount - Invoice.paid_amount)], 0)),
            fn.SUM(Case(None, [(is_open & (Invoice.due_on < today), 1)], 0)),
            fn.MAX(Invoice.number),
        )
        .where(Invoice.lease.in_(Lease.select(Lease.id).where(Lease.flat == flat_id)))
        .tuples()
        .get()
    )
    count, open_count, open_amount, overdue, latest = row
    return InvoiceSummary(
        count=int(count or 0),
        open_count=int(open_count or 0),
        open_amount=Decimal(str(open_amount or 0)).quantize(Decimal("0.01")),
        overdue_count=int(overdue or 0),
        latest_number=latest or "",
    )


def flat_view(flat_id: int, viewer: User, today: date | None = None) -> FlatView:
    """Everything the register page shows of one flat, audited as ``register_viewed`` (target:
    the flat). An unknown flat is ``NotFound``."""
    today = today or helsinki_today()
    try:
        flat = Flat.with_companies(flat_id)
    except Flat.DoesNotExist as exc:
        raise NotFound("flat") from exc
    people, people_more, leases, leases_more = _people_and_leases(flat_id, today)
    limit = SHORT_LIST + 1
    turns = (
        SaunaTurn.select(SaunaTurn, SaunaHour, Sauna)
        .join(SaunaHour)
        .join(Sauna)
        .where(SaunaTurn.flat == flat_id)
        .order_by(SaunaTurn.starts_on.desc(), SaunaTurn.id.desc())
        .limit(limit)
    )
    contracts = (
        ParkingContract.select(ParkingContract, ParkingSpace)
        .join(ParkingSpace)
        .where(ParkingContract.flat == flat_id)
        .order_by(ParkingContract.starts_on.desc(), ParkingContract.id.desc())
        .limit(limit)
    )
    faults = (
        FaultReport.select(
            FaultReport.id, FaultReport.category, FaultReport.status, FaultReport.created_at
        )
        .where(FaultReport.flat == flat_id)
        .order_by(FaultReport.created_at.desc(), FaultReport.id.desc())
        .limit(limit)
    )
    requests = (
        ServiceRequest.select(
            ServiceRequest.id, ServiceRequest.kind, ServiceRequest.status, ServiceRequest.created_at
        )
        .where(ServiceRequest.flat == flat_id)
        .order_by(ServiceRequest.created_at.desc(), ServiceRequest.id.desc())
        .limit(limit)
    )
    threads = (
        MessageThread.select(
            MessageThread.id,
            MessageThread.subject,
            MessageThread.status,
            MessageThread.updated_at,
            MessageThread.needs_triage,
        )  # fmt: skip
        .where(MessageThread.flat == flat_id)
        .order_by(MessageThread.updated_at.desc(), MessageThread.id.desc())
        .limit(limit)
    )
    appointments = (
        Appointment.select(
            Appointment.id,
            Appointment.reason,
            Appointment.status,
            Appointment.starts_at,
            Appointment.created_at,
        )  # fmt: skip
        .where(Appointment.flat == flat_id)
        .order_by(Appointment.created_at.desc(), Appointment.id.desc())
        .limit(limit)
    )
    view = FlatView(
        flat=flat,
        people=people,
        people_more=people_more,
        leases=leases,
        leases_more=leases_more,
        sauna_turns=_short(
            turns,
            lambda t: Item(
                t.id,
                t.hour.sauna.name,
                "ended" if t.ends_on and t.ends_on < today else "running",
                t.starts_on,
                extra=t.hour_id,
            ),  # fmt: skip
        ),
        parking=_short(
            contracts,
            lambda c: Item(
                c.id,
                c.space.code,
                "ended" if c.ends_on and c.ends_on < today else "running",
                c.starts_on,
                extra=c.space_id,
            ),  # fmt: skip
        ),
        faults=_short(faults, lambda r: Item(r.id, r.category, r.status, r.created_at)),
        requests=_short(requests, lambda r: Item(r.id, r.kind, r.status, r.created_at)),
        threads=_short(
            threads,
            lambda t: Item(t.id, t.subject, t.status, t.updated_at, extra=int(t.needs_triage)),
        ),
        appointments=_short(
            appointments,
            lambda a: Item(a.id, a.reason, a.status, a.starts_at or a.created_at),
        ),
        invoices=_invoices(flat_id, today),
        today=today,
    )
    with write_txn():
        audit.record("register_viewed", viewer, flat, what="flat")
    return view

"""A resident's own data: everything the portal holds about the logged-in person, for them to
download (JSON) or read and print (HTML).

Scoped to the person, not to a flat: every query here selects by the person's own account id or
register row (``user.id``, ``user.resident_id``) or the leases where they are a party, so a
flat-mate's data never appears (``access`` decides which flats a user may *see*; the export is
about the person, so it never asks a flat for its rows).

Decisions (issue 10 §5):
- other people appear by name only: the co-parties of a shared lease (the person signed it with
  them) and the agents they gave a power of attorney; nobody's contact details, identity code or
  account;
- never exported: password hash, the identity code's keyed hash (the export says one is kept),
  session keys, mailed-link tokens, the desk's internal notes and internal events, the hidden
  fault events, audit rows' free data (it may name other people) and which desk worker did a
  thing (only that the desk acted for them);
- the bank account's IBAN is masked to its last four characters: a printed export lies around;
- invoices: those of the leases where the person is a party (what they owe or owed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from peewee import JOIN

from ...models import (
    AccountClosure,
    AuditLog,
    BankAccount,
    Building,
    FaultMeToo,
    FaultReport,
    Flat,
    HousingCompany,
    Invoice,
    Lease,
    LeaseParty,
    LoginSession,
    Notification,
    Occupancy,
    OccupantChange,
    PowerOfAttorney,
    Resident,
    User,
    utcnow,
)
from ...models.accounts import ROLE_RESIDENT, STAFF_ROLES
from .bookings import bookings
from .cases import fault_reports, service_requests, threads
from .common import place, with_address

#: The sections in the order the page shows them.
SECTIONS = (
    "account",
    "register",
    "bank_account",
    "occupancies",
    "leases",
    "invoices",
    "bookings",
    "fault_reports",
    "threads",
    "service_requests",
    "occupant_changes",
    "powers_given",
    "notifications",
    "me_too",
    "login_sessions",
    "account_closing",
    "audit",
)


@dataclass
class Export:
    """The person's data by section: each a list of records (dicts of plain values; nested
    lists under ``events``/``messages``)."""

    name: str
    created_at: datetime
    sections: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def closure_waiting(self) -> bool:
        """The person's request to close the account waits for the desk."""
        return any(c["status"] == "requested" for c in self.sections.get("account_closing", []))

    def as_json(self) -> dict:
        """Plain JSON values: dates ISO 8601, money as strings with two decimals."""
        return {
            "name": self.name,
            "created_at": _plain(self.created_at),
            **{key: _plain(self.sections[key]) for key in SECTIONS},
        }


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def _masked_iban(iban: str) -> str:
    compact = (iban or "").replace(" ", "")
    return compact[:2] + "*" * max(0, len(compact) - 6) + compact[-4:] if compact else ""


def export_for(user: User, now: datetime | None = None) -> Export:
    """Everything about ``user`` (a resident account), one query per section."""
    now = now or utcnow()
    if user.role != ROLE_RESIDENT:
        return Export(user.name or user.email, now, {key: [] for key in SECTIONS})
    resident = Resident.get_or_none(Resident.id == user.resident_id) if user.resident_id else None
    out = Export(resident.full_name if resident else user.email, now)
    s = out.sections
    s["account"] = [
        {
            "username": user.email,
            "email_for_notices": user.contact_email or user.email,
            "language": user.language,
            "registered_via": user.registered_via,
            "created_at": user.created_at,
            "activated_at": user.activated_at,
            "last_login_at": user.last_login_at,
        }
    ]
    s["register"] = (
        [
            {
                "first_names": resident.first_names,
                "last_name": resident.last_name,
                "birth_date": resident.birth_date,
                "email": resident.email,
                "phone": resident.phone,
                "postal_address": resident.postal_address,
                "language": resident.language,
                "identity_code_kept_as_keyed_hash": bool(resident.hetu_hash),
            }
        ]
        if resident
        else []
    )
    rid = resident.id if resident else 0
    s["bank_account"] = [
        {
            "iban": _masked_iban(b.iban),
            "bic": b.bic,
            "holder_name": b.holder_name,
            "updated_at": b.updated_at,
        }
        for b in BankAccount.select().where(BankAccount.resident == rid)
    ]
    s["occupancies"] = [
        {
            "flat": place(o.flat),
            "moved_in": o.moved_in,
            "moved_out": o.moved_out,
            "in_register": o.in_register,
        }
        for o in with_address(
            Occupancy.select(Occupancy, Flat, Building, HousingCompany).join(Flat)
        )
        .where(Occupancy.resident == rid)
        .order_by(Occupancy.moved_in)
    ]
    leases = list(
        with_address(
            Lease.select(Lease, Flat, Building, HousingCompany)
            .join(LeaseParty, on=(LeaseParty.lease == Lease.id))
            .switch(Lease)
            .join(Flat)
        )
        .where(LeaseParty.resident == rid)
        .order_by(Lease.starts_on)
    )
    lease_ids = [lease.id for lease in leases]
    parties: dict[int, list[str]] = {}
    if lease_ids:
        for party in (
            LeaseParty.select(LeaseParty, Resident)
            .join(Resident)
            .where(LeaseParty.lease.in_(lease_ids) & (LeaseParty.resident != rid))
            .order_by(Resident.last_name, Resident.first_names)
        ):
            parties.setdefault(party.lease_id, []).append(party.resident.full_name)
    s["leases"] = [
        {
            "number": lease.number,
            "flat": place(lease.flat),
            "starts_on": lease.starts_on,
            "ends_on": lease.ends_on,
            "monthly_rent": lease.monthly_rent,
            "deposit": lease.deposit,
            "notice_given_on": lease.notice_given_on,
            "other_parties": parties.get(lease.id, []),
        }
        for lease in leases
    ]
    s["invoices"] = (
        [
            {
                "number": inv.number,
                "lease": inv.lease.number,
                "period": inv.period,
                "due_on": inv.due_on,
                "amount": inv.amount,
                "paid_amount": inv.paid_amount,
                "status": inv.status,
                "reference": inv.reference,
            }
            for inv in Invoice.select(Invoice, Lease)
            .join(Lease)
            .where(Invoice.lease.in_(lease_ids))
            .order_by(Invoice.due_on, Invoice.id)
        ]
        if lease_ids
        else []
    )
    s["bookings"] = bookings(leases)
    s["fault_reports"] = fault_reports(user)
    s["threads"] = threads(user)
    s["service_requests"] = service_requests(user)
    s["occupant_changes"] = [
        {
            "kind": c.kind,
            "first_names": c.first_names,
            "last_name": c.last_name,
            "on_date": c.on_date,
            "status": c.status,
            "created_at": c.created_at,
        }
        for c in OccupantChange.select()
        .where(OccupantChange.requested_by == user.id)
        .order_by(OccupantChange.created_at)
    ]
    s["powers_given"] = [
        {
            "agent_name": p.agent_name,
            "kind": p.kind,
            "scopes": p.scopes,
            "valid_from": p.valid_from,
            "lease": p.lease.number,
        }
        for p in PowerOfAttorney.select(PowerOfAttorney, Lease)
        .join(Lease)
        .where(PowerOfAttorney.grantor == rid)
        .order_by(PowerOfAttorney.valid_from)
    ]
    s["notifications"] = [
        {"text": n.text, "created_at": n.created_at, "read_at": n.read_at}
        for n in Notification.select()
        .where(Notification.user == user.id)
        .order_by(Notification.created_at)
    ]
    s["me_too"] = [
        {"report_id": m.report_id, "category": m.report.category, "created_at": m.created_at}
        for m in FaultMeToo.select(FaultMeToo, FaultReport)
        .join(FaultReport)
        .where(FaultMeToo.user == user.id)
        .order_by(FaultMeToo.created_at)
    ]
    s["login_sessions"] = [
        {"created_at": ls.created_at, "expires_at": ls.expires_at}
        for ls in LoginSession.select(LoginSession.created_at, LoginSession.expires_at)
        .where(LoginSession.user == user.id)
        .order_by(LoginSession.created_at)
    ]
    s["account_closing"] = [
        {
            "status": c.status,
            "reason": c.reason,
            "requested_at": c.requested_at,
            "decided_at": c.decided_at,
        }
        for c in AccountClosure.select()
        .where(AccountClosure.user == user.id)
        .order_by(AccountClosure.requested_at)
    ]
    s["audit"] = [
        {
            "action": a["action"],
            "created_at": a["created_at"],
            "done_by": _done_by(a, user.id),
            # Only the person's own address: the desk's or anyone else's is not theirs.
            "ip": a["ip"] if _done_by(a, user.id) == "you" else "",
        }
        for a in AuditLog.select(
            AuditLog.action,
            AuditLog.created_at,
            AuditLog.ip,
            AuditLog.actor,
            AuditLog.acting_staff,
            User.role.alias("actor_role"),
        )
        .join(User, JOIN.LEFT_OUTER, on=(AuditLog.actor == User.id))
        .where(
            (AuditLog.actor == user.id)
            | ((AuditLog.target_type == "user") & (AuditLog.target_id == user.id))
        )
        .order_by(AuditLog.created_at, AuditLog.id)
        .dicts()
    ]
    return out


def _done_by(row: dict, user_id: int) -> str:
    """Who did a logged act about the person, without naming a desk worker: "you", "desk"
    (the asoy desk, also when acting for them) or "other" (e.g. a lease co-party)."""
    if row["acting_staff"] is not None or row["action"].startswith("on_behalf_"):
        return "desk"
    if row["actor"] == user_id:
        return "you"
    return "desk" if row["actor_role"] in STAFF_ROLES else "other"

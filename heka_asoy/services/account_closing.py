"""Closing a resident's account at their request: the resident asks, the desk confirms or
refuses with a reason.

On confirmation the *account* goes and the *register* stays (issue 10 §5): the resident, their
leases and occupancies are Heka's register, not the login. The account row is anonymised
rather than deleted, because history points at it (``User`` is referenced by fault reports'
reporter, threads, messages, service requests and their events, audit rows, bookings' and
terminations' actors, occupant changes, appointments, powers of attorney…): a delete would
cascade away the threads (``MessageThread.user`` is ON DELETE CASCADE) or fail on the others.
Anonymised: the username becomes ``closed-<id>@closed.invalid`` (the address is free to register
again), no password, no link to the register row (the person may register anew), no name or
e-mail for notices, disabled; every session ends, every mailed link and on-page notice is
deleted, and powers of attorney held by the account fall back to the agent's name and e-mail.
History rows keep pointing at the closed account, so "who did what" stays true.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN

from ..db import locked, write_txn
from ..models import (
    AccountClosure,
    Identification,
    Notification,
    PowerOfAttorney,
    Resident,
    User,
    utcnow,
)
from ..models.accounts import ROLE_RESIDENT
from . import audit, sessions, tokens
from .errors import NotFound, Refused, ServiceError
from .mailer import queue_mail

REQUESTED = "requested"
CLOSED = "closed"
REFUSED = "refused"
REASON_MAX = 2000


class ClosureError(ServiceError):
    """A closing request or decision refused with words of its own (``code``)."""


def open_request(user: User) -> AccountClosure | None:
    """The user's request still waiting for the desk, if any."""
    return (
        AccountClosure.select()
        .where((AccountClosure.user == user.id) & (AccountClosure.status == REQUESTED))
        .first()
    )


def request_closure(user: User, reason: str = "") -> AccountClosure:
    """The resident asks for their account to be closed (one open request at a time)."""
    if user.role != ROLE_RESIDENT:
        raise Refused("not_resident")
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ClosureError("too_long")
    with write_txn():
        existing = open_request(user)
        if existing is not None:
            return existing
        closure = AccountClosure.create(user=user.id, reason=reason)
        audit.record("account_closure_requested", user, closure)
    return closure


@dataclass(frozen=True)
class ClosureRow:
    id: int
    name: str
    username: str
    reason: str
    requested_at: object


def waiting(staff: User) -> list[ClosureRow]:
    """The requests waiting for the desk, oldest first (one query)."""
    _require_staff(staff)
    rows = (
        AccountClosure.select(AccountClosure, User, Resident)
        .join(User, on=(AccountClosure.user == User.id))
        .join(Resident, join_type=JOIN.LEFT_OUTER, on=(User.resident == Resident.id))
        .where(AccountClosure.status == REQUESTED)
        .order_by(AccountClosure.requested_at, AccountClosure.id)
        .limit(500)
    )
    return [
        ClosureRow(
            c.id,
            c.user.resident.full_name if c.user.resident_id else c.user.email,
            c.user.email,
            c.reason,
            c.requested_at,
        )
        for c in rows
    ]


def _require_staff(staff: User | None) -> None:
    if staff is None or not getattr(staff, "is_staff", False):
        raise Refused("not_staff")


def _take(closure_id: int | None) -> AccountClosure:
    closure = (
        locked(AccountClosure.select().where(AccountClosure.id == closure_id)).first()
        if closure_id
        else None
    )
    if closure is None:
        raise NotFound("closure")
    if closure.status != REQUESTED:
        raise ClosureError("already_decided")
    return closure


def confirm(staff: User, closure_id: int | None) -> None:
    """Close the account: mail the person (before their address goes), anonymise the account,
    end its sessions, audit it."""
    _require_staff(staff)
    with write_txn():
        closure = _take(closure_id)
        user = User.get_by_id(closure.user_id)
        queue_mail(user.notice_email, "account_closure_done", user.language)
        anonymise(user)
        closure.status = CLOSED
        closure.decided_by = staff.id
        closure.decided_at = utcnow()
        closure.save()
        audit.record("close_account", staff, user, reason="resident_request", closure=closure.id)


def refuse(staff: User, closure_id: int | None, reason: str) -> None:
    """Refuse with a reason the person is mailed (e.g. an open matter must be settled first)."""
    _require_staff(staff)
    reason = (reason or "").strip()
    if not reason:
        raise ClosureError("reason_required")
    if len(reason) > REASON_MAX:
        raise ClosureError("too_long")
    with write_txn():
        closure = _take(closure_id)
        user = User.get_by_id(closure.user_id)
        closure.status = REFUSED
        closure.decided_by = staff.id
        closure.decided_at = utcnow()
        closure.save()
        queue_mail(user.notice_email, "account_closure_refused", user.language, reason=reason)
        audit.record("account_closure_refused", staff, closure, user=user.id)


def anonymise(user: User) -> None:
    """Remove the account's person from it (in the caller's transaction); see the module."""
    User.update(
        email=f"closed-{user.id}@closed.invalid",
        password_hash=None,
        resident=None,
        name="",
        contact_email="",
        disabled=True,
        needs_strong_identification=False,
    ).where(User.id == user.id).execute()
    sessions.end_all_sessions(user)
    tokens.revoke_all(user)
    Notification.delete().where(Notification.user == user.id).execute()
    Identification.update(user=None).where(Identification.user == user.id).execute()
    PowerOfAttorney.update(agent_user=None).where(PowerOfAttorney.agent_user == user.id).execute()

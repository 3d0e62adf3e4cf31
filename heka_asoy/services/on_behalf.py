"""On-behalf work: a desk worker serving a resident at the desk or on the phone sees the
resident pages as that resident sees them and files things for them.

The state lives in the desk worker's own signed session (see ``heka_asoy.on_behalf``): the login
stays theirs, only the resident pages see the resident. This module holds the rules that touch
the database: whom the desk may act for, starting and ending (both audited), and the audit row
of every write made while acting ("by staff X for resident Y": ``AuditLog.actor`` is the
resident, ``AuditLog.acting_staff`` the desk worker).

Never shown: a password (only its hash exists) or an identity code (the search matches names
and e-mail addresses only, and lists neither code nor its masked form).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from peewee import JOIN

from ..db import contains_text, write_txn
from ..domain.clock import helsinki_today
from ..models import Building, Flat, Occupancy, Resident, User
from ..models.accounts import ROLE_RESIDENT
from . import audit
from .errors import NotFound, Refused

#: How long one start lasts; the desk starts again for a longer call.
LIFETIME = timedelta(minutes=30)
SEARCH_LIMIT = 20


@dataclass(frozen=True)
class ResidentAccount:
    """A resident with an account, as the desk's search lists them (no identity code)."""

    user_id: int
    name: str
    email: str
    addresses: tuple[str, ...]


def _active_residents():
    return (
        User.select(User, Resident)
        .join(Resident)
        .where(
            (User.role == ROLE_RESIDENT)
            & User.activated_at.is_null(False)
            & (User.disabled == False)  # noqa: E712 - peewee builds SQL from ==
        )
    )


def search(staff: User, query: str) -> list[ResidentAccount]:
    """Residents with an active account whose name or e-mail contains every word of ``query``
    (case ignored in every alphabet), with the flats they live in today: two queries."""
    _require_staff(staff)
    words = (query or "").strip().split()
    if not words:
        return []
    cond = None
    for word in words[:5]:
        part = (
            contains_text(Resident.last_name, word)
            | contains_text(Resident.first_names, word)
            | contains_text(User.email, word)
        )
        cond = part if cond is None else cond & part
    users = list(
        _active_residents()
        .where(cond)
        .order_by(Resident.last_name, Resident.first_names, User.id)
        .limit(SEARCH_LIMIT)
    )
    addresses: dict[int, list[str]] = {}
    if users:
        today = helsinki_today()
        rows = (
            Occupancy.select(Occupancy.resident, Flat.number, Building.street_address)
            .join(Flat)
            .join(Building, JOIN.INNER, on=(Flat.building == Building.id))
            .where(
                Occupancy.resident.in_([u.resident_id for u in users]) & Occupancy.current_on(today)
            )
            .order_by(Building.street_address, Flat.number)
            .namedtuples()
        )
        for row in rows:
            addresses.setdefault(row.resident, []).append(f"{row.street_address} {row.number}")
    return [
        ResidentAccount(
            u.id, u.resident.full_name, u.email, tuple(addresses.get(u.resident_id, ()))
        )
        for u in users
    ]


def _require_staff(staff: User | None) -> None:
    if staff is None or not getattr(staff, "is_staff", False):
        raise Refused("not_staff")


def resident_account(user_id: int | None) -> User | None:
    """The active resident account the desk may act for (with its register row), or None."""
    if not user_id:
        return None
    return _active_residents().where(User.id == user_id).first()


@dataclass(frozen=True)
class Acting:
    """What the desk worker's session keeps while acting (names only: no query per page)."""

    staff_id: int
    user_id: int
    name: str


def start(staff: User, user_id: int | None) -> Acting:
    """Start acting for the resident account ``user_id`` (audited). Only the desk starts it;
    an unknown, closed or staff account is ``NotFound``."""
    _require_staff(staff)
    user = resident_account(user_id)
    if user is None:
        raise NotFound("resident")
    with write_txn():
        audit.record("on_behalf_start", staff, user, resident=user.resident_id)
    return Acting(staff.id, user.id, user.resident.full_name)


def end(staff_id: int, user_id: int, why: str = "ended") -> None:
    """The desk worker stopped acting (the button, logging out, or the time ran out)."""
    with write_txn():
        audit.record(
            "on_behalf_end",
            User(id=staff_id),
            User(id=user_id),
            reason=why,
        )


def record_write(staff_id: int, user_id: int, method: str, endpoint: str, status: int) -> None:
    """The audit row of one write request made while acting: the resident as the actor, the
    desk worker beside them; written after the request, whatever the page wrote itself."""
    with write_txn():
        audit.record(
            "on_behalf_write",
            User(id=user_id),
            User(id=user_id),
            acting_staff=staff_id,
            method=method,
            endpoint=endpoint,
            status=status,
        )

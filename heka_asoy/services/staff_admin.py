"""Admins manage the staff accounts: list, disable and enable, send a password reset link,
change the role (creating one is ``services.staff.create_staff_user``). Every change is
audited with the admin as actor and the account as target.

Rules: an admin never disables or demotes their own account, and at least one active admin
always remains (checked with every admin row locked in one order, so two admins demoting each
other at once wait for each other instead of leaving none or deadlocking). Disabling ends the
account's login sessions at once (``sessions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import Case

from ..db import locked, write_txn
from ..models import User
from ..models.accounts import ROLE_ADMIN, STAFF_ROLES
from . import accounts, audit, sessions
from .errors import NotFound, Refused

#: More staff than this is not expected; the list says so if it happens.
LIST_MAX = 500


class StaffAdminError(Refused):
    """``code``: own_account (disable or demote yourself), last_admin, disabled (a reset for a
    disabled account), role (not a staff role), not_admin (the actor lost the admin role or
    was disabled since opening the page)."""


@dataclass(frozen=True)
class StaffAccount:
    id: int
    email: str
    name: str
    role: str
    disabled: bool
    activated: bool
    last_login_at: datetime | None


def staff_accounts() -> tuple[list[StaffAccount], bool]:
    """Every staff account (one statement): active ones first, then by name; and whether the
    list was cut at ``LIST_MAX``."""
    rows = (
        User.select(
            User.id,
            User.email,
            User.name,
            User.role,
            User.disabled,
            User.activated_at,
            User.last_login_at,
        )  # fmt: skip
        .where(User.role.in_(STAFF_ROLES))
        .order_by(User.disabled, Case(None, [(User.name == "", 1)], 0), User.name, User.email)
        .limit(LIST_MAX + 1)
    )
    found = [
        StaffAccount(
            u.id, u.email, u.name, u.role, u.disabled, u.activated_at is not None, u.last_login_at
        )  # fmt: skip
        for u in rows
    ]
    return found[:LIST_MAX], len(found) > LIST_MAX


def _staff(user_id: int) -> User:
    user = locked(User.select().where((User.id == user_id) & User.role.in_(STAFF_ROLES))).first()
    if user is None:
        raise NotFound("staff_account")
    return user


def _begin(user_id: int, actor: User) -> tuple[User, list[User]]:
    """In the change's transaction: every admin row locked in id order (PostgreSQL; SQLite's
    IMMEDIATE transaction serialises the writers anyway), then the account. One order for
    every change, so two admins changing each other at once wait instead of deadlocking, and
    the second sees the first's result. An actor who is no longer an active admin (disabled or
    demoted since the page was opened) is refused."""
    admins = list(
        locked(
            User.select(User.id, User.disabled, User.activated_at)
            .where(User.role == ROLE_ADMIN)
            .order_by(User.id)
        )
    )
    if not any(a.id == actor.id and not a.disabled for a in admins):
        raise StaffAdminError("not_admin")
    return _staff(user_id), admins


def _guard(user: User, actor: User, admins: list[User]) -> None:
    """Disabling or demoting ``user``: never one's own account, never the last active admin."""
    if user.id == actor.id:
        raise StaffAdminError("own_account")
    others = [
        a for a in admins if a.id != user.id and not a.disabled and a.activated_at is not None
    ]
    if user.role == ROLE_ADMIN and not others:
        raise StaffAdminError("last_admin")


def set_disabled(user_id: int, disabled: bool, actor: User) -> User:
    """Disable (every session ends) or enable a staff account."""
    with write_txn():
        user, admins = _begin(user_id, actor)
        if disabled:
            _guard(user, actor, admins)
        if user.disabled != disabled:
            User.update(disabled=disabled).where(User.id == user.id).execute()
            if disabled:
                sessions.end_all_sessions(user)
            audit.record("staff_disabled" if disabled else "staff_enabled", actor, user)
        user.disabled = disabled
    return user


def change_role(user_id: int, role: str, actor: User) -> User:
    """Make a staff account an admin or a desk worker."""
    if role not in STAFF_ROLES:
        raise StaffAdminError("role")
    with write_txn():
        user, admins = _begin(user_id, actor)
        if user.role != role:
            if role != ROLE_ADMIN:
                _guard(user, actor, admins)
            before = user.role
            User.update(role=role).where(User.id == user.id).execute()
            audit.record("staff_role_changed", actor, user, before=before, after=role)
            user.role = role
    return user


def send_password_reset(user_id: int, actor: User) -> User:
    """Mail the account a password reset link (24 h, single use), as the login page's "forgot
    password" does; the password changes only when its owner follows the link."""
    with write_txn():
        user, _admins = _begin(user_id, actor)
        if user.disabled:
            raise StaffAdminError("disabled")
        accounts.request_password_reset(user.email)
        audit.record("staff_password_reset_sent", actor, user)
    return user

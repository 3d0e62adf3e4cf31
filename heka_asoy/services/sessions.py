"""Login sessions kept in the database, so that logging out really ends a session.

The signed cookie alone cannot be taken back: a copy made before a logout would stay valid until
it expires. So each login gets a row (``LoginSession``) whose random key travels in the cookie
(the row keeps only its hash). Logging out deletes this session's row; "log out everywhere" (and
a password reset) bumps the account's ``session_version``, which every session carries, and
deletes the account's rows. Loading the user of a request stays one query: the user joined to
its session row.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app

from ..db import write_txn
from ..models import LoginSession, User, utcnow
from ..prepared import Prepared
from . import audit
from .tokens import digest


def open_session(user: User) -> None:
    """Start a login session for ``user`` (in the caller's transaction); ``user.get_id()`` then
    names it, so ``login_user(user)`` puts its key in the cookie."""
    key = secrets.token_urlsafe(32)
    now = utcnow()
    LoginSession.create(
        user=user,
        key_hash=digest(key),
        created_at=now,
        expires_at=now + current_app.config["SESSION_ABSOLUTE_LIFETIME"],
    )
    user.session_key = key


def _session_user(user_id: int, version: int, key_hash: str, now: datetime):
    return (
        User.select()
        .join(LoginSession)
        .where(
            (User.id == user_id)
            & (User.session_version == version)
            & (LoginSession.key_hash == key_hash)
            & (LoginSession.expires_at > now)
        )
        .limit(1)
    )


#: Every logged-in request runs it: built once (see ``prepared``), not per request.
_SESSION_USER = Prepared(_session_user, int, int, str, datetime)


def user_for(session_id: str) -> User | None:
    """The active user of a cookie's session id ("user:version:key"), or None when the session
    was ended, the version is stale (password changed, logged out everywhere) or it expired."""
    try:
        user_part, version_part, key = session_id.split(":")
        user_id, version = int(user_part), int(version_part)
    except ValueError:
        return None
    if not key:
        return None
    user = _SESSION_USER.first(user_id, version, digest(key), utcnow())
    if user is None or not user.is_active:
        return None
    user.session_key = key
    return user


def end_session(user: User) -> None:
    """Log out: this browser's session ends on the server too."""
    if user.session_key:
        with write_txn():
            LoginSession.delete().where(LoginSession.key_hash == digest(user.session_key)).execute()


def end_all_sessions(user: User) -> None:
    """End every session of the account (in the caller's transaction): the version bump ends
    them at once, deleting the rows tidies up."""
    User.update(session_version=User.session_version + 1).where(User.id == user.id).execute()
    LoginSession.delete().where(LoginSession.user == user.id).execute()


def log_out_everywhere(user: User) -> None:
    """The user ends their sessions in every browser, this one included."""
    with write_txn():
        end_all_sessions(user)
        audit.record("logout_everywhere", user, user)


def sweep_expired() -> int:
    """Delete the rows of sessions past their end (never logged out); returns how many."""
    with write_txn():
        return LoginSession.delete().where(LoginSession.expires_at <= utcnow()).execute()

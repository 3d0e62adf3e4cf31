"""Single-use, expiring tokens sent by e-mail (activation, password reset, …).

The raw token goes only into the mail; the database keeps its SHA-256, so neither a database
leak nor a log line can be replayed. A token is consumed inside the caller's transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from enum import StrEnum

from ..db import locked
from ..models import Token, User, utcnow


class TokenProblem(StrEnum):
    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"


class TokenError(Exception):
    def __init__(self, problem: TokenProblem, token: Token | None = None):
        super().__init__(problem.value)
        self.problem = problem
        self.token = token


def digest(raw: str) -> str:
    """What the database keeps of a secret (also of login session keys)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def issue(purpose: str, user: User | None, lifetime: timedelta, data: dict | None = None) -> str:
    """Create a token and return its raw value (to be put in a link)."""
    raw = secrets.token_urlsafe(32)
    create_with_raw(purpose, raw, user, lifetime, data)
    return raw


def peek(purpose: str, raw: str) -> Token:
    """The token behind a link, checked but not consumed (to show a form)."""
    token = Token.get_or_none((Token.token_hash == digest(raw)) & (Token.purpose == purpose))
    if token is None:
        raise TokenError(TokenProblem.INVALID)
    if token.used_at is not None:
        raise TokenError(TokenProblem.USED, token)
    if token.expires_at <= utcnow():
        raise TokenError(TokenProblem.EXPIRED, token)
    return token


def consume(purpose: str, raw: str) -> Token:
    """Check and mark the token used; call inside a write transaction so a replay racing the first
    use finds it used."""
    token = peek(purpose, raw)
    updated = (
        Token.update(used_at=utcnow())
        .where((Token.id == token.id) & Token.used_at.is_null())
        .execute()
    )
    if updated != 1:
        raise TokenError(TokenProblem.USED, token)
    return locked(Token.select().where(Token.id == token.id)).get()


def revoke_all(user: User, purpose: str | None = None) -> None:
    """Spend every open token of a purpose, e.g. older reset links once a new password is set;
    without a purpose every open token of the user (a closed account)."""
    query = (Token.user == user) & Token.used_at.is_null()
    if purpose is not None:
        query &= Token.purpose == purpose
    Token.update(used_at=utcnow()).where(query).execute()


def create_with_raw(
    purpose: str, raw: str, user: User | None, lifetime: timedelta, data: dict | None = None
) -> Token:
    """Store a token whose raw value the caller chose (e.g. a short code read off paper)."""
    return Token.create(
        purpose=purpose,
        token_hash=digest(raw),
        user=user,
        data=data,
        expires_at=utcnow() + lifetime,
    )

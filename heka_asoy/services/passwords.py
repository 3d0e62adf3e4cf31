"""Password hashing with argon2id (argon2-cffi's defaults are argon2id)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def configure(time_cost: int | None = None, memory_cost: int | None = None) -> None:
    """Set the argon2id cost; None keeps argon2-cffi's defaults (RFC 9106 low-memory profile).

    Tests use a low cost so that hundreds of logins stay fast; production keeps the defaults."""
    global _hasher, DUMMY_HASH
    defaults = PasswordHasher()
    _hasher = PasswordHasher(
        time_cost=time_cost or defaults.time_cost,
        memory_cost=memory_cost or defaults.memory_cost,
    )
    DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; False for no hash or an unreadable hash."""
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Hashes imported from the city's service or made with older parameters get upgraded at
    the next successful login."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


#: A hash to verify against when the account does not exist, so a login takes as long for an
#: unknown address as for a known one (no account enumeration by timing).
DUMMY_HASH = _hasher.hash("not-a-real-password")

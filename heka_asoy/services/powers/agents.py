"""Which portal account acts as a power's agent.

**Linking the agent's account** (decision): the agent is matched to a portal account by the
e-mail address staff type from the form. The username is an e-mail address the account holder has
proven (the activation link), so the match is as strong as the address on the form. It happens
when the power is registered (an account with that username exists) and, for an agent who has no
account yet or registers later, at each login (``link_agent_powers``: one indexed update, only
rows still without an account). Staff accounts are never linked.

**An agent who is not in the resident register** cannot register the usual way (registration
finds the person in the register). When staff also copy the agent's personal identity code from
the form (kept only as a keyed hash, like the register's), strong identification with that code
lets the agent register (``accounts``: ``agent_may_register``), and the new account gets every
power given to that code (``link_agent_powers_by_hetu``).
"""

from __future__ import annotations

from datetime import date

from ...domain.clock import helsinki_today
from ...models import Identification, PowerOfAttorney, Resident, User
from ...models.accounts import STAFF_ROLES
from .. import audit


def _in_force(today: date):
    """The condition "the power may still be used today" (not revoked, not spent, not ended)."""
    return (
        PowerOfAttorney.revoked_at.is_null()
        & PowerOfAttorney.used_at.is_null()
        & (PowerOfAttorney.valid_until.is_null() | (PowerOfAttorney.valid_until >= today))
    )


def agent_may_register(digest: str) -> bool:
    """Is a power in force (or ahead) given to the person with this identity code hash? Such an
    agent may register with strong identification though not in the register."""
    if not digest:
        return False
    return (
        PowerOfAttorney.select()
        .where((PowerOfAttorney.agent_hetu_hash == digest) & _in_force(helsinki_today()))
        .exists()
    )


def account_of_hetu(digest: str) -> User | None:
    """The open account of the person with this identity code hash: their register link, or for
    an agent outside the register the strong identification that registered it."""
    if not digest:
        return None
    resident = Resident.get_or_none(Resident.hetu_hash == digest)
    if resident is not None:
        return User.get_or_none((User.resident == resident.id) & ~User.disabled)
    return agent_account_of_hetu(digest)


def agent_account_of_hetu(digest: str) -> User | None:
    """The open account an agent outside the register registered with this identity code."""
    if not digest:
        return None
    return (
        User.select()
        .join(Identification, on=(Identification.user == User.id))
        .where(
            (Identification.hetu_hash == digest)
            & User.resident.is_null()
            & ~User.disabled
            & User.role.not_in(STAFF_ROLES)
        )
        .first()
    )


def link_agent_powers_by_hetu(user: User, digest: str) -> int:
    """Give the newly registered ``user`` every power given to their identity code (in the
    registration's transaction); returns how many."""
    if not digest:
        return 0
    linked = (
        PowerOfAttorney.update(agent_user=user.id)
        .where(
            (PowerOfAttorney.agent_hetu_hash == digest)
            & PowerOfAttorney.agent_user.is_null()
            & PowerOfAttorney.revoked_at.is_null()
        )
        .execute()
    )
    if linked:
        audit.record("power_linked", user, user, count=linked, by="identity_code")
    return linked


def account_of_email(email: str) -> User | None:
    """The open portal account whose username is ``email`` (staff accounts never)."""
    if not email:
        return None
    return User.get_or_none((User.email == email) & User.role.not_in(STAFF_ROLES))


def link_agent_powers(user: User) -> int:
    """Give ``user`` the powers registered for their username before they had an account (or
    before they logged in); returns how many were linked. Call inside the login's transaction."""
    if user is None or getattr(user, "is_staff", False) or not user.email:
        return 0
    linked = (
        PowerOfAttorney.update(agent_user=user.id)
        .where(
            (PowerOfAttorney.agent_email == user.email)
            & PowerOfAttorney.agent_user.is_null()
            & PowerOfAttorney.revoked_at.is_null()
        )
        .execute()
    )
    if linked:
        audit.record("power_linked", user, user, count=linked)
    return linked

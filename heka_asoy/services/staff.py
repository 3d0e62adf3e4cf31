"""Staff use cases of the foundation: finding residents, creating staff accounts."""

from __future__ import annotations

from flask import current_app

from ..db import write_txn
from ..domain.hetu import InvalidHetu, hetu_hash
from ..domain.passwords import PasswordRule, check_password
from ..models import Resident, User, utcnow
from ..models.accounts import STAFF_ROLES
from . import audit
from .accounts import AccountError, normalize_email, record_office_identification
from .errors import NotFound
from .passwords import hash_password


def find_residents(query: str, limit: int = 20) -> list[Resident]:
    """Residents by personal identity code (exact, via its hash) or by name (prefix)."""
    query = (query or "").strip()
    if not query:
        return []
    try:
        digest = hetu_hash(query, current_app.config["HETU_KEY"].encode())
    except (InvalidHetu, ValueError):
        digest = None
    if digest:
        return list(Resident.select().where(Resident.hetu_hash == digest))
    words = query.split()
    cond = None
    for word in words:
        part = Resident.last_name.startswith(word) | Resident.first_names.startswith(word)
        cond = part if cond is None else cond & part
    return list(
        Resident.select()
        .where(cond)
        .order_by(Resident.last_name, Resident.first_names)
        .limit(limit)
    )


def identify_at_office(
    resident_id: int | None, document_type: str, actor: User, appointment_id: int | None = None
):
    """Record the ID document the resident (chosen from the search) showed at the office:
    the resident and the one-time code for their registration. An unknown id is ``NotFound``.
    ``appointment_id``: the visit (one of theirs today) it happened at."""
    resident = Resident.get_or_none(Resident.id == resident_id) if resident_id else None
    if resident is None:
        raise NotFound("resident")
    code = record_office_identification(resident, document_type, actor, appointment_id)
    return resident, code


def find_residents_with_visits(query: str) -> list[tuple[Resident, list]]:
    """``find_residents`` with each person's office visits today (to pick the one the
    identification happens at): two queries."""
    from .appointments.identified import todays_visits

    residents = find_residents(query)
    visits = todays_visits(residents)
    return [(resident, visits.get(resident.id, [])) for resident in residents]


def create_staff_user(email: str, name: str, role: str, password: str, actor=None) -> User:
    """A staff account is active at once; it never sees the resident pages."""
    if role not in STAFF_ROLES:
        raise AccountError("role")
    problems = check_password(password, PasswordRule.OFFICE)
    if problems:
        raise AccountError("password_rule", problems)
    email = normalize_email(email)
    with write_txn():
        if User.select().where(User.email == email).exists():
            raise AccountError("email_taken")
        user = User.create(
            email=email,
            name=name,
            role=role,
            password_hash=hash_password(password),
            registered_via="staff",
            activated_at=utcnow(),
        )
        audit.record("create_staff_user", actor, user, role=role)
    return user

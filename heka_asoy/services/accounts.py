"""Registration, activation, login, first identification and password reset.

Each public function is one use case in one transaction; the mail it causes is queued in the same
transaction (see ``mailer``), so a registration is never half-done nor its mail lost.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, url_for

from ..db import locked, write_txn
from ..domain.emails import mask_email
from ..domain.hetu import InvalidHetu, hetu_hash
from ..domain.passwords import PasswordRule, check_password
from ..models import Identification, Resident, User, utcnow
from . import audit, new_username, passwords, sessions, tokens
from .errors import ServiceError
from .mailer import queue_mail
from .passwords import hash_password, needs_rehash, verify_password
from .powers.agents import (
    agent_account_of_hetu,
    agent_may_register,
    link_agent_powers,
    link_agent_powers_by_hetu,
)

ACTIVATE = "activate"
RESET = "reset"
OFFICE_CODE = "office_id"
#: An office identification must be used for registering within this time.
OFFICE_CODE_LIFETIME = timedelta(days=30)
#: A strong identification is good for finishing a registration within this time.
STRONG_ID_LIFETIME = timedelta(minutes=30)
#: No I, O, 0, 1: codes are read off paper.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class AccountError(ServiceError):
    """A rule said no; ``code`` picks the translated message, ``details`` e.g. password codes."""

    def __init__(self, code: str, details: list[str] | None = None):
        super().__init__(code, details=details or [])
        self.details = self.params["details"]


def set_language(user: User, code: str) -> None:
    """Remember the user's language on the account, so their mail follows it."""
    if user.language != code:
        User.update(language=code).where(User.id == user.id).execute()


def _key() -> bytes:
    return current_app.config["HETU_KEY"].encode()


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def _check_password(password: str, rule: PasswordRule) -> None:
    problems = check_password(password, rule)
    if problems:
        raise AccountError("password_rule", problems)


# --- identification -----------------------------------------------------------------------


def identify_strong(claims: dict, user: User | None = None) -> Identification:
    """Record a strong identification from the broker's claims, matched to the register. To
    register (no ``user``), an agent outside the register whose identity code a power of
    attorney names passes too (the identification then has no resident; see ``powers``)."""
    code = claims.get(current_app.config["OIDC_HETU_CLAIM"]) or ""
    try:
        digest = hetu_hash(str(code), _key())
    except (InvalidHetu, ValueError) as exc:
        raise AccountError("invalid_hetu") from exc
    resident = Resident.get_or_none(Resident.hetu_hash == digest)
    with write_txn():
        ident = Identification.create(
            method="strong",
            resident=resident,
            user=user,
            hetu_hash=digest,
            name=str(claims.get("name") or ""),
        )
    if resident is None and (user is not None or not agent_may_register(digest)):
        raise AccountError("not_in_register")
    return ident


def fresh_strong_identification(ident_id: int | None) -> Identification:
    """The strong identification kept in the session, if recent and unused."""
    ident = Identification.get_or_none(Identification.id == ident_id) if ident_id else None
    if (
        ident is None
        or ident.method != "strong"
        or ident.used_at is not None
        or (ident.resident_id is None and not agent_may_register(ident.hetu_hash))
        or ident.created_at < utcnow() - STRONG_ID_LIFETIME
    ):
        raise AccountError("identification_expired")
    return ident


def record_office_identification(
    resident: Resident, document_type: str, staff: User, appointment_id: int | None = None
) -> str:
    """Staff saw a valid ID document at the office; returns the one-time code handed to the
    resident on paper, which binds the later online registration to this visit. With
    ``appointment_id`` (one of the person's visits today) the visit records it too."""
    if document_type not in {"driving_licence", "passport", "id_card"}:
        raise AccountError("document_type")
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    with write_txn():
        ident = Identification.create(
            method="office",
            resident=resident,
            hetu_hash=resident.hetu_hash or "",
            name=resident.full_name,
            document_type=document_type,
            recorded_by=staff,
        )
        if appointment_id is not None:
            from .appointments.identified import attach

            attach(appointment_id, resident, ident)
        tokens.create_with_raw(OFFICE_CODE, code, None, OFFICE_CODE_LIFETIME, {"ident": ident.id})
        audit.record("office_identification", staff, ident, document_type=document_type)
    return code


# --- registration --------------------------------------------------------------------------


@dataclass
class Registration:
    user: User
    activation_link: str


@dataclass(frozen=True)
class Identified:
    """Who an identification found, and the username they already have (masked), if any: said
    before a password is asked, so that nobody types one only to be told they have an account."""

    name: str
    existing_username: str | None


def _identified(resident: Resident, name: str) -> Identified:
    old = User.get_or_none(User.resident == resident)
    if old is not None and old.disabled:
        raise AccountError("account_disabled")
    return Identified(name or resident.full_name, mask_email(old.email) if old else None)


def strong_identified(ident_id: int | None) -> Identified:
    """The person of the strong identification kept in the session, and their account if any."""
    ident = fresh_strong_identification(ident_id)
    if ident.resident_id is None:  # an agent outside the register
        old = agent_account_of_hetu(ident.hetu_hash)
        return Identified(ident.name, mask_email(old.email) if old else None)
    return _identified(ident.resident, ident.name)


def office_identified(code: str, personal_code: str) -> Identified:
    """Check an office code with the identity code, without using the code up (the first step
    of registering after office identification), and say whether the person has an account."""
    ident = _office_identification(code, personal_code, consume=False)
    return _identified(ident.resident, ident.name)


def _create_inactive_user(
    resident: Resident | None,
    email: str,
    password: str,
    language: str,
    via: str,
    replace: bool,
    agent_hetu_hash: str = "",
) -> Registration:
    """A new account for ``resident`` (None: an agent outside the register, known by
    ``agent_hetu_hash``); with ``replace`` the person's existing account is closed and hands
    over to it (a new username), without it an existing account refuses."""
    email = normalize_email(email)
    if User.select().where(User.email == email).exists():
        raise AccountError("email_taken")
    if resident is None:
        old = agent_account_of_hetu(agent_hetu_hash)
    else:
        old = locked(User.select().where(User.resident == resident)).first()
    if old is not None:
        if old.disabled:
            raise AccountError("account_disabled")
        if not replace:
            raise AccountError("already_registered")
        new_username.close_for_new_username(old)
    user = User.create(
        email=email,
        password_hash=hash_password(password),
        resident=resident,
        language=language,
        registered_via=via,
    )
    link = _send_activation(user)
    audit.record("register", user, user, via=via)
    if old is not None:
        new_username.hand_over(old, user)
    return Registration(user, link)


def _send_activation(user: User) -> str:
    raw = tokens.issue(ACTIVATE, user, current_app.config["TOKEN_LIFETIME"])
    link = url_for("auth.activate", token=raw, _external=True)
    queue_mail(user.email, "activate", user.language, user=user, link=link)
    return link


def register_strong(
    ident_id: int | None, email: str, password: str, language: str, replace: bool = False
) -> Registration:
    """Finish registration after strong identification (rule: 6+, upper, lower, digit, special);
    ``replace``: the person chose a new username in place of their existing account."""
    _check_password(password, PasswordRule.STRONG)
    with write_txn():
        ident = fresh_strong_identification(ident_id)
        reg = _create_inactive_user(
            ident.resident, email, password, language, "strong", replace, ident.hetu_hash
        )
        Identification.update(used_at=utcnow(), user=reg.user).where(
            Identification.id == ident.id
        ).execute()
        link_agent_powers_by_hetu(reg.user, ident.hetu_hash)  # powers naming this person
    return reg


def _office_identification(code: str, personal_code: str, *, consume: bool) -> Identification:
    """The office identification behind a code, when the identity code matches its person;
    ``consume`` uses the code up (call inside the registration's transaction)."""
    raw = (code or "").strip().upper()
    try:
        token = tokens.consume(OFFICE_CODE, raw) if consume else tokens.peek(OFFICE_CODE, raw)
    except tokens.TokenError as exc:
        raise AccountError("office_code_" + exc.problem.value) from exc
    ident = Identification.get_by_id(token.data["ident"])
    try:
        given = hetu_hash(personal_code or "", _key())
    except (InvalidHetu, ValueError) as exc:
        raise AccountError("invalid_hetu") from exc
    if given != ident.hetu_hash:
        raise AccountError("office_mismatch")
    return ident


def register_office(
    email: str,
    code: str,
    personal_code: str,
    password: str,
    language: str,
    replace: bool = False,
) -> Registration:
    """Registration after office identification (rule: 8+, an upper-case and a special char).

    The resident proves it is them with the one-time code from the office visit and their personal
    identity code, which must match the identified person; ``replace`` as in ``register_strong``."""
    _check_password(password, PasswordRule.OFFICE)
    with write_txn():
        ident = _office_identification(code, personal_code, consume=True)
        reg = _create_inactive_user(
            ident.resident, email, password, language, "office", replace
        )
        Identification.update(used_at=utcnow(), user=reg.user).where(
            Identification.id == ident.id
        ).execute()
    return reg


def activate(raw: str, email: str, password: str) -> User:
    """Confirm a registration from the mailed link by giving e-mail and password again."""
    with write_txn():
        token = tokens.peek(ACTIVATE, raw)
        user = locked(User.select().where(User.id == token.user_id)).get()
        if normalize_email(email) != user.email or not verify_password(
            user.password_hash, password
        ):
            raise AccountError("activation_mismatch")
        tokens.consume(ACTIVATE, raw)
        if user.activated_at is None:
            user.activated_at = utcnow()
            user.save()
        audit.record("activate", user, user)
    return user


def resend_activation(email: str) -> None:
    """Send a new activation link to a registered, not yet activated account; silent otherwise
    (the page says the same either way, so nobody can probe which addresses exist)."""
    with write_txn():
        user = User.get_or_none(User.email == normalize_email(email))
        if user is None or user.activated_at is not None:
            return
        tokens.revoke_all(user, ACTIVATE)
        _send_activation(user)


# --- login ---------------------------------------------------------------------------------


def authenticate(email: str, password: str) -> User:
    """The user for these credentials, with a new login session opened for them (see
    ``sessions``), or AccountError('bad_credentials'/'not_activated')."""
    user = User.get_or_none(User.email == normalize_email(email))
    if user is None:
        verify_password(passwords.DUMMY_HASH, password)  # same time as a real check
        raise AccountError("bad_credentials")
    if not verify_password(user.password_hash, password) or user.disabled:
        raise AccountError("bad_credentials")
    if user.activated_at is None:
        raise AccountError("not_activated")
    with write_txn():
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        user.last_login_at = utcnow()
        user.save()
        sessions.open_session(user)
        link_agent_powers(user)  # powers registered for this username before the login
    return user


def complete_first_identification(user: User, claims: dict) -> User:
    """An account from the city's housing-application service identifies once, strongly; the
    identity code links it to the register."""
    ident = identify_strong(claims, user)
    with write_txn():
        owner = User.get_or_none((User.resident == ident.resident) & (User.id != user.id))
        if owner is not None:
            raise AccountError("already_registered")
        user.resident = ident.resident
        user.needs_strong_identification = False
        user.save()
        Identification.update(used_at=utcnow()).where(Identification.id == ident.id).execute()
        audit.record("first_identification", user, user)
    return user


# --- password reset ------------------------------------------------------------------------


def request_password_reset(email: str) -> None:
    """Mail a reset link (24 h, single use) if the account exists; silent otherwise."""
    with write_txn():
        user = User.get_or_none(User.email == normalize_email(email))
        if user is None or user.disabled:
            return
        raw = tokens.issue(RESET, user, current_app.config["TOKEN_LIFETIME"])
        link = url_for("auth.reset_password", token=raw, _external=True)
        # To the username, never the address for notices: the reset proves control of the
        # address the account logs in with (a notice address is only said, never proven).
        queue_mail(user.email, "reset", user.language, user=user, link=link)


def reset_password(raw: str, password: str) -> User:
    """Set a new password (strong rule); every other session and reset link ends.

    A reset never activates an account: activation is its own step (the activation link, then
    e-mail and password), and a registration left unconfirmed must stay so. The caller sees
    ``user.activated_at is None`` and tells the user to activate."""
    _check_password(password, PasswordRule.STRONG)
    with write_txn():
        token = tokens.consume(RESET, raw)
        user = locked(User.select().where(User.id == token.user_id)).get()
        user.password_hash = hash_password(password)
        user.save()
        sessions.end_all_sessions(user)
        tokens.revoke_all(user, RESET)
        audit.record("password_reset", user, user)
        queue_mail(user.notice_email, "password_changed", user.language, user=user)
    return user


def set_notice_email(user: User, email: str) -> None:
    """Change the address for notices. The username (``User.email``) never changes: a new
    address for logging in means registering again."""
    from email_validator import EmailNotValidError, validate_email

    try:
        normalized = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise AccountError("invalid_email") from exc
    with write_txn():
        User.update(contact_email=normalized).where(User.id == user.id).execute()
        audit.record("set_notice_email", user, user)

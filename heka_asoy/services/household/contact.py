"""Contact details and bank account: every resident for themselves (capability
``contact_details``; an agent with a power of attorney has none of the principal's).

The username (``User.email``) never changes. The e-mail for notices (``User.contact_email``,
where every mail of the portal goes, kept equal to the register's ``Resident.email``) changes
only when a link mailed to the new address is opened: a single-use, expiring token
(``services.tokens``, the same as activation and password reset links). Every change is audited
and confirmed by mail (for a new notice address: to the old one and the new one), so a person
whose session was taken over hears of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from ...db import locked, write_txn
from ...domain.contact_details import (
    HOLDER_MAX,
    InvalidIban,
    InvalidPhone,
    check_iban,
    format_iban,
    normalize_phone,
)
from ...domain.emails import mask_email
from ...models import BankAccount, Resident, Token, User, utcnow
from .. import access, audit, tokens
from ..errors import Refused
from ..mailer import queue_mail
from ..urls import external_url
from .common import HouseholdError

CONFIRM_EMAIL = "contact_email"
POSTAL_MAX = 255
EMAIL_MAX = 254


@dataclass(frozen=True)
class ContactView:
    """What the contact page shows of the user's own details."""

    username: str
    notice_email: str
    phone: str
    postal_address: str
    #: The address a confirmation link was sent to and not yet opened, if any.
    pending_email: str | None
    bank_account: BankAccount | None
    iban_formatted: str


def _own_resident(user: User, lock: bool = False) -> Resident:
    """The user's own register entry, when some flat gives them the right; ``Refused`` else."""
    access.pick_flat(user, None, "contact_details")
    if not getattr(user, "resident_id", None):
        raise Refused("contact_details")
    query = Resident.select().where(Resident.id == user.resident_id)
    return (locked(query) if lock else query).get()


def _pending_email(user: User) -> str | None:
    token = (
        Token.select(Token.data)
        .where(
            (Token.user == user.id)
            & (Token.purpose == CONFIRM_EMAIL)
            & Token.used_at.is_null()
            & (Token.expires_at > utcnow())
        )
        .order_by(Token.created_at.desc())
        .first()
    )
    return token.data.get("email") if token is not None and token.data else None


def contact_page(user: User) -> ContactView:
    """The user's contact details, bank account and any e-mail change waiting for its link."""
    resident = _own_resident(user)
    account = BankAccount.get_or_none(BankAccount.resident == resident.id)
    return ContactView(
        username=user.email,
        notice_email=user.notice_email,
        phone=resident.phone,
        postal_address=resident.postal_address,
        pending_email=_pending_email(user),
        bank_account=account,
        iban_formatted=format_iban(account.iban) if account else "",
    )


def _tell(user: User, changed: list[str], addresses: list[str], **context) -> None:
    """Mail the confirmation of a change to each distinct address, in the user's language."""
    for address in dict.fromkeys(a for a in addresses if a):
        queue_mail(address, "contact_changed", user.language, user=user, changed=changed, **context)


def update_details(user: User, phone: str, postal_address: str) -> list[str]:
    """Set the phone and the address for post; returns the names of the fields that changed
    (none: nothing written, nothing mailed). ``HouseholdError("phone"/"postal_address")``."""
    try:
        phone = normalize_phone(phone)
    except InvalidPhone as exc:
        raise HouseholdError("phone") from exc
    postal_address = "\n".join(
        line.strip() for line in (postal_address or "").strip().splitlines() if line.strip()
    )
    if len(postal_address) > POSTAL_MAX:
        raise HouseholdError("postal_address", max=POSTAL_MAX)
    with write_txn():
        resident = _own_resident(user, lock=True)
        new = {"phone": phone, "postal_address": postal_address}
        changed = [name for name, value in new.items() if getattr(resident, name) != value]
        if not changed:
            return []
        Resident.update({name: new[name] for name in changed}).where(
            Resident.id == resident.id
        ).execute()
        audit.record("contact_details_changed", user, resident, fields=changed)
        _tell(user, changed, [user.notice_email])
    return changed


def _normalize_email(email: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    text = (email or "").strip()
    if not text or len(text) > EMAIL_MAX:
        raise HouseholdError("email")
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise HouseholdError("email") from exc


def request_email_change(user: User, email: str) -> str:
    """Mail a confirmation link to the new address for notices; nothing changes until it is
    opened. An earlier link not yet opened stops working. Returns the normalized address."""
    new = _normalize_email(email)
    if new == user.notice_email.lower():
        raise HouseholdError("email_same")
    with write_txn():
        resident = _own_resident(user)
        tokens.revoke_all(user, CONFIRM_EMAIL)
        raw = tokens.issue(
            CONFIRM_EMAIL,
            user,
            current_app.config["TOKEN_LIFETIME"],
            {"email": new, "resident": resident.id},
        )
        link = external_url("household.confirm_email", token=raw)
        queue_mail(new, "contact_email_confirm", user.language, user=user, link=link, email=new)
        audit.record("contact_email_requested", user, resident, email=mask_email(new))
    return new


def _link_error(exc: tokens.TokenError) -> HouseholdError:
    return HouseholdError("link_" + exc.problem.value)


def email_change_preview(raw: str) -> str:
    """The address a confirmation link would set (the link checked, not used)."""
    try:
        token = tokens.peek(CONFIRM_EMAIL, raw)
    except tokens.TokenError as exc:
        raise _link_error(exc) from exc
    return token.data["email"]


def confirm_email_change(raw: str) -> str:
    """Open the mailed link: the new address becomes the one for notices (the username stays).
    The old and the new address both hear of it. An expired, used or unknown link changes
    nothing (``HouseholdError("link_expired"/"link_used"/"link_invalid")``)."""
    with write_txn():
        try:
            token = tokens.consume(CONFIRM_EMAIL, raw)
        except tokens.TokenError as exc:
            raise _link_error(exc) from exc
        user = locked(User.select().where(User.id == token.user_id)).first()
        if user is None or user.disabled or user.resident_id != token.data.get("resident"):
            raise HouseholdError("link_invalid")  # the account closed or changed hands since
        old = user.notice_email
        new = token.data["email"]
        User.update(contact_email=new).where(User.id == user.id).execute()
        Resident.update(email=new).where(Resident.id == user.resident_id).execute()
        audit.record(
            "contact_email_changed",
            user,
            user,
            old=mask_email(old),
            new=mask_email(new),
        )
        user.contact_email = new
        _tell(user, ["email"], [old, new], new_email=new)
    return new


def _masked_iban(compact: str) -> str:
    """Only the country and the last four characters, for mails and the audit log."""
    return f"{compact[:2]}** **** {compact[-4:]}" if len(compact) > 6 else "****"


def set_bank_account(user: User, iban: str, holder_name: str) -> BankAccount:
    """Store the IBAN for refunds (checked with schwifty, the BIC derived from it) and its
    holder's name. ``HouseholdError("iban_invalid"/"iban_not_sepa"/"holder_name")``."""
    try:
        checked = check_iban(iban)
    except InvalidIban as exc:
        raise HouseholdError(exc.code) from exc
    holder = " ".join((holder_name or "").split())
    if not holder or len(holder) > HOLDER_MAX:
        raise HouseholdError("holder_name", max=HOLDER_MAX)
    with write_txn():
        resident = _own_resident(user, lock=True)
        account = locked(BankAccount.select().where(BankAccount.resident == resident.id)).first()
        if account is not None and (account.iban, account.holder_name) == (
            checked.compact,
            holder,
        ):
            return account
        old = _masked_iban(account.iban) if account is not None else ""
        if account is None:
            account = BankAccount(resident=resident)
        account.iban = checked.compact
        account.bic = checked.bic
        account.holder_name = holder
        account.updated_at = utcnow()
        account.save()
        audit.record(
            "bank_account_changed", user, account, old=old, new=_masked_iban(checked.compact)
        )
        _tell(user, ["bank_account"], [user.notice_email], iban=_masked_iban(checked.compact))
    return account

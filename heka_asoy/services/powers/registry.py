"""Registering and revoking powers of attorney at the asoy desk.

Staff register a power for one lease: the grantor (a party of that lease), the kind and scopes
(``domain.powers``), the agent, the validity, how the form came in and the scanned form. The
agent acts through ``services.access``, which reads these rows; which account is the agent is
decided in ``agents``, and the desk's lists are in ``lists``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask import current_app

from ...db import locked, write_txn
from ...domain import powers as rules
from ...domain.hetu import InvalidHetu, hetu_hash
from ...models import Lease, LeaseParty, PowerOfAttorney, User, utcnow
from .. import audit
from ..errors import NotFound, ServiceError
from .agents import account_of_email, account_of_hetu
from .documents import clean_document, document_file, remove_document, store_document


class PowerError(ServiceError):
    """A power the desk cannot register or change as asked; ``code`` names the rule."""


@dataclass(frozen=True)
class PowerInput:
    """What staff copy from the form."""

    grantor_id: int | None
    kind: str
    scopes: tuple[str, ...]
    free_text: str
    agent_name: str
    agent_email: str
    valid_from: date
    valid_until: date | None
    received_via: str
    #: The agent's personal identity code, when the form gives it (optional): lets an agent who
    #: is not in the register register with strong identification.
    agent_hetu: str = ""


def _normalize_email(email: str) -> str:
    email = (email or "").strip()
    if not email:
        return ""
    try:
        return validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise PowerError("agent_email") from exc


def _agent_hetu_hash(code: str) -> str:
    code = (code or "").strip()
    if not code:
        return ""
    try:
        return hetu_hash(code, current_app.config["HETU_KEY"].encode())
    except (InvalidHetu, ValueError) as exc:
        raise PowerError("agent_hetu") from exc


def register_power(
    staff: User, lease_id: int, data: PowerInput, upload: bytes | None
) -> PowerOfAttorney:
    """Record a power of attorney for a lease, with its scanned form (``upload``: the file's
    bytes, checked by ``documents.clean_document``; refused whole with ``DocumentError``);
    audited. The file is written before the transaction and removed if the transaction fails,
    so a refusal leaves neither a row nor a file."""
    terms = _checked(data)
    email = _normalize_email(data.agent_email)
    if not data.agent_name.strip():
        raise PowerError("agent_name")
    if data.received_via not in rules.RECEIVED_VIA:
        raise PowerError("received_via")
    agent_hetu_hash = _agent_hetu_hash(data.agent_hetu)
    document = clean_document(upload) if upload is not None else None
    key = store_document(document) if document is not None else None
    try:
        with write_txn():
            lease = locked(Lease.select().where(Lease.id == lease_id)).first()
            if lease is None:
                raise NotFound("lease")
            is_party = (
                LeaseParty.select()
                .where((LeaseParty.lease == lease.id) & (LeaseParty.resident == data.grantor_id))
                .exists()
            )
            if not is_party:
                raise PowerError("grantor")
            power = PowerOfAttorney.create(
                grantor=data.grantor_id,
                lease=lease,
                agent_name=data.agent_name.strip(),
                agent_email=email,
                agent_hetu_hash=agent_hetu_hash,
                agent_user=account_of_email(email) or account_of_hetu(agent_hetu_hash),
                kind=terms.kind,
                scopes=",".join(terms.scopes),
                free_text=terms.free_text,
                valid_from=terms.valid_from,
                valid_until=terms.valid_until,
                received_via=data.received_via,
                registered_by=staff,
                document_path=key,
                document_mime=document.mimetype if document is not None else "",
            )
            audit.record(
                "power_registered",
                staff,
                power,
                lease=lease.id,
                kind=terms.kind,
                scopes=list(terms.scopes),
                linked=power.agent_user_id is not None,
            )
    except BaseException:
        if key is not None:
            remove_document(key)
        raise
    return power


def _checked(data: PowerInput) -> rules.PowerTerms:
    try:
        return rules.check_terms(
            data.kind, data.scopes, data.free_text, data.valid_from, data.valid_until
        )
    except rules.PowerRuleError as exc:
        raise PowerError(exc.code) from exc


def revoke_power(staff: User, power_id: int) -> PowerOfAttorney:
    """End a power now (the grantor withdrew it, or it was registered in error); audited."""
    with write_txn():
        power = locked(PowerOfAttorney.select().where(PowerOfAttorney.id == power_id)).first()
        if power is None:
            raise NotFound("power")
        if power.revoked_at is not None:
            raise PowerError("revoked")
        power.revoked_at = utcnow()
        power.save()
        audit.record("power_revoked", staff, power, lease=power.lease_id)
    return power


def get_power(power_id: int) -> PowerOfAttorney:
    power = PowerOfAttorney.get_or_none(PowerOfAttorney.id == power_id)
    if power is None:
        raise NotFound("power")
    return power


def power_document(power_id: int):
    """The scanned form of a power, for staff to open."""
    power = get_power(power_id)
    return document_file(power.document_path, power.document_mime, power.id)



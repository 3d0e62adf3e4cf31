"""Powers of attorney (valtakirja / fullmakt): the kinds on Heka's form and the scopes each
grants, as pure rules.

The form has four kinds besides free text: a *general* power (every lease matter), a *one-off*
power for named acts (spent by its first use), a *tenancy transfer* to a family member living in
the flat, and an *estate's representative* after the tenant's death. The capability each scope
opens is decided in ``services.access.POA_SCOPES``; this module only says which scopes a kind
carries, so a form can never register a general power with a one-off's scope list or the other
way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

GENERAL = "general"
ONE_OFF = "one_off"
TENANCY_TRANSFER = "tenancy_transfer"
ESTATE = "estate"
FREE_TEXT = "free_text"

KINDS: tuple[str, ...] = (GENERAL, ONE_OFF, TENANCY_TRANSFER, ESTATE, FREE_TEXT)

#: The acts a one-off power may name, in the form's order.
ONE_OFF_SCOPES: tuple[str, ...] = (
    "terminate",
    "parking",
    "sauna",
    "keys",
    "manager_certificate",
    "renovation",
    "lease_and_payments",
)

#: The scope a kind carries by itself (one-off and free text: the scopes ticked on the form).
KIND_SCOPE = {GENERAL: GENERAL, TENANCY_TRANSFER: TENANCY_TRANSFER, ESTATE: ESTATE}

RECEIVED_VIA: tuple[str, ...] = ("office", "email")


class PowerRuleError(ValueError):
    """A power that the form's rules do not allow; ``code`` says which rule."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class PowerTerms:
    """What a power of attorney says, checked: kind, scopes, free text and validity."""

    kind: str
    scopes: tuple[str, ...]
    free_text: str
    valid_from: date
    valid_until: date | None


def check_terms(
    kind: str,
    chosen: list[str] | tuple[str, ...],
    free_text: str,
    valid_from: date,
    valid_until: date | None,
) -> PowerTerms:
    """The scopes stored for a power of ``kind``, or PowerRuleError.

    * general, tenancy transfer, estate: the kind's own scope; ticked acts are ignored;
    * one-off: at least one of ``ONE_OFF_SCOPES``, nothing else;
    * free text: the text is required; ticked acts (if any) say what the agent may do here;
    * the validity ends on or after its start.
    """
    if kind not in KINDS:
        raise PowerRuleError("kind")
    unknown = [s for s in chosen if s not in ONE_OFF_SCOPES]
    if unknown:
        raise PowerRuleError("scope")
    picked = tuple(s for s in ONE_OFF_SCOPES if s in chosen)
    text = free_text.strip()
    if kind in KIND_SCOPE:
        scopes: tuple[str, ...] = (KIND_SCOPE[kind],)
    elif kind == ONE_OFF:
        if not picked:
            raise PowerRuleError("no_scope")
        scopes = picked
    else:
        if not text:
            raise PowerRuleError("no_text")
        scopes = picked
    if valid_until is not None and valid_until < valid_from:
        raise PowerRuleError("validity")
    return PowerTerms(kind, scopes, text, valid_from, valid_until)


def status(
    valid_from: date,
    valid_until: date | None,
    revoked: bool,
    used: bool,
    today: date,
) -> str:
    """``revoked``, ``used`` (a spent one-off), ``expired``, ``upcoming`` or ``valid``."""
    if revoked:
        return "revoked"
    if used:
        return "used"
    if valid_until is not None and valid_until < today:
        return "expired"
    if valid_from > today:
        return "upcoming"
    return "valid"

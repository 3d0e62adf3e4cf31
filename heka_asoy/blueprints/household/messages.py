"""Words for the household services' refusals, and the field each is said next to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...domain import occupants as rules

#: code -> (field name or None for the whole form, words)
HOUSEHOLD_ERRORS = {
    "phone": ("phone", _l("Give a phone number, for example 040 123 4567.")),
    "postal_address": (
        "postal_address",
        _l("The address is too long: at most %(max)s characters."),
    ),
    "email": ("email", _l("Give a valid e-mail address, for example name@example.fi.")),
    "email_same": ("email", _l("This is already your e-mail address for notices.")),
    "iban_invalid": (
        "iban",
        _l(
            "This is not a valid IBAN. Check the account number, "
            "for example FI21 1234 5600 0007 85."
        ),
    ),
    "iban_not_sepa": (
        "iban",
        _l("Refunds are paid only to accounts in the SEPA area. Give another account."),
    ),
    "holder_name": (
        "holder_name",
        _l("Give the account holder's name (at most %(max)s characters)."),
    ),
    "link_invalid": (
        None,
        _l("The link is not valid. Ask for a new link on your contact details page."),
    ),
    "link_expired": (
        None,
        _l(
            "The link has expired (it is valid for 24 hours). "
            "Ask for a new link on your contact details page."
        ),
    ),
    "link_used": (
        None,
        _l("The link has already been used. Nothing was changed now."),
    ),
    "first_names": ("first_names", _l("Give the first names (at most %(max)s characters).")),
    "last_name": ("last_name", _l("Give the last name (at most %(max)s characters).")),
    rules.DATE_TOO_EARLY: (
        "on_date",
        _l("The date is more than a year ago. Contact the asoy desk about older moves."),
    ),
    rules.DATE_TOO_LATE: (
        "on_date",
        _l("The date is too far ahead: report a move at most six months in advance."),
    ),
    rules.BIRTH_IN_FUTURE: ("birth_date", _l("The date of birth cannot be in the future.")),
    rules.BIRTH_AFTER_MOVE: (
        "birth_date",
        _l("The date of birth cannot be after the moving-in date."),
    ),
    rules.BEFORE_MOVED_IN: (
        "on_date",
        _l("The moving-out date cannot be before the person moved in."),
    ),
    "occupant": ("resident", _l("Choose a person who lives in the flat now.")),
    "already_pending": (
        "resident",
        _l("A move-out of this person has already been reported and waits for confirmation."),
    ),
    "already_decided": (
        None,
        _l("The report was already decided meanwhile. Nothing was changed now."),
    ),
    "not_living_there": (
        None,
        _l(
            "The person no longer lives in the flat by the register. "
            "Reject the report with a reason."
        ),
    ),
    "reason_required": ("reason", _l("Give the reason for rejecting.")),
    "reason_too_long": ("reason", _l("The reason is too long: at most %(max)s characters.")),
}


def household_error(code: str, params: dict | None = None) -> tuple[str | None, str]:
    """The field and the words for a refusal ``code``."""
    field, text = HOUSEHOLD_ERRORS.get(code, (None, _l("The change could not be made.")))
    text = str(text)
    return field, (text % params if params and "%(" in text else text)


def put_error(form, code: str, params: dict | None = None) -> None:
    """Put the refusal next to its field of ``form`` (or above the form)."""
    name, text = household_error(code, params)
    field = getattr(form, name, None) if name else None
    if field is not None:
        field.errors = [*field.errors, text]
    else:
        form.form_errors.append(text)

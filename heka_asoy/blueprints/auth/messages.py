"""Words for the rules' refusals, in the user's language."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...domain.passwords import PasswordRule

ACCOUNT_ERRORS = {
    "invalid_hetu": _l("The identification did not return a valid personal identity code."),
    "not_in_register": _l(
        "We could not find you in the resident register. Registering needs a lease or a place in "
        "the register of a Heka flat. Call the asoy desk if you think this is a mistake."
    ),
    "already_registered": _l(
        "You already have an account. Log in, or order a new password if you forgot it."
    ),
    "email_taken": _l("This e-mail address is already a username. Log in or use another address."),
    "identification_expired": _l(
        "Your identification has expired or was already used. Please identify again."
    ),
    "office_code_invalid": _l("The identification code is not valid. Check it from your paper."),
    "office_code_expired": _l(
        "The identification code has expired. Book a new office visit to identify again."
    ),
    "office_code_used": _l("This identification code has already been used."),
    "office_mismatch": _l(
        "The personal identity code does not match the person identified at the office."
    ),
    "activation_mismatch": _l("The e-mail address or password is not the one you registered with."),
    "bad_credentials": _l("The e-mail address or password is wrong."),
    "not_activated": _l(
        "Your account is not activated yet. Open the link in the activation e-mail, or order a "
        "new link below."
    ),
    "document_type": _l("Choose the identity document that was shown."),
    "account_disabled": _l(
        "Your account has been closed. Call the asoy desk if you need to use the pages again."
    ),
}

PASSWORD_PROBLEMS = {
    "length": _l("at least %(n)s characters"),
    "max_length": _l("at most 256 characters"),
    "upper": _l("an upper-case letter"),
    "lower": _l("a lower-case letter"),
    "digit": _l("a digit"),
    "special": _l("a special character (for example ! ? # -)"),
}

TOKEN_PROBLEMS = {
    "invalid": _l("This link is not valid. Check that you copied the whole address."),
    "expired": _l("This link has expired: links are valid for 24 hours."),
    "used": _l("This link has already been used."),
}


def password_rule_text(rule: PasswordRule) -> str:
    """The rule in words, e.g. "At least 6 characters, with an upper-case letter, …"."""
    parts = [str(PASSWORD_PROBLEMS[c]) for c in rule.required_classes]
    return _(
        "The password needs at least %(n)s characters, including %(parts)s.",
        n=rule.min_length,
        parts=", ".join(parts),
    )


def password_problem_text(codes: list[str], rule: PasswordRule) -> str:
    missing = [str(PASSWORD_PROBLEMS[c]) % {"n": rule.min_length} for c in codes]
    return _("The password is missing: %(missing)s.", missing=", ".join(missing))

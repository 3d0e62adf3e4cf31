"""The termination refusals in words, in the page's language."""

from __future__ import annotations

from flask_babel import gettext as _

from ...i18n import house_date


def termination_error_text(code: str, window=None) -> str:
    """The message of a ``TerminationError`` code (``window``: the end dates open today)."""
    if code == "too_early" and window is not None:
        return _(
            "The lease can end on %(date)s at the earliest (one month from the end of this "
            "month).",
            date=house_date(window.earliest),
        )
    if code == "too_late" and window is not None:
        return _(
            "Choose an end date on %(date)s at the latest.", date=house_date(window.latest)
        )
    return {
        "iban": _("This is not a valid IBAN. Check the account number."),
        "open": _("A notice of this lease has already been given."),
        "confirmed": _("You have already confirmed this notice."),
        "closed": _("The notice is no longer waiting for confirmations."),
        "not_party": _("Only a lease party can give or confirm the notice."),
    }.get(code, _("The notice could not be given. Check the form."))

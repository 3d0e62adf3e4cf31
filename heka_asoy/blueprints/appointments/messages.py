"""The appointment refusals in words, next to the field they concern."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...services.appointments.errors import AppointmentError

ERROR_TEXTS = {
    "slot_full": _l("Someone took that time a moment ago. Choose another time."),
    "slot_unavailable": _l("That time cannot be booked. Choose one of the times shown."),
    "slot_missing": _l("Choose a new time."),
    "same_slot": _l("Your visit is already at that time. Choose another time."),
    "wrong_state": _l("The visit has changed meanwhile: see its status below."),
    "reason": _l("Choose what the visit is about."),
    "days": _l("Choose the days from the list."),
    "name": _l("Enter your name."),
    "email": _l("Enter your e-mail address."),
}
#: Which form field each code belongs to (the rest go to the top of the form).
FIELDS = {
    "slot_full": "slot",
    "slot_unavailable": "slot",
    "slot_missing": "slot",
    "same_slot": "slot",
    "reason": "reason",
    "days": "preferred_days",
    "name": "name",
    "email": "email",
}


def error_text(code: str) -> str:
    return str(ERROR_TEXTS.get(code, ERROR_TEXTS["wrong_state"]))


def put_error(form, exc: AppointmentError) -> None:
    """Put a refusal of the rules next to its field, or above the form."""
    text = error_text(exc.code)
    field = getattr(form, FIELDS.get(exc.code, ""), None) if exc.code in FIELDS else None
    if field is not None:
        field.errors = [*field.errors, text]
    else:
        form.form_errors.append(text)

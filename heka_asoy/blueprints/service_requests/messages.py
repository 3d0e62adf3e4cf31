"""Words for the service-request refusals, shared by the resident's and the desk's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...domain import service_requests as rules
from ...services.photos import MAX_MEGABYTES, MAX_MEGAPIXELS

_LIMITS = {
    "mb": MAX_MEGABYTES,
    "megapixels": MAX_MEGAPIXELS,
    "count": rules.MAX_ATTACHMENTS,
    "max": rules.TEXT_MAX,
}

REQUEST_ERRORS = {
    "required": _l("Fill in this field."),
    "choice": _l("Choose one of the options."),
    "date": _l("Give a valid date."),
    "too_long": _l("The text is too long: at most %(max)s characters."),
    "date_past": _l("The start cannot be in the past."),
    "date_future": _l("The date cannot be in the future."),
    "ends_before_start": _l("The work cannot end before it starts."),
    "contractor_required": _l("Give the contractor's name and contact details."),
    "too_many_files": _l("You can attach at most %(count)s files."),
    "file_empty": _l("File %(n)s is empty."),
    "file_too_large": _l("File %(n)s is too large: at most %(mb)s MB."),
    "file_not_document": _l("File %(n)s is not a PDF or an image (JPEG, PNG or WebP)."),
    "file_too_many_pixels": _l(
        "File %(n)s has too many pixels: at most %(megapixels)s megapixels."
    ),
    "file_corrupt": _l("File %(n)s is damaged and cannot be read."),
    "file_pdf_damaged": _l("File %(n)s is a damaged PDF and cannot be read."),
    "file_pdf_encrypted": _l("File %(n)s is a password-protected PDF: send it without a password."),
    "file_pdf_active": _l(
        "File %(n)s is a PDF with scripts or embedded files, which we do not accept."
    ),
    "file_not_saved": _l(
        "The files could not be saved just now, so nothing was sent. Try again in a moment."
    ),
    "closed": _l("The request is closed. File a new request if the matter continues."),
    "conflict": _l("The request was changed meanwhile. Reload the page and try again."),
    "transition": _l("That status change is not possible now."),
    "decision": _l("That decision is not possible for this request."),
    "already_decided": _l(
        "The request was already decided. To decide again, first set it back to being handled."
    ),
    "text_required": _l("Give the conditions or the reason."),
    "assignee": _l("Choose a desk worker from the list."),
}


def request_error(code: str, params: dict | None = None) -> str:
    """The words for refusal ``code``, its placeholders filled in."""
    text = str(REQUEST_ERRORS.get(code, _l("The request could not be saved.")))
    values = {**_LIMITS, **(params or {})}
    return text % values if "%(" in text else text


def put_error(form, exc) -> None:
    """Put a ``RequestError`` next to its field of ``form`` (or above the form)."""
    text = request_error(exc.code, exc.params)
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, text]
    else:
        form.form_errors.append(text)

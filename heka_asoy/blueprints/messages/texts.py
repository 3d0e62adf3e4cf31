"""Words for the message rules' refusals, shared by the resident's and the desk's forms, and
for the list's case kinds."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...services.messages import MAX_ATTACHMENTS
from ...services.photos import MAX_MEGABYTES, MAX_MEGAPIXELS

#: code -> (the form field it belongs to, the words)
MESSAGE_ERRORS = {
    "empty": ("body", _l("Write a message or attach a file.")),
    "topic": ("topic", _l("Choose a topic from the list.")),
    "subject": ("subject", _l("Write a subject.")),
    "too_many_files": ("attachments", _l("You can attach at most %(n)s files.")),
    "file_empty": ("attachments", _l("File %(n)s is empty.")),
    "file_too_large": ("attachments", _l("File %(n)s is too large: at most %(mb)s MB.")),
    "file_not_document": (
        "attachments",
        _l("File %(n)s is of a kind we do not accept: use PDF, JPEG, PNG or WebP."),
    ),
    "file_too_many_pixels": (
        "attachments",
        _l("Image %(n)s has too many pixels: at most %(megapixels)s megapixels."),
    ),
    "file_corrupt": ("attachments", _l("File %(n)s is damaged and cannot be read.")),
    "file_pdf_damaged": ("attachments", _l("PDF %(n)s is damaged or incomplete.")),
    "file_pdf_encrypted": (
        "attachments",
        _l("PDF %(n)s is protected with a password; attach it without."),
    ),
    "file_pdf_active": (
        "attachments",
        _l("PDF %(n)s contains scripts or embedded files; save it again as a plain PDF."),
    ),
    "file_not_saved": (
        "attachments",
        _l("The files could not be saved just now, so nothing was sent. Try again in a moment."),
    ),
    "status": ("status", _l("That status change is not possible.")),
    "worker": ("worker", _l("Choose a desk worker from the list.")),
}

CASE_KINDS = {
    "fault": _l("Fault report"),
    "message": _l("Message"),
    "service_request": _l("Service request"),
}

SERVICE_REQUEST_KINDS = {
    "disturbance": _l("Disturbing neighbours"),
    "smoking": _l("Smoking in the building"),
    "renovation": _l("Permit to renovate"),
    "tenancy_transfer": _l("Transfer of the tenancy"),
    "inspection": _l("Flat inspection"),
    "other": _l("Other request"),
}

SERVICE_REQUEST_STATUSES = {
    "received": _l("Received"),
    "in_progress": _l("Being handled"),
    "waiting_for_resident": _l("Waiting for you"),
    "decided": _l("Decided"),
    "closed": _l("Closed"),
}


def message_error(code: str, params: dict | None = None) -> tuple[str, str]:
    """The field a refusal belongs to and its words."""
    field, text = MESSAGE_ERRORS.get(code, ("body", _l("The message could not be sent.")))
    text = str(text)
    if "%(" in text:
        text = text % {
            "n": (params or {}).get("n", MAX_ATTACHMENTS),
            "mb": MAX_MEGABYTES,
            "megapixels": MAX_MEGAPIXELS,
        }
    return field, text


def show_error(form, code: str, params: dict | None = None) -> None:
    """Put a refusal next to its field (or at the top of the form)."""
    name, text = message_error(code, params)
    field = getattr(form, name, None)
    if field is None:
        form.form_errors.append(text)
    else:
        field.errors = [*field.errors, text]

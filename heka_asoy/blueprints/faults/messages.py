"""Words for the fault rules' refusals, shared by the resident, public, desk and maintenance
forms."""

from flask_babel import lazy_gettext as _l

from ...domain import faults as rules
from ...services.faults import MAX_PHOTOS
from ...services.photos import MAX_MEGABYTES, MAX_MEGAPIXELS

#: What the messages' placeholders other than ``n`` (which photo) stand for: the limits, written
#: once where they are enforced.
_LIMITS = {"count": MAX_PHOTOS, "mb": MAX_MEGABYTES, "megapixels": MAX_MEGAPIXELS}

FAULT_ERRORS = {
    "category": _l("Choose the kind of fault from the list."),
    "description": _l("Describe the fault."),
    "too_many_photos": _l("You can attach at most %(count)s photos."),
    "looks_urgent": _l(
        "Your description sounds like an urgent fault. Urgent faults are phoned, not filed: "
        "call the number above. If the fault is not urgent, tick the box and send again."
    ),
    "photo_empty": _l("Photo %(n)s is empty."),
    "photo_too_large": _l("Photo %(n)s is too large: at most %(mb)s MB."),
    "photo_not_image": _l("File %(n)s is not an image."),
    "photo_format": _l("Photo %(n)s is of a kind we do not accept: use JPEG, PNG or WebP."),
    "photo_too_many_pixels": _l(
        "Photo %(n)s has too many pixels: at most %(megapixels)s megapixels."
    ),
    "photo_corrupt": _l("Photo %(n)s is damaged and cannot be read."),
    "photo_not_saved": _l(
        "The photos could not be saved just now, so nothing was sent. Try again in a moment."
    ),
    "closed": _l("The report is closed; file a new report if the fault continues."),
    "empty_comment": _l("Write a comment or attach a photo."),
    "feedback": _l("This report is not waiting for your answer."),
    "conflict": _l("The report was changed meanwhile. Reload the page and try again."),
    "transition": _l("That status change is not possible now."),
    "flat": _l("Choose your flat from the list."),
    "not_found": _l("The report was not found."),
    "move_party": _l("Choose who handles the report."),
    "move_reason": _l("Give the reason for the move: the resident sees it."),
    "move_reason_long": _l("The reason is too long."),
    "move_closed": _l("Only an open report can be moved."),
    "move_same": _l("The report is already there."),
    "move_first": _l(
        "This report is not the housing company's to repair: move it to the housing company "
        "first, with a reason."
    ),
    rules.VISIT_TIME_REQUIRED: _l("Give the agreed visit time."),
    rules.VISIT_TIME_UNEXPECTED: _l(
        'Give a visit time only with "Visit agreed", or to move a visit already agreed.'
    ),
}


def fault_error_text(code: str, detail: str = "") -> str:
    """The words for a refusal ``code``; ``detail`` names the photo it concerns."""
    message = str(FAULT_ERRORS.get(code, FAULT_ERRORS["not_found"]))
    return message % {"n": detail, **_LIMITS} if "%(" in message else message


def visit_time_valid(form, current: str) -> bool:
    """The visit rule (``rules.visit_problem``) said next to the visit time field, before the
    service refuses the same change: shared by the desk's and the maintenance company's forms
    (fields ``status`` and ``visit_at``). ``current`` is the report's status."""
    if form.visit_at.errors:
        return False  # not a time at all: that message says enough
    problem = rules.visit_problem(current, form.status.data or None, form.visit_at.data is not None)
    if problem:
        form.visit_at.errors = [*form.visit_at.errors, fault_error_text(problem)]
    return problem is None

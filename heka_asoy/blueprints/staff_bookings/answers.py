"""How the desk's booking forms are answered (the staff side of ``bookings.answers``).

Every form swaps one block of its page. A form that does not validate gets the block again with
its errors (422). A change the services refuse (``AdminError`` or ``BookingError``) gets the
block with the refusal said in words: 404 for "not_found", 409 when the booking rules or a
uniqueness rule refused, else 422. A change that is made gets the block with a confirmation
(HTMX), or a flashed message and a redirect (post/redirect/get). HTMX always gets 200, since it
swaps only 2xx answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash, make_response, redirect
from flask_babel import gettext as _

from ...rendering import wants_block
from ...services.booking_admin import AdminError
from ...services.bookings import BookingError
from ..bookings.messages import booking_error_text

#: The refusals of the services that ``answer`` and ``Block.refused`` catch.
REFUSALS = (AdminError, BookingError)


def respond(html: str, code: int = 200):
    """``html`` with ``code``, or with 200 for HTMX."""
    return make_response(html, 200 if wants_block() else code)


def leave(message: str, target: str):
    """Flash ``message`` and send the browser to ``target`` (HTMX follows ``HX-Redirect``)."""
    flash(message, "success")
    if wants_block():
        response = make_response("", 200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


@dataclass(frozen=True)
class Note:
    """A message shown at the top of one block (``where``) after a change."""

    where: str
    text: str
    error: bool = False


def error_text(error: str | Exception) -> str:
    """Words for the refusals of the admin service (``error`` or its code); the booking
    service's refusals are worded once, for residents and staff alike (``booking_error_text``)."""
    if isinstance(error, BookingError):
        return booking_error_text(error)
    code = getattr(error, "code", error)
    if code.startswith("range:"):
        return _("A value is outside its allowed range.")
    messages = {
        "not_found": _("Not found: it may have been removed a moment ago."),
        "name": _("Enter a name of at most 100 characters."),
        "fee_missing": _("Enter the monthly fee in euros."),
        "negative_fee": _("The fee cannot be negative."),
        "fee_too_large": _("The fee is too large."),
        "label": _("Choose the use of the hour from the list."),
        "hour_exists": _("The sauna already has an hour at that time."),
        "hour_held": _("A flat holds this hour. End its turn before making the hour unbookable."),
        "hour_offered": _(
            "This hour is offered to a flat in its waiting list. Wait for the answer before "
            "making the hour unbookable."
        ),
        "hour_used": _(
            "This hour has bookings or a waiting list, so it is kept for its history. Make it "
            "unbookable instead."
        ),
        "code": _("Enter the space's code (at most 10 characters)."),
        "kind": _("Choose the type of the space."),
        "duplicate_code": _("The housing company already has a parking space with this code."),
        "space_used": _(
            "This space has contracts or an open offer, so it is kept for its history."
        ),
        "flat": _("Choose a flat of this housing company."),
        "end_in_past": _("The end date cannot be in the past."),
    }
    return messages.get(code, _("The change could not be made."))


def refusal_status(exc: Exception) -> int:
    """The status of a refused change (without JavaScript)."""
    code = getattr(exc, "code", "")
    if code == "not_found":
        return 404
    return (
        409 if isinstance(exc, BookingError) or code in ("duplicate_code", "hour_exists") else 422
    )


#: Which field of a space form a refusal is about (shown beside it).
SPACE_FIELDS = {
    "duplicate_code": "code",
    "code": "code",
    "kind": "kind",
    "negative_fee": "monthly_fee",
    "fee_too_large": "monthly_fee",
    "fee_missing": "monthly_fee",
}


def field_error(form, error: Exception) -> None:
    """Show a refusal of the service beside the field it is about (or above the form)."""
    name = SPACE_FIELDS.get(error.code)
    if name is not None:
        target = getattr(form, name)
        target.errors = [*target.errors, error_text(error)]
    else:
        form.form_errors.append(error_text(error))


@dataclass(frozen=True)
class Block:
    """One block of a page: ``show(row, block=name, note=..., code=..., **forms)`` renders it
    for ``row``; ``form_arg`` names the keyword that takes the posted form."""

    show: Callable[..., Any]
    row: Any
    name: str
    form_arg: str | None = None

    def again(self, form=None, *, note: Note | None = None, code: int = 200):
        """The block with the posted ``form`` (its errors) and ``note``."""
        forms = {self.form_arg: form} if self.form_arg and form is not None else {}
        return self.show(self.row, block=self.name, note=note, code=code, **forms)

    def refused(self, exc: Exception, form=None, *, code: int | None = None):
        """The block with the refusal said in its note."""
        note = Note(self.name, error_text(exc), error=True)
        return self.again(form, note=note, code=code or refusal_status(exc))

    def done(self, text: str, row=None):
        """The block (of ``row``, by default the block's own) with a confirmation."""
        row = self.row if row is None else row
        return self.show(row, block=self.name, note=Note(self.name, text))


def answer(
    block: Block,
    form,
    action: Callable[[], Any],
    notice: Callable[[Any], str],
    back: str | Callable[[Any], str],
    *,
    fresh: bool = False,
    beside_fields: bool = False,
    refused_code: int | None = None,
):
    """Validate ``form``, run ``action`` and answer: the block with the form's errors (422);
    the block with a refusal; or ``notice(result)`` in the block (HTMX) or flashed with a
    redirect to ``back`` (a url, or made from the result).

    ``fresh``: the result is the changed row, and the block shows it. ``beside_fields``: a
    refusal goes beside its field instead of in a note. ``refused_code``: the status of every
    refusal (else ``refusal_status``)."""
    if not form.validate():
        return block.again(form, code=422)
    try:
        result = action()
    except REFUSALS as exc:
        if beside_fields:
            field_error(form, exc)
            return block.again(form, code=refused_code or refusal_status(exc))
        return block.refused(exc, form, code=refused_code)
    text = notice(result)
    if wants_block():
        return block.done(text, result if fresh else None)
    flash(text, "success")
    return redirect(back(result) if callable(back) else back)

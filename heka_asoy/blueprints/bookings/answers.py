"""How the booking forms are answered: a refusal with its message, success with a notice.

A refusal is a ``BookingError`` code said in words (``messages.booking_error_text``); an unknown
or foreign id is a ``BookingNotFound``, which is not answered here but goes on to the app's
error handler (404), so that existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect

from ...services.bookings import BookingError
from ...services.errors import NotFound
from .messages import booking_error_text


def flash_answer(
    url: str,
    *,
    error: str | BookingError | None = None,
    notice: str | None = None,
):
    """Flash the refusal or the notice, and
    redirect to ``url``. An unknown or foreign id goes on to the 404 page."""
    if isinstance(error, NotFound):
        raise error
    if error:
        flash(booking_error_text(error), "error")
    elif notice:
        flash(notice, "success")
    return redirect(url)


def attempt(
    answer: Callable[..., Any],
    flat_id: int,
    action: Callable[[], Any],
    notice: Callable[[Any], str],
    **after: Callable[[Any], Any],
):
    """Run a booking write and answer it with ``answer(flat_id, ...)``: a refusal as ``error``
    (the ``BookingError``: its code and the parameters of its message); success with
    ``notice(result)``, and each of ``after`` (more arguments of the answer) computed from the
    result."""
    try:
        result = action()
    except NotFound:
        raise
    except BookingError as exc:
        return answer(flat_id, error=exc)
    return answer(
        flat_id, notice=notice(result), **{name: made(result) for name, made in after.items()}
    )

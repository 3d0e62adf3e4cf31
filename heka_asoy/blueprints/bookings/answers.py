"""How the booking forms are answered: a refusal with its message, success with a notice.

A refusal is a ``BookingError`` code: "not_found" (an unknown or foreign id) is a 404, so that
existence is not revealed; every other code is said in words (``messages.booking_error_text``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect

from ...services.bookings import BookingError
from .messages import booking_error_text


def not_found_or(error: str | BookingError) -> None:
    """Foreign or unknown ids are answered 404 (their existence is not revealed)."""
    if getattr(error, "code", error) == "not_found":
        abort(404)


def flash_answer(
    url: str,
    *,
    error: str | BookingError | None = None,
    notice: str | None = None,
    parking: bool = False,
):
    """Flash the refusal (worded for a parking space when ``parking``) or the notice, and
    redirect to ``url``."""
    if error:
        not_found_or(error)
        flash(booking_error_text(error, parking=parking), "error")
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
    except BookingError as exc:
        return answer(flat_id, error=exc)
    return answer(
        flat_id, notice=notice(result), **{name: made(result) for name, made in after.items()}
    )

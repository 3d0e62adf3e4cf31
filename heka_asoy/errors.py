"""Error pages (403, 404, 429, 500) in the visitor's language; HTMX requests get a short partial."""

from __future__ import annotations

import math
import time
from datetime import timedelta

from flask import Flask, render_template, request
from flask_babel import format_timedelta
from flask_wtf.csrf import CSRFError

from .extensions import limiter
from .services.errors import NotFound, Refused
from .services.login_throttle import Throttled

ERROR_CODES = (400, 403, 404, 405, 413, 429, 500)


def _retry_after(error) -> int | None:
    """Seconds a refused visitor must wait: the login throttle says so itself, Flask-Limiter's
    breached limit knows when its window ends."""
    if isinstance(error, Throttled):
        return error.retry_after
    limit = limiter.current_limit if limiter.enabled else None
    if limit is None or not limit.breached:
        return None
    return max(1, math.ceil(limit.window.reset_time - time.time()))


def wait_text(seconds: int) -> str:
    """The wait in words of the visitor's language, never shorter than the real one: seconds
    under a minute, else whole minutes rounded up ("30 seconds", "15 minutes")."""
    if seconds >= 60:
        seconds = math.ceil(seconds / 60) * 60
    return format_timedelta(timedelta(seconds=seconds), threshold=1)


def _too_many(error):
    seconds = _retry_after(error)
    wait = wait_text(seconds) if seconds else None
    response = render_template("errors/error.html", code=429, wait=wait), 429
    return response if seconds is None else (*response, {"Retry-After": str(seconds)})


class _Coded:
    """A service error seen as its HTTP code by the one page handler."""

    def __init__(self, code: int):
        self.code = code


def init_app(app: Flask) -> None:
    def handler(error):
        code = getattr(error, "code", 500) or 500
        if code not in ERROR_CODES:
            code = 500
        if code == 429:
            return _too_many(error)
        return render_template("errors/error.html", code=code), code

    for code in ERROR_CODES:
        app.register_error_handler(code, handler)
    app.register_error_handler(Throttled, _too_many)
    app.register_error_handler(NotFound, lambda error: handler(_Coded(404)))
    app.register_error_handler(Refused, lambda error: handler(_Coded(403)))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        # the reason (token missing, referrer mismatch …) for the operator; the page says less
        app.logger.warning(
            "CSRF refused %s %s: %s", request.method, request.path, error.description
        )
        return render_template("errors/error.html", code=400, csrf=True), 400

"""Error pages (403, 404, 429, 500) in the visitor's language; HTMX requests get a short partial."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

ERROR_CODES = (400, 403, 404, 405, 413, 429, 500)


def init_app(app: Flask) -> None:
    def handler(error):
        code = getattr(error, "code", 500) or 500
        if code not in ERROR_CODES:
            code = 500
        return render_template("errors/error.html", code=code), code

    for code in ERROR_CODES:
        app.register_error_handler(code, handler)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/error.html", code=400, csrf=True), 400

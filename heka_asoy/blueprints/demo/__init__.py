"""Demo-only pages (registered only when DEMO_MODE is on): the sent-mail viewer."""

from flask import Blueprint

bp = Blueprint("demo", __name__)

from . import views  # noqa: E402, F401

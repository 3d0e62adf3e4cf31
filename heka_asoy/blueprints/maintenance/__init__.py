"""The maintenance company's page, reached by a signed link (no account)."""

from flask import Blueprint

bp = Blueprint("maintenance", __name__)

from . import views  # noqa: E402, F401

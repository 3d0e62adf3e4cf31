"""The public fault form (no login), confirmed by a mailed link."""

from flask import Blueprint

bp = Blueprint("public_faults", __name__)

from . import views  # noqa: E402, F401

"""The resident pages (omat sivut). Every view here goes through ``resident_required``."""

from flask import Blueprint

bp = Blueprint("resident", __name__)

from . import views  # noqa: E402, F401

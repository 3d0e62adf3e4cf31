"""The back office of the asoy desk. Every view here goes through ``staff_required``."""

from flask import Blueprint

bp = Blueprint("staff", __name__)

from . import views  # noqa: E402, F401

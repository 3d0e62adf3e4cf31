"""The asoy desk's fault queue, report pages and review queue."""

from flask import Blueprint

bp = Blueprint("staff_faults", __name__)

from . import views  # noqa: E402, F401

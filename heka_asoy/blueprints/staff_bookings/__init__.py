"""The desk's bookings admin: saunas, hours and rules, parking spaces, holders and queues."""

from flask import Blueprint

bp = Blueprint("staff_bookings", __name__)

from . import views  # noqa: E402, F401

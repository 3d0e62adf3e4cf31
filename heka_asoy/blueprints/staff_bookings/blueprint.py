"""The blueprint object of the desk's bookings admin, in its own module.

Every view module imports ``bp`` from here and the package imports the view modules, so no
module imports the package it is in and no import waits at the bottom of a file.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff_bookings", __name__)

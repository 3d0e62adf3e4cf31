"""The blueprint object of the resident bookings pages, in its own module.

Every view module imports ``bp`` from here and the package imports the view modules, so no
module imports the package it is in and no import waits at the bottom of a file.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("bookings", __name__)

"""The resident dashboard: every feature of the resident pages, and which are open to this user."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from ...services import access
from ...services.appointments.requests import next_visit
from ...services.features import resident_features
from .guards import resident_required

bp = Blueprint("resident", __name__)


@bp.get("/")
@resident_required
def dashboard():
    flats = access.started_flats(current_user)
    return render_template(
        "resident/dashboard.html",
        flats=access.describe(flats),
        features=resident_features(flats),
        next_visit=next_visit(current_user),
    )

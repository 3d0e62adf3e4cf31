"""The resident dashboard: every feature of the resident pages, and which are open to this user."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_login import current_user

from ...services.dashboard import dashboard as dashboard_model
from .guards import resident_required

bp = Blueprint("resident", __name__)


@bp.get("/")
@resident_required
def dashboard():
    model = dashboard_model(current_user, str(get_locale() or "fi"))
    return render_template(
        "resident/dashboard.html",
        flats=model.flats,
        features=model.features,
        announcements=model.announcements,
        next_visit=model.next_visit,
    )

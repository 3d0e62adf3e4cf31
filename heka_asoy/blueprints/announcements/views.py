"""``/my/announcements/``: the announcements for the user's homes (emergencies first, unread
marked; viewing the page marks them read), and ``me-too/<report_id>``: "me too" on an open report
about a shared space of the user's building, from the fault form (HTMX swaps the report's row;
without JavaScript the form posts and the fault form shows again)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ...forms import FlaskForm
from ...params import id_arg
from ...rendering import render, wants_block
from ...services import announcements
from ...services import faults as fault_service
from ...services.faults import FaultError
from ..resident.guards import resident_required

bp = Blueprint("announcements", __name__)


class MeTooForm(FlaskForm):
    """Only the CSRF token: the report is in the path."""


def language() -> str:
    return str(get_locale() or "fi")


@bp.get("/")
@resident_required
def index():
    return render(
        "announcements/index.html",
        items=announcements.announcements_page(current_user, language()),
    )


@bp.post("/me-too/<int:report_id>")
@resident_required
def me_too(report_id: int):
    flat = id_arg("flat")
    back = url_for("faults.new", flat=flat) if flat else url_for("faults.new")
    if not MeTooForm().validate_on_submit():
        flash(_("Something went wrong. Try again."), "error")
        return redirect(back, 303)
    try:
        report = fault_service.join_report(current_user, report_id)
    except FaultError:
        flash(_("This is a report of your own flat: it is followed already."), "error")
        return redirect(back, 303)
    if wants_block():
        return render_template(
            "faults/_shared_reports.html", shared_one=report, flat_id=flat, just_joined=True
        )
    flash(_("Thank you. You are counted on the report and will hear of its progress."), "success")
    return redirect(back, 303)

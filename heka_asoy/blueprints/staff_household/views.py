"""The desk's occupant queue. A decision is a POST per report; the service applies it once
(a report decided meanwhile by someone else is said so, and nothing changes)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...services import household as service
from ...services.household import HouseholdError
from ..household.messages import household_error
from ..staff.guards import staff_required
from .forms import DecideForm

bp = Blueprint("staff_household", __name__)


@bp.get("/")
@staff_required
def queue():
    page = service.staff_queue(request.args.get("status", "pending"))
    forms = {c.id: DecideForm(prefix=f"c{c.id}", formdata=None) for c in page.changes}
    return render_template("staff_household/occupants.html", page=page, forms=forms)


@bp.post("/<int:change_id>/decide")
@staff_required
def decide(change_id: int):
    form = DecideForm(prefix=f"c{change_id}")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(errors[0], "error")
        return redirect(url_for("staff_household.queue"))
    confirm = form.confirm.data
    try:
        service.decide_change(current_user, change_id, confirm, form.reason.data or "")
    except HouseholdError as exc:
        flash(household_error(exc.code, exc.params)[1], "error")
    else:
        flash(
            _("Confirmed: the register was updated and the resident was told.")
            if confirm
            else _("Rejected: the resident was told the reason."),
            "success",
        )
    return redirect(url_for("staff_household.queue"))

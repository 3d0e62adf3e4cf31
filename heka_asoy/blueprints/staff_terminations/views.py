"""The desk's terminations: the queue (status, lease, flat, end date, inspection wish), one
notice with its confirmations, and the move-out notes (inspection booked, keys returned)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...domain.office_hours import HELSINKI
from ...services import lease as service
from ..staff.guards import staff_required
from .forms import MoveOutForm, StatusFilterForm

bp = Blueprint("staff_terminations", __name__)


@bp.get("/")
@staff_required
def queue():
    form = StatusFilterForm(request.args)
    status = form.status.data if form.validate() else None
    return render_template(
        "staff_terminations/queue.html", form=form, rows=service.termination_queue(status)
    )


@bp.get("/<int:termination_id>")
@staff_required
def detail(termination_id: int):
    item = service.termination_detail(termination_id)
    form = MoveOutForm(formdata=None)
    return render_template("staff_terminations/detail.html", item=item, form=form)


def _utc(moment: datetime | None) -> datetime | None:
    """A datetime-local value is Helsinki wall time; stored times are naive UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=HELSINKI).astimezone(UTC).replace(tzinfo=None)


@bp.post("/<int:termination_id>/move-out")
@staff_required
def move_out(termination_id: int):
    form = MoveOutForm()
    if not form.validate():
        item = service.termination_detail(termination_id)
        return render_template("staff_terminations/detail.html", item=item, form=form), 422
    service.record_move_out(
        current_user,
        termination_id,
        inspection_at=_utc(form.inspection_at.data),
        keys_returned_on=form.keys_returned_on.data,
    )
    flash(_("Saved."), "success")
    return redirect(url_for("staff_terminations.detail", termination_id=termination_id))

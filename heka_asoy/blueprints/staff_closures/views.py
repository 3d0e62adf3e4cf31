"""Account closing at the desk: the waiting requests, confirm or refuse each."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...services import account_closing
from ...services.account_closing import ClosureError
from ..staff.guards import staff_required
from .forms import ConfirmForm, RefuseForm

bp = Blueprint("staff_closures", __name__)

ERRORS = {
    "already_decided": lambda: _("This request was already decided."),
    "reason_required": lambda: _("Give the reason: it is mailed to the resident."),
    "too_long": lambda: _("The text is too long."),
}


def _page(refuse_forms: dict | None = None, code: int = 200):
    rows = account_closing.waiting(current_user)
    refuse_forms = refuse_forms or {}
    forms = {
        row.id: refuse_forms.get(row.id) or RefuseForm(prefix=f"r{row.id}", formdata=None)
        for row in rows
    }
    html = render_template(
        "staff_closures/index.html", rows=rows, confirm=ConfirmForm(), refuse_forms=forms
    )
    return html, code


@bp.get("/")
@staff_required
def index():
    return _page()


@bp.post("/<int:closure_id>/confirm")
@staff_required
def confirm(closure_id: int):
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            account_closing.confirm(current_user, closure_id)
        except ClosureError as exc:
            flash(ERRORS[exc.code](), "error")
        else:
            flash(_("The account was closed and the resident was told by e-mail."), "success")
    return redirect(url_for("staff_closures.index"))


@bp.post("/<int:closure_id>/refuse")
@staff_required
def refuse(closure_id: int):
    form = RefuseForm(prefix=f"r{closure_id}")
    if form.validate_on_submit():
        try:
            account_closing.refuse(current_user, closure_id, form.reason.data or "")
        except ClosureError as exc:
            if exc.code == "already_decided":
                flash(ERRORS[exc.code](), "error")
                return redirect(url_for("staff_closures.index"))
            form.reason.errors = [*form.reason.errors, ERRORS[exc.code]()]
        else:
            flash(_("The request was refused and the resident was told why."), "success")
            return redirect(url_for("staff_closures.index"))
    return _page({closure_id: form}, 422)

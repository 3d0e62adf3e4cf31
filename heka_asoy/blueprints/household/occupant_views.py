"""Occupants: who lives in the flat, and reports of people moving in or out (lease party, or an
agent within scope). The page is about one flat (the ``flat`` argument, checked by the
service); each form names the flat again."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...params import id_arg, parse_id
from ...services import household as service
from ...services.household import HouseholdError
from ..resident.guards import resident_required
from .blueprint import bp
from .forms import MoveInForm, MoveOutForm
from .messages import put_error


def _out_choices(form: MoveOutForm, view) -> None:
    form.resident.choices = [(-1, _("Choose…"))] + [
        (row.resident_id, row.name) for row in view.occupants if not row.moving_out
    ]


def _page(flat_id: int | None, move_in=None, move_out=None, code: int = 200):
    view = service.occupants_page(current_user, flat_id)
    move_in = move_in or MoveInForm(prefix="in", formdata=None)
    move_out = move_out or MoveOutForm(prefix="out", formdata=None)
    _out_choices(move_out, view)
    html = render_template(
        "household/occupants.html", view=view, move_in=move_in, move_out=move_out
    )
    return html, code


@bp.get("/occupants")
@resident_required
def occupants():
    return _page(id_arg("flat"))


@bp.post("/occupants/in")
@resident_required
def move_in():
    flat_id = id_arg("flat")
    form = MoveInForm(prefix="in")
    if flat_id is not None and form.validate_on_submit():
        try:
            service.report_move_in(
                current_user,
                flat_id,
                form.first_names.data,
                form.last_name.data,
                form.birth_date.data,
                form.on_date.data,
            )
        except HouseholdError as exc:
            put_error(form, exc.code, exc.params)
        else:
            flash(
                _("The move-in was reported. The asoy desk confirms it to the register."), "success"
            )
            return redirect(url_for("household.occupants", flat=flat_id))
    return _page(flat_id, move_in=form, code=422)


@bp.post("/occupants/out")
@resident_required
def move_out():
    flat_id = id_arg("flat")
    form = MoveOutForm(prefix="out")
    form.resident.choices = None  # checked by the service: a person living in this flat
    form.resident.validate_choice = False
    if flat_id is not None and form.validate_on_submit():
        try:
            service.report_move_out(
                current_user, flat_id, parse_id(form.resident.data) or 0, form.on_date.data
            )
        except HouseholdError as exc:
            put_error(form, exc.code, exc.params)
        else:
            flash(
                _("The move-out was reported. The asoy desk confirms it to the register."),
                "success",
            )
            return redirect(url_for("household.occupants", flat=flat_id))
    return _page(flat_id, move_out=form, code=422)

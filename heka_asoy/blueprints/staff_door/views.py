"""Find a flat, see its door openings and key handovers, log either. A logged door opening
makes its invoice (the service does both in one transaction)."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ...domain.office_hours import HELSINKI
from ...rendering import render
from ...services import door
from ..staff.forms import DOCUMENT_CHOICES
from ..staff.guards import staff_required
from .forms import DoorOpeningForm, FlatSearchForm, KeyHandoverForm
from .messages import door_error_text

bp = Blueprint("staff_door", __name__)


def _now_local() -> datetime:
    return datetime.now(HELSINKI).replace(tzinfo=None, second=0, microsecond=0)


@bp.get("/")
@staff_required
def index():
    form = FlatSearchForm(request.args)
    query = (form.q.data or "") if form.validate() else ""
    return render("staff_door/index.html", form=form, query=query,
                  flats=door.find_flats(query))


def _page(flat_id: int, opening_form=None, keys_form=None, code: int = 200):
    log = door.flat_log(flat_id)
    opening_form = opening_form or DoorOpeningForm(
        formdata=None, prefix="opening", opened_at=_now_local(), fee=door.default_fee(),
        performed_by=current_user.name or "",
    )
    keys_form = keys_form or KeyHandoverForm(formdata=None, prefix="keys",
                                             handled_at=_now_local())
    _resident_choices(opening_form, log)
    return render("staff_door/flat.html", log=log, opening_form=opening_form,
                  keys_form=keys_form,
                  document_labels={c.value: c.label for c in DOCUMENT_CHOICES}), code


def _resident_choices(form: DoorOpeningForm, log: door.FlatLog) -> None:
    form.resident.choices = [SelectChoice(r.id, r.full_name) for r in log.occupants]


@bp.get("/flat/<int:flat_id>")
@staff_required
def flat(flat_id: int):
    return _page(flat_id)


@bp.post("/flat/<int:flat_id>/opening")
@staff_required
def log_opening(flat_id: int):
    form = DoorOpeningForm(prefix="opening")
    _resident_choices(form, door.flat_log(flat_id))
    if form.validate_on_submit():
        try:
            opening = door.log_door_opening(
                current_user,
                flat_id,
                door.DoorOpeningInput(
                    resident_id=form.resident.data,
                    opened_at=form.opened_at.data.replace(tzinfo=HELSINKI),
                    performed_by=form.performed_by.data,
                    document_type=form.document_type.data,
                    fee=form.fee.data,
                    notes=form.notes.data or "",
                ),
            )
        except door.DoorError as exc:
            form.form_errors.append(door_error_text(exc.code))
        else:
            if opening.invoice_id:
                flash(_("Door opening logged and invoice %(number)s made.",
                        number=opening.invoice.number), "success")
            else:
                flash(_("Door opening logged without a fee."), "success")
            return redirect(url_for("staff_door.flat", flat_id=flat_id, _anchor="openings"))
    return _page(flat_id, opening_form=form, code=422)


@bp.post("/flat/<int:flat_id>/keys")
@staff_required
def log_keys(flat_id: int):
    form = KeyHandoverForm(prefix="keys")
    if form.validate_on_submit():
        try:
            door.log_key_handover(
                current_user,
                flat_id,
                door.KeyHandoverInput(
                    direction=form.direction.data,
                    keys_count=form.keys_count.data,
                    person_name=form.person_name.data,
                    handled_at=form.handled_at.data.replace(tzinfo=HELSINKI),
                    via_after_hours_box=bool(form.via_after_hours_box.data),
                    notes=form.notes.data or "",
                ),
            )
        except door.DoorError as exc:
            form.form_errors.append(door_error_text(exc.code))
        else:
            flash(_("Key handover logged."), "success")
            return redirect(url_for("staff_door.flat", flat_id=flat_id, _anchor="keys"))
    return _page(flat_id, keys_form=form, code=422)

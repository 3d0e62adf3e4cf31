"""The resident's office appointments under /my/appointments: the list of one's own visits with
their status, the request form (contact details prefilled) and one visit's details. A user sees
only their own appointments, about flats they may still see (``services.appointments.requests``).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ...params import id_arg
from ...services.appointments import requests as service
from ...services.appointments.errors import AppointmentError
from ..resident.guards import resident_required
from .forms import RequestForm
from .messages import put_error

bp = Blueprint("my_appointments", __name__)


@bp.get("/")
@resident_required
def index():
    return render_template("appointments/my_list.html", mine=service.my_appointments(current_user))


def _render_new(form: RequestForm, page, code: int = 200):
    return render_template("appointments/my_new.html", form=form, page=page), code


@bp.route("/new", methods=["GET", "POST"])
@resident_required
def new():
    page = service.new_request_page(current_user, id_arg("flat"))
    if request.method == "GET":
        form = RequestForm(formdata=None, name=page.name, email=page.email, phone=page.phone)
        return _render_new(form, page)
    form = RequestForm()
    if form.validate_on_submit():
        try:
            made = service.request_from_pages(
                current_user, page.flat_id, form.to_input(), str(get_locale() or "fi")
            )
        except AppointmentError as exc:
            put_error(form, exc)
        else:
            flash(_("Your request was sent to the asoy desk. It mails you a time."), "success")
            return redirect(url_for("my_appointments.detail", appointment_id=made.id), 303)
    return _render_new(form, page, 422)


@bp.get("/<int:appointment_id>")
@resident_required
def detail(appointment_id: int):
    return render_template(
        "appointments/my_detail.html",
        visit=service.my_appointment(current_user, appointment_id),
    )

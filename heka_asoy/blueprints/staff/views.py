"""Staff home and the foundation's staff tasks: office identification, staff accounts."""

from __future__ import annotations

from flask import Blueprint, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ...domain.passwords import PasswordRule
from ...params import parse_id
from ...services import operations, staff
from ...services.accounts import AccountError
from ...services.appointments.errors import AppointmentError
from ..auth.messages import ACCOUNT_ERRORS, password_problem_text
from .forms import OfficeIdentificationForm, ResidentSearchForm, StaffUserForm
from .guards import admin_required, staff_required

bp = Blueprint("staff", __name__)


@bp.get("/")
@staff_required
def home():
    """The desk's links, the outbox's state, and for admins the operations box (job queue,
    periodic jobs' last runs): one service call."""
    return render_template("staff/home.html", home=operations.staff_home(current_user))


@bp.route("/identification", methods=["GET", "POST"])
@staff_required
def office_identification():
    """Record that a resident showed an ID document at the office; hand them the code."""
    search = ResidentSearchForm(request.args)
    results = staff.find_residents_with_visits(search.q.data or "") if search.q.data else []
    form = OfficeIdentificationForm()
    code = None
    identified = None
    if form.validate_on_submit():
        visit = form.appointment_id.data or ""
        try:
            identified, code = staff.identify_at_office(
                parse_id(form.resident_id.data),
                form.document_type.data,
                current_user,
                (parse_id(visit) or 0) if visit else None,
            )
        except AccountError as exc:
            flash(str(ACCOUNT_ERRORS[exc.code]), "error")
        except AppointmentError:
            flash(_("Choose one of the person's office visits today."), "error")
    return render_template(
        "staff/identification.html",
        search=search,
        results=results,
        form=form,
        code=code,
        identified=identified,
    )


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_staff_user():
    form = StaffUserForm()
    if form.validate_on_submit():
        try:
            user = staff.create_staff_user(
                form.email.data, form.name.data, form.role.data, form.password.data, current_user
            )
        except AccountError as exc:
            if exc.code == "password_rule":
                form.password.errors = [password_problem_text(exc.details, PasswordRule.OFFICE)]
            else:
                form.form_errors.append(str(ACCOUNT_ERRORS.get(exc.code, exc.code)))
        else:
            flash(_("Staff account %(email)s created.", email=user.email), "success")
            form = StaffUserForm(formdata=None)
    return render_template("staff/new_user.html", form=form)

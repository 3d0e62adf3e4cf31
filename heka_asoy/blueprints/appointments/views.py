"""Office appointments without logging in (/appointments): the public request form, confirmed
by a mailed link, and the page behind the link of every appointment mail, to accept a proposed
time, take another free slot or cancel.

A link that cannot be used (forged: 404; from an older mail, past its visit or of a visit
already ended: 410) gets a page in the visitor's language that says why and changes nothing.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import limiter
from ...services import tokens
from ...services.appointments import manage as service
from ...services.appointments import requests
from ...services.appointments.errors import AppointmentError, LinkRefused
from .forms import PublicRequestForm, RebookForm
from .labels import TEMPLATE_GLOBALS
from .messages import error_text, put_error

bp = Blueprint("appointments", __name__)
for _name, _function in TEMPLATE_GLOBALS.items():
    bp.add_app_template_global(_function, _name)

#: Requests sent (mails to a typed address) per client address.
DEFAULT_LIMIT = "5 per hour"
#: Any posts of the form per client address.
DEFAULT_POST_LIMIT = "60 per hour"


def _language() -> str:
    return str(get_locale() or "fi")


def _sent(response) -> bool:
    """Only a request that went through (or a bot's pretended success) counts towards the
    limit, so someone correcting mistakes in the form is not locked out."""
    return response.status_code == 303


# --- the public request form -------------------------------------------------------------------


@bp.route("/request", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config.get("PUBLIC_APPOINTMENT_LIMIT", DEFAULT_LIMIT),
    methods=["POST"],
    deduct_when=_sent,
)
@limiter.limit(
    lambda: current_app.config.get("PUBLIC_APPOINTMENT_POST_LIMIT", DEFAULT_POST_LIMIT),
    methods=["POST"],
)
def request_form():
    form = PublicRequestForm(formdata=None) if request.method == "GET" else PublicRequestForm()
    if request.method == "POST":
        if form.website.data:
            # A bot filled the honeypot: pretend success, save and send nothing.
            return redirect(url_for("appointments.request_sent"), 303)
        if form.validate_on_submit():
            try:
                requests.request_from_public(form.to_input(), _language())
            except AppointmentError as exc:
                put_error(form, exc)
            else:
                return redirect(url_for("appointments.request_sent"), 303)
    code = 422 if form.errors or getattr(form, "form_errors", None) else 200
    logged_in = current_user.is_authenticated and not current_user.is_staff
    return render_template("appointments/public_form.html", form=form, logged_in=logged_in), code


@bp.get("/request/sent")
def request_sent():
    return render_template("appointments/public_sent.html")


@bp.get("/verify/<token>")
def verify(token: str):
    """The link in the verify mail: the request goes to the desk. Then a redirect, so that the
    token does not stay in the address bar, the history or the language links."""
    try:
        requests.verify(token)
    except tokens.TokenError as exc:
        status = 404 if exc.problem == tokens.TokenProblem.INVALID else 410
        return render_template(
            "appointments/verify_refused.html", problem=exc.problem.value
        ), status
    return redirect(url_for("appointments.verified"), 303)


@bp.get("/verified")
def verified():
    return render_template("appointments/verified.html")


# --- the mailed link ---------------------------------------------------------------------------


def _refused(exc: LinkRefused):
    status = 404 if exc.code == "invalid" else 410
    return render_template("appointments/link_refused.html", problem=exc.code), status


def _manage_page(token: str, form: RebookForm | None = None, code: int = 200):
    page = service.manage_page(token)
    form = form or RebookForm(formdata=None)
    return render_template("appointments/manage.html", page=page, form=form), code


@bp.get("/manage/<token>")
def manage(token: str):  # the endpoint the mails link to (``links.manage_url``)
    try:
        return _manage_page(token)
    except LinkRefused as exc:
        return _refused(exc)


@bp.post("/manage/<token>/accept")
def accept(token: str):
    try:
        page = service.accept(token)
    except LinkRefused as exc:
        return _refused(exc)
    except AppointmentError as exc:
        flash(error_text(exc.code), "error")
        return redirect(url_for("appointments.manage", token=token), 303)
    flash(_("You accepted the time. A confirmation is on its way to your e-mail."), "success")
    return redirect(url_for("appointments.manage", token=page.token), 303)


@bp.post("/manage/<token>/rebook")
def rebook(token: str):
    form = RebookForm()
    try:
        if form.validate_on_submit():
            try:
                page = service.rebook(token, form.slot.data)
            except AppointmentError as exc:
                put_error(form, exc)
            else:
                flash(
                    _("Your visit is moved. The new time is on its way to your e-mail."),
                    "success",
                )
                return redirect(url_for("appointments.manage", token=page.token), 303)
        return _manage_page(token, form, 422)
    except LinkRefused as exc:
        return _refused(exc)


@bp.route("/manage/<token>/cancel", methods=["GET", "POST"])
def cancel(token: str):
    """GET: the confirmation step; POST: cancel."""
    try:
        if request.method == "GET":
            page = service.manage_page(token, with_slots=False)
            return render_template("appointments/cancel.html", page=page)
        service.cancel(token)
    except LinkRefused as exc:
        return _refused(exc)
    except AppointmentError as exc:
        flash(error_text(exc.code), "error")
        return redirect(url_for("appointments.manage", token=token), 303)
    return redirect(url_for("appointments.cancelled"), 303)


@bp.get("/cancelled")
def cancelled():
    return render_template("appointments/cancelled.html")

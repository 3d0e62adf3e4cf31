"""The lease page and the termination pages. Views are thin: the reads and every rule are in
``services.lease``; each page is about one of the user's flats (the ``flat`` argument, checked
by ``access``: another flat is a 404, a missing right a 403).

Giving notice has a confirmation step of its own that shows the computed end date, the refund
account with its BIC and how keys are returned before anything is written. Without JavaScript
every form posts normally and redirects back (PRG); a refused form is answered with the page and
the message next to its field, and nothing is written.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...domain.termination import refund_account
from ...i18n import house_date
from ...params import id_arg
from ...rendering import render
from ...services import lease as service
from ...services.lease import TerminationError
from ..resident.guards import resident_required
from .forms import ConfirmForm, NoticeForm
from .messages import termination_error_text

bp = Blueprint("lease", __name__)


@bp.get("/")
@resident_required
def index():
    page = service.lease_page(current_user, id_arg("flat"))
    return render("lease/lease.html", page=page)


def _terminate_page(
    form: NoticeForm | None = None,
    step: str = "form",
    confirm_form: ConfirmForm | None = None,
    problems: dict[str, str] | None = None,
    **extra,
):
    """The termination page; ``problems`` (field name → refusal code) are put on ``form``."""
    page = service.termination_page(current_user, id_arg("flat"))
    if form is None:
        form = NoticeForm(formdata=None, iban=page.known_iban, ends_on=page.window.earliest)
    for name, code in (problems or {}).items():
        getattr(form, name).errors = [termination_error_text(code, page.window)]
    return render(
        "lease/terminate.html",
        page=page,
        form=form,
        step=step,
        confirm_form=confirm_form or ConfirmForm(formdata=None),
        **extra,
    )


@bp.get("/terminate")
@resident_required
def terminate():
    return _terminate_page()


@bp.post("/terminate")
@resident_required
def give_notice():
    """Step 1 checks the fields and shows the confirmation step; step 2 (``confirm``) writes."""
    form = NoticeForm()
    if not form.validate() or form.edit.data:
        return _terminate_page(form)
    data = service.NoticeInput(
        ends_on=form.ends_on.data,
        forwarding_address=form.forwarding_address.data,
        iban=form.iban.data,
        inspection_wish=form.inspection_wish.data or "",
    )
    if form.confirm.data != "1":
        problems = service.check_notice(data)
        if problems:
            return _terminate_page(form, problems=problems)
        return _terminate_page(form, step="confirm", account=refund_account(data.iban))
    try:
        result = service.give_notice(current_user, _flat(), data)
    except TerminationError as exc:
        if exc.params.get("fields"):
            return _terminate_page(form, problems=exc.params["fields"])
        flash(termination_error_text(exc.code), "error")  # e.g. another party was first
        return redirect(url_for("lease.terminate", flat=_flat()))
    return _after(result)


def _flat() -> int:
    """The flat the form names (the confirmation step sends it back); the service checks it."""
    flat_id = id_arg("flat")
    if flat_id is None:
        return service.termination_page(current_user, None).flat_id
    return flat_id


def _after(result: service.NoticeResult):
    """Success: back to the termination page with the news; an agent whose one-off power was
    spent no longer sees the flat, so they get the receipt in this answer."""
    termination = result.termination
    if result.in_effect:
        notice = _(
            "Your notice is in effect. The lease ends on %(date)s.",
            date=house_date(termination.ends_on),
        )
    elif termination.status == "withdrawn":
        notice = _("The notice has been withdrawn. We told every lease party.")
    else:
        notice = _(
            "Your confirmation is saved. The notice takes effect when every lease party has "
            "confirmed it; we sent them an e-mail."
        )
    if result.power_spent:
        return render("lease/spent.html", notice=notice, termination=termination)
    flash(notice, "success")
    return redirect(url_for("lease.terminate", flat=_flat()))


@bp.post("/terminate/<int:termination_id>/confirm")
@resident_required
def confirm(termination_id: int):
    form = ConfirmForm()
    if not form.validate():
        return _terminate_page(confirm_form=form)
    try:
        result = service.confirm_notice(
            current_user, _flat(), termination_id, form.forwarding_address.data or ""
        )
    except TerminationError as exc:
        flash(termination_error_text(exc.code), "error")
        return redirect(url_for("lease.terminate", flat=_flat()))
    return _after(result)


@bp.post("/terminate/<int:termination_id>/withdraw")
@resident_required
def withdraw(termination_id: int):
    try:
        result = service.withdraw_notice(current_user, _flat(), termination_id)
    except TerminationError as exc:
        flash(termination_error_text(exc.code), "error")
        return redirect(url_for("lease.terminate", flat=_flat()))
    return _after(result)



"""Contact details and bank account: every resident for themselves.

Three forms on one page (details, e-mail for notices, bank account), each posting to its own
URL; a refusal re-renders the page with the words next to the field (422), a change redirects
back with a message. The e-mail confirmation link works without logging in: the single-use
token in it is the proof, and its page asks for one button press before using it.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import on_behalf
from ...services import household as service
from ...services.household import HouseholdError
from ..resident.guards import resident_required
from .blueprint import bp
from .forms import BankForm, ConfirmForm, DetailsForm, EmailForm
from .messages import household_error, put_error


def _page(details=None, email=None, bank=None, code: int = 200):
    view = service.contact_page(current_user)
    if details is None:
        details = DetailsForm(
            prefix="details",
            formdata=None,
            data={"phone": view.phone, "postal_address": view.postal_address},
        )
    if bank is None:
        bank = BankForm(
            prefix="bank",
            formdata=None,
            data={
                "iban": view.iban_formatted,
                "holder_name": view.bank_account.holder_name if view.bank_account else "",
            },
        )
    email = email or EmailForm(prefix="email", formdata=None)
    html = render_template(
        "household/contact.html", view=view, details=details, email_form=email, bank=bank
    )
    return html, code


@bp.get("/contact")
@resident_required
def contact():
    return _page()


@bp.post("/contact/details")
@resident_required
def contact_details():
    form = DetailsForm(prefix="details")
    if form.validate_on_submit():
        try:
            changed = service.update_details(
                current_user, form.phone.data or "", form.postal_address.data or ""
            )
        except HouseholdError as exc:
            put_error(form, exc.code, exc.params)
        else:
            if changed:
                flash(_("Your contact details were saved. We sent you a confirmation."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for("household.contact"))
    return _page(details=form, code=422)


@bp.post("/contact/email")
@resident_required
@on_behalf.never_on_behalf  # the notices' address is the person's own choice
def contact_email():
    form = EmailForm(prefix="email")
    if form.validate_on_submit():
        try:
            address = service.request_email_change(current_user, form.email.data or "")
        except HouseholdError as exc:
            put_error(form, exc.code, exc.params)
        else:
            flash(
                _(
                    "We sent a confirmation link to %(email)s. Your e-mail address for notices "
                    "changes when you open the link (valid for 24 hours).",
                    email=address,
                ),
                "success",
            )
            return redirect(url_for("household.contact"))
    return _page(email=form, code=422)


@bp.post("/contact/bank")
@resident_required
def contact_bank():
    form = BankForm(prefix="bank")
    if form.validate_on_submit():
        try:
            service.set_bank_account(
                current_user, form.iban.data or "", form.holder_name.data or ""
            )
        except HouseholdError as exc:
            put_error(form, exc.code, exc.params)
        else:
            flash(
                _("Your bank account for refunds was saved. We sent you a confirmation."), "success"
            )
            return redirect(url_for("household.contact"))
    return _page(bank=form, code=422)


@bp.route("/contact/confirm-email/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """The link mailed to the new address: shows the address, and sets it on the button."""
    form = ConfirmForm()
    try:
        if form.validate_on_submit():
            address = service.confirm_email_change(token)
            return render_template("household/email_confirmed.html", email=address)
        address = service.email_change_preview(token)
    except HouseholdError as exc:
        _field, message = household_error(exc.code)
        status = 404 if exc.code == "link_invalid" else 410  # gone: expired or used
        return render_template("household/link_refused.html", message=message), status
    return render_template("household/confirm_email.html", form=form, email=address)

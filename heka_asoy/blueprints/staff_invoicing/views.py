"""Run the monthly invoicing by hand (the daily job does it from the invoicing day on); a run
makes only the invoices missing, so pressing twice is harmless."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ...i18n import house_month
from ...rendering import render
from ...services import billing
from ..staff.guards import staff_required
from .forms import RunInvoicingForm

bp = Blueprint("staff_invoicing", __name__)


def _form(months: list[date]) -> RunInvoicingForm:
    form = RunInvoicingForm()
    form.period.choices = [SelectChoice(f"{m:%Y-%m}", house_month(m)) for m in months]
    if not form.is_submitted():
        form.period.data = f"{billing.default_run_month():%Y-%m}"
    return form


@bp.route("/", methods=["GET", "POST"])
@staff_required
def index():
    months = billing.run_months()
    form = _form(months)
    if form.validate_on_submit():
        period = date.fromisoformat(f"{form.period.data}-01")
        result = billing.issue_month(period, actor=current_user)
        flash(
            _(
                "%(month)s: %(issued)s invoices issued; %(existing)s leases had theirs already.",
                month=house_month(period),
                issued=result.issued,
                existing=result.existing,
            ),
            "success",
        )
        return redirect(url_for("staff_invoicing.index"))
    return render(
        "staff_invoicing/index.html",
        form=form,
        overview=billing.monthly_overview(months),
        invoice_day=billing.invoice_day(),
    )

"""The desk's payment pages (``/staff/billing``): one service call per view.

Importing answers with the import's page (post/redirect/get) or, when the file is refused, the
form again at 422 with the reason and where it is (line or element). Allocating a payment
redirects back to the list with the outcome said at the top of the page.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...rendering import render
from ...services.billing import payment_desk, payment_import
from ...services.billing.payment_desk import PaymentDeskError
from ...services.billing.payment_import import PaymentFileRefused
from ..staff.guards import staff_required
from .forms import MAX_FILE_MB, AllocateForm, InvoiceSearchForm, PaymentFileForm
from .messages import INVOICE_STATUSES, SKIP_REASONS, desk_error_text, refusal_text

bp = Blueprint("staff_billing", __name__)


@bp.context_processor
def _labels():
    return {"invoice_statuses": INVOICE_STATUSES, "skip_reasons": SKIP_REASONS}


@bp.route("/payments/import", methods=["GET", "POST"])
@staff_required
def upload():
    """The upload form; a valid file is imported in one transaction."""
    form = PaymentFileForm()
    refusal = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            batch = payment_import.import_bank_file(
                upload.filename or "", upload.read(), current_user
            )
        except PaymentFileRefused as exc:
            refusal = refusal_text(exc.code, exc.params)
        else:
            flash(_("The file was imported."), "success")
            return redirect(url_for(".import_page", import_id=batch.id))
    status = 422 if request.method == "POST" else 200
    return render(
        "staff_billing/upload.html", form=form, refusal=refusal, max_mb=MAX_FILE_MB
    ), status


@bp.get("/payments/imports")
@staff_required
def imports():
    return render("staff_billing/imports.html", imports=payment_desk.recent_imports(current_user))


@bp.get("/payments/imports/<int:import_id>")
@staff_required
def import_page(import_id: int):
    view = payment_desk.import_details(current_user, import_id)
    return render("staff_billing/import.html", batch=view.batch, payments=view.payments)


@bp.get("/payments/unmatched")
@staff_required
def unmatched():
    return render(
        "staff_billing/unmatched.html",
        payments=payment_desk.unmatched_payments(current_user),
        form=AllocateForm(formdata=None),
    )


@bp.post("/payments/unmatched/<int:payment_id>/allocate")
@staff_required
def allocate(payment_id: int):
    form = AllocateForm()
    if not form.validate_on_submit():
        flash(_("Give the invoice number or reference."), "error")
        return redirect(url_for(".unmatched"))
    try:
        payment, invoice = payment_desk.allocate(current_user, payment_id, form.key.data)
    except PaymentDeskError as exc:
        flash(desk_error_text(exc.code, exc.params), "error")
    else:
        flash(
            _("The payment %(archive_id)s was allocated to invoice %(number)s.",
              archive_id=payment.archive_id, number=invoice.number),
            "success",
        )
    return redirect(url_for(".unmatched"))


@bp.get("/payments/invoices")
@staff_required
def invoice_lookup():
    form = InvoiceSearchForm(request.args)
    query = (form.q.data or "").strip() if form.validate() else ""
    found = payment_desk.find_invoice(current_user, query) if query else None
    return render("staff_billing/invoice.html", form=form, query=query, found=found)

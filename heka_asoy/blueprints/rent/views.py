"""Rent and payments: the page, the invoice PDF and the invoice's QR code and barcode images.

Views are thin: one service call each (``services.billing``), which checks the "rent" right and
answers NotFound (404) for another flat's invoice and Refused (403) for an other resident.
The images and the PDF are private to the user's session and are never cached by shared caches.
"""

from __future__ import annotations

from flask import Blueprint, Response
from flask_login import current_user

from ...params import id_arg
from ...rendering import render
from ...services.billing import codes, invoice_pdf, statement
from ...services.billing.words import (
    fee_kind_label,
    invoice_state_kind,
    invoice_state_label,
)
from ..resident.guards import resident_required

bp = Blueprint("rent", __name__)

#: The codes change only when a payment arrives; a short private cache spares a reload.
IMAGE_CACHE = "private, max-age=300"


@bp.context_processor
def _words():
    return {
        "fee_kind_label": fee_kind_label,
        "invoice_state_label": invoice_state_label,
        "invoice_state_kind": invoice_state_kind,
    }


@bp.get("")
@resident_required
def index():
    return render("rent/index.html", s=statement.rent_statement(current_user, id_arg("flat")))


@bp.get("/invoices/<int:invoice_id>.pdf")
@resident_required
def invoice(invoice_id: int):
    name, data = invoice_pdf.invoice_pdf(current_user, invoice_id)
    return Response(
        data,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/invoices/<int:invoice_id>/qr.svg")
@resident_required
def qr(invoice_id: int):
    svg = codes.invoice_qr_svg(current_user, invoice_id)
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": IMAGE_CACHE})


@bp.get("/invoices/<int:invoice_id>/barcode.svg")
@resident_required
def barcode(invoice_id: int):
    svg = codes.invoice_barcode_svg(current_user, invoice_id)
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": IMAGE_CACHE})

"""The invoice PDF (services/billing/invoice_pdf.py), rendered without the web layer."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from pypdf import PdfReader

from heka_asoy.services.billing import invoice_pdf
from heka_asoy.services.billing.statement import Creditor, InvoiceView, Line

PAY_TO = Creditor("Helsingin kaupungin asunnot Oy", "FI2112345600000785", "NDEAFIHH")


def view(**kw) -> InvoiceView:
    data = {
        "id": 1,
        "number": "202612-00001",
        "kind": "rent",
        "period": date(2026, 12, 1),
        "issued_on": date(2026, 11, 17),
        "due_on": date(2026, 12, 2),
        "amount": Decimal("642.00"),
        "paid_amount": Decimal("0.00"),
        "status": "open",
        "overdue": False,
        "reference": "1234561",
        "rf_reference": "RF341234561",
        "barcode": "421123456000007850006420000000000000000000001234561261202",
        "lines": (Line("rent", "Vuokra", Decimal("620.00")), Line("water", "Vesi", Decimal("22"))),
    }
    data.update(kw)
    return InvoiceView(**data)


def render(app, *args) -> bytes:
    """Rendered as in an English request (the PDF follows the request's language)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        return invoice_pdf.render_invoice(*args)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_one_page_with_lines_total_and_codes(app):
    """Is an open invoice one A4 page with its lines, total, references and barcode digits?"""
    pdf = render(app, view(), PAY_TO, ["Åsa Öhman"], ["Testikatu 1 A 2", "00500"])
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = text_of(pdf)
    for part in ("Åsa Öhman", "Rent: Vuokra", "Water fee: Vesi", "€642.00", "12 34561",
                 "RF34 1234 561", "FI21 1234 5600 0007 85", "NDEAFIHH"):  # fmt: skip
        assert part in text, part


def test_without_the_unicode_font_the_core_font_is_used(app, monkeypatch, tmp_path):
    """Is the PDF still made (euro sign written out) when DejaVu is not installed?"""
    monkeypatch.setattr(invoice_pdf, "FONT_DIR", tmp_path)
    text = text_of(render(app, view(), PAY_TO, ["Åsa Öhman"], ["Testikatu 1"]))
    assert "Åsa Öhman" in text
    assert "EUR" in text
    assert "12 34561" in text

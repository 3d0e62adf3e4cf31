"""An invoice as a PDF (fpdf2), in the language of the request (the resident's chosen language):
payee and payer, the lines and the total, the due date, the national and RF reference, the IBAN
and BIC, and, while something is still to pay, the virtual barcode as digits and as a Code 128
image and the EPC QR code a banking app scans.

The text is set in DejaVu Sans (Debian's ``fonts-dejavu-core``, which ``scripts/system_deps.sh``
installs), a Unicode font, so ä, ö, å and the euro sign print as they are. Without it the core
Helvetica is used and text outside Latin-1 is simplified, so the PDF is never refused.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from flask_babel import gettext as _
from fpdf import FPDF

from ...i18n import house_date, house_date_range, money
from ...models import Flat, LeaseParty, Resident
from .codes import bar_runs, barcode_modules, epc_payload, qr_rows
from .payee import Creditor, creditor
from .statement import InvoiceView, invoice_view, lines_of, own_invoice, today
from .words import fee_kind_label, invoice_state_label

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"
#: Code 128 module width and bar height (Finance Finland: at least 0.25 mm and 10 mm).
BAR_MODULE_MM = 0.3
BAR_HEIGHT_MM = 13
QR_MODULE_MM = 0.8


class _Pdf(FPDF):
    """A4 with DejaVu when the font is there; ``text`` makes a string printable either way."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.unicode = (FONT_DIR / "DejaVuSans.ttf").exists()
        if self.unicode:
            self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
            self.add_font(f"{FONT}Mono", "", str(FONT_DIR / "DejaVuSansMono.ttf"))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=15)

    def use(self, style: str = "", size: float = 10, mono: bool = False) -> None:
        if self.unicode:
            self.set_font(f"{FONT}Mono" if mono else FONT, "" if mono else style, size)
        else:
            self.set_font("Courier" if mono else "Helvetica", style, size)

    def text_of(self, value: str) -> str:
        if self.unicode:
            return value
        value = value.replace("€", "EUR").replace("\u202f", " ").replace("–", "-")
        return value.encode("latin-1", "replace").decode("latin-1")

    def text_line(
        self, text: str, height: float = 5, style: str = "", size: float = 10, **kw
    ) -> None:
        self.use(style, size, kw.pop("mono", False))
        self.cell(0, height, self.text_of(text), new_x="LMARGIN", new_y="NEXT", **kw)

    def pair(self, label: str, value: str, width: float = 55, mono: bool = False) -> None:
        self.use("B", 10)
        self.cell(width, 6, self.text_of(label))
        self.use("", 10, mono)
        self.cell(0, 6, self.text_of(value), new_x="LMARGIN", new_y="NEXT")


def _payer(lease_id: int, flat_id: int) -> tuple[list[str], list[str]]:
    """The lease parties' names and the flat's address lines."""
    names = [
        f"{r.first_names} {r.last_name}"
        for r in Resident.select(Resident.first_names, Resident.last_name)
        .join(LeaseParty)
        .where(LeaseParty.lease == lease_id)
        .order_by(LeaseParty.id)
    ]
    flat = Flat.with_building_company().where(Flat.id == flat_id).get()
    address = [
        f"{flat.building.street_address} {flat.number}",
        f"{flat.building.postal_code} {flat.housing_company.city}",
    ]
    return names, address


def invoice_pdf(user, invoice_id: int) -> tuple[str, bytes]:
    """(file name, PDF bytes) of one of the user's invoices; ``NotFound``/``Refused`` as
    ``statement.own_invoice``."""
    invoice, fa = own_invoice(user, invoice_id)
    pay_to = creditor()
    view = invoice_view(invoice, today(), pay_to.iban, lines_of([invoice.id]).get(invoice.id, ()))
    names, address = _payer(invoice.lease_id, fa.flat_id)
    return f"invoice-{invoice.number}.pdf", render_invoice(view, pay_to, names, address)


def _line_text(kind: str, description: str) -> str:
    if kind and description:
        return f"{fee_kind_label(kind)}: {description}"
    return description or fee_kind_label(kind or "other")


def render_invoice(
    view: InvoiceView, pay_to: Creditor, names: list[str], address: list[str]
) -> bytes:
    """The PDF of ``view``; separate from the lookup so it can be tried without a database."""
    pdf = _Pdf()
    title = _("Invoice %(number)s", number=view.number)
    pdf.set_title(pdf.text_of(title))
    pdf.set_author(pdf.text_of(pay_to.name))
    pdf.set_creation_date(datetime.combine(view.issued_on, datetime.min.time()))
    pdf.add_page()

    pdf.text_line(pay_to.name, 6, "B", 12)
    pdf.text_line(title, 10, "B", 18)
    top = pdf.get_y()
    pdf.text_line(_("Payer"), 6, "B", 10)
    for text in [*names, *address]:
        pdf.text_line(text)
    pdf.set_xy(115, top)
    pdf.use("", 10)
    facts = [
        (_("Invoice date"), house_date(view.issued_on)),
        (_("Period"), house_date_range(view.period, view.period_end)),
        (_("Due date"), house_date(view.due_on)),
        (_("Status"), invoice_state_label(view.state)),
    ]
    for label, value in facts:
        pdf.set_x(115)
        pdf.use("B", 10)
        pdf.cell(30, 6, pdf.text_of(label))
        pdf.use("", 10)
        pdf.cell(0, 6, pdf.text_of(value), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top + 6 * (len(names) + len(address) + 1)) + 6)

    # The lines and the total.
    pdf.use("B", 10)
    pdf.cell(130, 7, pdf.text_of(_("Description")), border="B")
    pdf.cell(0, 7, pdf.text_of(_("Amount")), border="B", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.use("", 10)
    for item in view.lines:
        pdf.cell(130, 6, pdf.text_of(_line_text(item.kind, item.description)))
        pdf.cell(0, 6, pdf.text_of(money(item.amount)), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.use("B", 10)
    pdf.cell(130, 7, pdf.text_of(_("Total")), border="T")
    pdf.cell(0, 7, pdf.text_of(money(view.amount)), border="T", align="R",
             new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    if view.paid_amount > 0:
        pdf.use("", 10)
        pdf.cell(130, 6, pdf.text_of(_("Paid")))
        pdf.cell(0, 6, pdf.text_of(money(view.paid_amount)), align="R",
                 new_x="LMARGIN", new_y="NEXT")  # fmt: skip
        pdf.use("B", 10)
        pdf.cell(130, 6, pdf.text_of(_("Still to pay")))
        pdf.cell(0, 6, pdf.text_of(money(view.open_amount)), align="R",
                 new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.ln(6)

    # How to pay.
    pdf.text_line(_("Payment details"), 8, "B", 12)
    pdf.pair(_("Payee"), pay_to.name)
    pdf.pair(_("Account (IBAN)"), pay_to.iban_display, mono=True)
    if pay_to.bic:
        pdf.pair(_("BIC"), pay_to.bic, mono=True)
    pdf.pair(_("Amount to pay"), money(view.open_amount if view.payable else Decimal(0)))
    pdf.pair(_("Due date"), house_date(view.due_on))
    pdf.pair(_("Reference number"), view.reference_display, mono=True)
    if view.rf_reference:
        pdf.pair(_("RF reference"), view.rf_display, mono=True)
    if view.barcode:
        pdf.pair(_("Virtual barcode"), "", mono=True)
        pdf.text_line(view.barcode, 6, mono=True, size=9)
        pdf.ln(2)
        _draw_barcode(pdf, view.barcode)
        _draw_qr(pdf, view, pay_to)
    elif not view.payable:
        pdf.ln(2)
        pdf.text_line(
            _("Nothing to pay. Status: %(state)s.", state=invoice_state_label(view.state))
        )
    return bytes(pdf.output())


def _draw_barcode(pdf: _Pdf, digits: str) -> None:
    modules = barcode_modules(digits)
    x0, y0 = pdf.l_margin + 6.4, pdf.get_y()
    pdf.set_fill_color(0, 0, 0)
    for start, width in bar_runs(modules):
        pdf.rect(x0 + start * BAR_MODULE_MM, y0, width * BAR_MODULE_MM, BAR_HEIGHT_MM, style="F")
    pdf.set_y(y0 + BAR_HEIGHT_MM + 6)


def _draw_qr(pdf: _Pdf, view: InvoiceView, pay_to: Creditor) -> None:
    rows = qr_rows(epc_payload(view, pay_to))
    size = len(rows) * QR_MODULE_MM
    if pdf.get_y() + size + 10 > pdf.h - pdf.b_margin:
        pdf.add_page()
    x0, y0 = pdf.l_margin, pdf.get_y()
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):  # one rectangle per run of dark modules in the row
            if row[c]:
                end = c
                while end < len(row) and row[end]:
                    end += 1
                pdf.rect(x0 + c * QR_MODULE_MM, y0 + r * QR_MODULE_MM,
                         (end - c) * QR_MODULE_MM, QR_MODULE_MM, style="F")  # fmt: skip
                c = end
            else:
                c += 1
    pdf.set_xy(x0 + size + 6, y0 + 4)
    pdf.use("", 9)
    pdf.multi_cell(
        0,
        5,
        pdf.text_of(
            _(
                "Scan the QR code with your banking app: it fills in the payee, the account, the "
                "amount and the RF reference."
            )  # fmt: skip
        ),
    )
    pdf.set_y(y0 + size + 4)

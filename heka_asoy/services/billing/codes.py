"""The machine-readable codes of an invoice, drawn by maintained libraries: the EPC QR code by
``segno``, the bank virtual barcode's Code 128 (code set C, Finance Finland's bank bar code guide)
by ``python-barcode``. Both come out as SVG for the page (served from the invoice's own URL, so
the page's Content-Security-Policy never meets the drawing) and as filled rectangles for the PDF.

The libraries do the encoding (error correction, check symbols, code sets); this module only
turns their modules into shapes. python-barcode's own SVG writer styles each bar with a ``style``
attribute and adds a text row; a single path with ``fill`` attributes is smaller and plain.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import segno
from barcode import Code128

from ...domain.epc_qr import MAX_QR_VERSION, EpcPayment, build_epc_payload
from ..errors import NotFound
from .payee import Creditor
from .statement import InvoiceView, payable_invoice

#: Quiet zones: the QR standard's four modules; the bar code guide's 6.4 mm at least, which is
#: 20 modules of 0.3 mm.
QR_BORDER = 4
BARCODE_QUIET_MODULES = 22
#: Bar height in modules for the SVG (the PDF gives millimetres).
BARCODE_HEIGHT_MODULES = 60


def epc_payload(invoice: InvoiceView, pay_to: Creditor) -> str:
    """The EPC QR payload of an invoice still to pay: payee, IBAN, BIC, the open amount and the
    RF reference."""
    return build_epc_payload(
        EpcPayment(
            name=pay_to.name,
            iban=pay_to.iban,
            bic=pay_to.bic,
            amount=invoice.open_amount,
            rf_reference=invoice.rf_reference,
        )
    )


def make_epc_qr(payload: str) -> segno.QRCode:
    """The QR symbol: byte mode in UTF-8, error correction M as the EPC guideline fixes it (not
    raised by segno's boost), version 13 at most."""
    qr = segno.make_qr(payload, error="m", boost_error=False, encoding="utf-8")
    if qr.version > MAX_QR_VERSION:  # pragma: no cover - 331 bytes fit version 13 at level M
        raise ValueError("EPC payload does not fit QR version 13")
    return qr


def qr_svg(payload: str, title: str = "") -> bytes:
    """The QR code as a standalone SVG (black on white, so a dark theme cannot invert it)."""
    out = io.BytesIO()
    make_epc_qr(payload).save(
        out,
        kind="svg",
        scale=4,
        border=QR_BORDER,
        dark="#000",
        light="#fff",
        title=title or None,
        svgclass=None,
        lineclass=None,
        omitsize=True,  # a viewBox only: the page sizes the image
        encoding="utf-8",
    )
    return out.getvalue()


def qr_rows(payload: str) -> list[list[bool]]:
    """The QR modules row by row, quiet zone included (True: dark), for drawing into the PDF."""
    qr = make_epc_qr(payload)
    return [[bool(m) for m in row] for row in qr.matrix_iter(scale=1, border=QR_BORDER)]


def barcode_modules(digits: str) -> str:
    """The Code 128 modules of the virtual barcode ("1" bar, "0" space), without quiet zones.

    54 digits are encoded in code set C (two digits a symbol), as the guide requires."""
    if not digits.isdigit():
        raise ValueError("the virtual barcode is digits only")
    return Code128(digits).build()[0]


def bar_runs(modules: str) -> Iterator[tuple[int, int]]:
    """(start, width) of each bar, in modules."""
    start = None
    for i, bit in enumerate(modules + "0"):
        if bit == "1" and start is None:
            start = i
        elif bit != "1" and start is not None:
            yield start, i - start
            start = None


def barcode_svg(digits: str, title: str = "") -> bytes:
    """The virtual barcode as a Code 128 SVG: one path of bars on white, with quiet zones."""
    modules = barcode_modules(digits)
    quiet = BARCODE_QUIET_MODULES
    width = len(modules) + 2 * quiet
    height = BARCODE_HEIGHT_MODULES
    path = "".join(f"M{quiet + x},0h{w}v{height}h-{w}z" for x, w in bar_runs(modules))
    title_tag = f"<title>{_escape(title)}</title>" if title else ""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width * 2}" height="{height * 2}" shape-rendering="crispEdges">'
        f'{title_tag}<rect width="{width}" height="{height}" fill="#fff"/>'
        f'<path fill="#000" d="{path}"/></svg>'
    )
    return svg.encode("utf-8")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def invoice_qr_svg(user, invoice_id: int) -> bytes:
    """The EPC QR code of one of the user's invoices still to pay (``payable_invoice``)."""
    view, pay_to = payable_invoice(user, invoice_id)
    if not view.rf_reference:  # a malformed stored reference has no RF form to carry
        raise NotFound("rf_reference")
    return qr_svg(epc_payload(view, pay_to))


def invoice_barcode_svg(user, invoice_id: int) -> bytes:
    """The Code 128 image of the virtual barcode of one of the user's invoices still to pay."""
    view, _pay_to = payable_invoice(user, invoice_id)
    if not view.barcode:
        raise NotFound("barcode")
    return barcode_svg(view.barcode)

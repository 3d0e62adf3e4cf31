"""Words for the payment import's codes: why a file was refused (with where: the line of a KTL
file, the element of a camt.054 file), why an entry was skipped, why an allocation failed, and
the invoice statuses."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...i18n import money
from ...services.billing.payment_import import MAX_FILE_BYTES

REFUSALS = {
    "empty": _l("The file is empty."),
    "too_large": _l("The file is too large: at most %(mb)s MB."),
    "bad_xml": _l("The file is not well-formed XML (line %(line)s, column %(column)s)."),
    "xml_forbidden": _l(
        "The file declares a document type or entities, which bank files never do; it was "
        "refused for safety."
    ),
    "xml_encoding": _l("The XML file declares a character encoding that cannot be read."),
    "not_camt054": _l(
        "The XML file is not an ISO 20022 camt.054 notification (versions .001.02 to .001.08)."
    ),
    "missing_element": _l("a required element is missing."),
    "currency": _l("the currency “%(value)s” is not euro; only euro payments are imported."),
    "bad_amount": _l("the amount “%(value)s” is not a positive euro amount with cents."),
    "bad_date": _l("the date “%(value)s” is not a valid date."),
    "bad_field": _l("the field %(field)s has an unexpected value “%(value)s”."),
    "missing_archive_id": _l("the payment has no archive id."),
    "record_length": _l(
        "the record is %(length)s characters long; every record must be exactly 90."
    ),
    "record_type": _l("unknown record type “%(value)s”."),
    "missing_batch_record": _l("a record comes before its batch record (type 0)."),
    "missing_sum_record": _l("a batch has no sum record (type 9)."),
    "sum_mismatch_line": _l(
        "the sum record says %(count)s payments totalling %(total)s, but the batch holds "
        "%(counted)s payments totalling %(summed)s."
    ),
    "sum_mismatch_element": _l(
        "the entry's amount is %(total)s, but its payments add up to %(summed)s."
    ),
}

SKIP_REASONS = {
    "debit": _l("Debit (money out)"),
    "reversal": _l("Reversal"),
    "not_booked": _l("Not booked yet"),
    "correction": _l("Correction by the bank"),
}

DESK_ERRORS = {
    "invoice_not_found": _l("No invoice has the number or reference %(key)s."),
    "credited": _l("Invoice %(number)s is credited and takes no payments."),
    "already_allocated": _l("This payment has already been allocated."),
}

INVOICE_STATUSES = {
    "open": _l("Open"),
    "partly_paid": _l("Partly paid"),
    "paid": _l("Paid"),
    "overpaid": _l("Overpaid"),
    "credited": _l("Credited"),
}


def refusal_text(code: str, params: dict) -> str:
    """The refusal in words, led by where it is: "Line 3: …" or "Element Document/…: …"."""
    values = {
        k: money(v) if isinstance(v, Decimal) else v for k, v in params.items()
    }
    values.setdefault("mb", MAX_FILE_BYTES // (1024 * 1024))
    if code == "sum_mismatch":
        code = "sum_mismatch_line" if "line" in params else "sum_mismatch_element"
    template = REFUSALS.get(code)
    if template is None:
        return _("The file was refused (%(code)s).", code=code)
    try:
        text = str(template) % values
    except (KeyError, TypeError, ValueError):
        text = str(template)
    if code in ("empty", "too_large", "bad_xml", "xml_encoding", "xml_forbidden", "not_camt054"):
        return text
    if "line" in params:
        where = _("Line %(line)s", line=params["line"])
    elif "element" in params:
        where = _("Element %(element)s", element=params["element"])
    else:
        return text
    return f"{where}: {text}"


def desk_error_text(code: str, params: dict) -> str:
    template = DESK_ERRORS.get(code)
    if template is None:
        return _("The payment could not be allocated (%(code)s).", code=code)
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)

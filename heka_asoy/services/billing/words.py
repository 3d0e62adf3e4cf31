"""Words for the billing codes (fee kinds, invoice states) in the page's or the PDF's language.

Kept beside the billing services rather than in ``labels.py``: the rent page, its PDF and any
mail about charges share them, and the codes belong to this topic.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

FEE_KIND_LABELS = {
    "rent": _l("Rent"),
    "water": _l("Water fee"),
    "sauna": _l("Sauna turn"),
    "parking": _l("Parking space"),
    "door_opening": _l("Door opening"),
    "other": _l("Other fee"),
}

INVOICE_STATE_LABELS = {
    "open": _l("Open"),
    "partly_paid": _l("Partly paid"),
    "paid": _l("Paid"),
    "overpaid": _l("Paid, with an excess"),
    "credited": _l("Credited"),
    "overdue": _l("Overdue"),
}

#: The status tag's colour (``_macros.status_tag`` kinds) of each invoice state.
INVOICE_STATE_KINDS = {
    "open": "info",
    "partly_paid": "warning",
    "paid": "success",
    "overpaid": "info",
    "credited": "neutral",
    "overdue": "error",
}


def fee_kind_label(code: str) -> str:
    """The fee kind in words; an unknown code is shown as "Other fee"."""
    return str(FEE_KIND_LABELS.get(code, FEE_KIND_LABELS["other"]))


def invoice_state_label(code: str) -> str:
    return str(INVOICE_STATE_LABELS.get(code, code))


def invoice_state_kind(code: str) -> str:
    return INVOICE_STATE_KINDS.get(code, "neutral")

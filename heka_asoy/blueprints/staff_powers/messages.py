"""Words for the kinds, scopes, statuses and refusals of powers of attorney."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "general": _l("General (every matter of the lease)"),
    "one_off": _l("One-off (named acts; ends when used)"),
    "tenancy_transfer": _l("Transfer of the tenancy to a family member living in the flat"),
    "estate": _l("Representative of the estate"),
    "free_text": _l("Other (free text)"),
}

SCOPE_LABELS = {
    "general": _l("Every matter of the lease"),
    "terminate": _l("Terminate the lease"),
    "parking": _l("A parking space"),
    "sauna": _l("A sauna turn"),
    "keys": _l("Return or collect keys"),
    "manager_certificate": _l("Order a property manager's certificate"),
    "renovation": _l("Apply for a renovation permit"),
    "lease_and_payments": _l("Ask about the lease and payments"),
    "tenancy_transfer": _l("Tenancy transfer"),
    "estate": _l("Estate's matters"),
}

STATUS_LABELS = {
    "valid": (_l("Valid"), "success"),
    "upcoming": (_l("Not yet valid"), "info"),
    "expired": (_l("Expired"), "neutral"),
    "used": (_l("Used"), "neutral"),
    "revoked": (_l("Revoked"), "error"),
}

RECEIVED_LABELS = {"office": _l("At the office"), "email": _l("By e-mail")}

ERRORS = {
    "kind": ("kind", _l("Choose the kind of power.")),
    "scope": ("scopes", _l("Choose acts from the list.")),
    "no_scope": ("scopes", _l("A one-off power names at least one act.")),
    "no_text": ("free_text", _l("Write what the power allows.")),
    "validity": ("valid_until", _l("The power cannot end before it starts.")),
    "agent_email": ("agent_email", _l("Enter a valid e-mail address.")),
    "agent_name": ("agent_name", _l("Enter the agent's name.")),
    "agent_hetu": ("agent_hetu", _l("Check the personal identity code.")),
    "received_via": ("received_via", _l("Choose how the form came in.")),
    "grantor": ("grantor", _l("The giver must be a party of this lease.")),
    "empty": ("document", _l("The file is empty.")),
    "too_large": ("document", _l("The file is too large (at most 10 MB).")),
    "not_document": ("document", _l("Upload the form as a PDF or as a JPEG, PNG or WebP image.")),
    "too_many_pixels": ("document", _l("The image has too many pixels.")),
    "corrupt": ("document", _l("The file is damaged or incomplete.")),
    "pdf_damaged": ("document", _l("The PDF is damaged or incomplete.")),
    "pdf_encrypted": ("document", _l("The PDF is protected with a password; upload it without.")),
    "pdf_active": ("document", _l("The PDF contains scripts or attachments; scan the form again.")),
    "not_saved": (
        "document",
        _l(
            "The file could not be saved just now, so nothing was registered. "
            "Try again in a moment."
        ),
    ),
}

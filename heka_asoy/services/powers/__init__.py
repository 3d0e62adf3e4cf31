"""Powers of attorney: the desk registers them (``registry``) with the scanned form
(``documents``); residents download the form prefilled with their flat (``form``)."""

from .documents import CleanDocument, DocumentError, DocumentFile, clean_document
from .form import FormText, grantable_flats, power_form_pdf, resident_form, resident_form_pdf
from .registry import (
    LeaseChoice,
    LeaseOverview,
    PowerError,
    PowerInput,
    PowerRow,
    find_leases,
    find_powers,
    get_power,
    lease_overview,
    link_agent_powers,
    power_document,
    register_power,
    revoke_power,
    search,
)

__all__ = [
    "CleanDocument",
    "DocumentError",
    "DocumentFile",
    "FormText",
    "LeaseChoice",
    "LeaseOverview",
    "PowerError",
    "PowerInput",
    "PowerRow",
    "clean_document",
    "find_leases",
    "find_powers",
    "get_power",
    "grantable_flats",
    "lease_overview",
    "link_agent_powers",
    "power_document",
    "power_form_pdf",
    "register_power",
    "resident_form",
    "resident_form_pdf",
    "revoke_power",
    "search",
]

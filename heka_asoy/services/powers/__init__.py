"""Powers of attorney: the desk registers them (``registry``) with the scanned form
(``documents``) and finds them (``lists``); ``agents`` links the agent's account; residents
download the form prefilled with their flat (``form``)."""

from .agents import (
    agent_account_of_hetu,
    agent_may_register,
    link_agent_powers,
    link_agent_powers_by_hetu,
)
from .documents import CleanDocument, DocumentError, DocumentFile, clean_document
from .form import FormText, grantable_flats, power_form_pdf, resident_form, resident_form_pdf
from .lists import (
    LeaseChoice,
    LeaseOverview,
    PowerRow,
    SearchResult,
    find_leases,
    find_powers,
    lease_overview,
    search,
)
from .registry import (
    PowerError,
    PowerInput,
    get_power,
    power_document,
    register_power,
    revoke_power,
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
    "SearchResult",
    "agent_account_of_hetu",
    "agent_may_register",
    "clean_document",
    "find_leases",
    "find_powers",
    "get_power",
    "grantable_flats",
    "lease_overview",
    "link_agent_powers",
    "link_agent_powers_by_hetu",
    "power_document",
    "power_form_pdf",
    "register_power",
    "resident_form",
    "resident_form_pdf",
    "revoke_power",
    "search",
]

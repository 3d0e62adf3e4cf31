"""The admins' view of the resident register (issue 12 §5): search by housing company,
address, flat and person (``search``), and one flat's people, leases, bookings, cases and
invoices on one page (``flat_view``). Every read is itself audited as ``register_viewed`` with
what was asked (who looked at whose data); a full identity code typed into the search is never
written anywhere, only its masked form."""

from .flat_view import FlatView, flat_view
from .lookup import PAGE_SIZE, RegisterQuery, SearchResult, search

__all__ = ["PAGE_SIZE", "FlatView", "RegisterQuery", "SearchResult", "flat_view", "search"]

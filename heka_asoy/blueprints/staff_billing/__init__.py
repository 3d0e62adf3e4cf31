"""The desk's payment pages: import a bank file, the imports made, payments no invoice matched
(allocated by hand) and an invoice lookup. Every view goes through ``staff_required``."""

from .views import bp

__all__ = ["bp"]

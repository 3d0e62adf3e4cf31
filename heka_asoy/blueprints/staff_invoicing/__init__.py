"""The desk's invoicing page: run the monthly invoicing by hand, see invoices per month."""

from .views import bp

__all__ = ["bp"]

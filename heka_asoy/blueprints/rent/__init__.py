"""Rent and payments on the resident pages: charges, invoices, how to pay them, invoice PDFs."""

from .views import bp

__all__ = ["bp"]

"""Billing use cases: invoices, payments received from the bank, the desk's allocation."""

"""Rent and fees: the invoices a bank can read (reference, RF, virtual barcode, EPC QR), what the
resident sees of them, and their PDF. Each topic is a module of its own."""

"""The desk's powers of attorney: find a lease, register a power with its scanned form, revoke."""

from .views import bp

__all__ = ["bp"]

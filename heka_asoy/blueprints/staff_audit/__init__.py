"""The admins' audit log: filtered pages and the CSV export."""

from .views import bp

__all__ = ["bp"]

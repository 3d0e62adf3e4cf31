"""The maintenance company's page, reached by a signed link (no account)."""

from .views import bp

__all__ = ["bp"]

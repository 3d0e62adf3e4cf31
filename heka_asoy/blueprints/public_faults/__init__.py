"""The public fault form (no login), confirmed by a mailed link."""

from .views import bp

__all__ = ["bp"]

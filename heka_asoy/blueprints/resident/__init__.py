"""The resident pages (omat sivut). Every view here goes through ``resident_required``."""

from .views import bp

__all__ = ["bp"]

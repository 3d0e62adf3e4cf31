"""The back office of the asoy desk. Every view here goes through ``staff_required``."""

from .views import bp

__all__ = ["bp"]

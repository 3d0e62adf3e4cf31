"""Announcements on the resident pages, and "me too" on a shared-space fault report."""

from .views import bp

__all__ = ["bp"]

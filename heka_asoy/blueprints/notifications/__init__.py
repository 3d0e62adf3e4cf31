"""The notifications bell in the header and the notifications page (residents and staff)."""

from .views import bp

__all__ = ["bp"]

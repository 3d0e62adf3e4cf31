"""Bookings on the resident pages: sauna turns and parking spaces, queues and offers."""

from .views import bp

__all__ = ["bp"]

"""The desk's bookings admin: saunas, hours and rules, parking spaces, holders and queues."""

from .views import bp

__all__ = ["bp"]

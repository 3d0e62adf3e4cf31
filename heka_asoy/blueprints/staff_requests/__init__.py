"""The asoy desk's service requests (/staff/requests/): list, and handling one request."""

from .views import bp

__all__ = ["bp"]

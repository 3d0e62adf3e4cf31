"""The desk's door openings and key handovers, per flat."""

from .views import bp

__all__ = ["bp"]

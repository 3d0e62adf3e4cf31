"""The asoy desk's fault queue, report pages and review queue."""

from .views import bp

__all__ = ["bp"]

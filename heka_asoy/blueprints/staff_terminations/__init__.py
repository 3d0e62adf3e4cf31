"""The asoy desk's terminations queue (/staff/terminations)."""

from .views import bp

__all__ = ["bp"]

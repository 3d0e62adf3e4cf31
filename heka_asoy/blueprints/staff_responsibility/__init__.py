"""The desk's repair-responsibility table: who answers for each fault category's repair."""

from .views import bp

__all__ = ["bp"]

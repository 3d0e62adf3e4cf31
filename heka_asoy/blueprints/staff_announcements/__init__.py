"""The desk's announcements: list, write in fi/sv/en, target, schedule, withdraw."""

from .views import bp

__all__ = ["bp"]

"""Public information pages: contact and office, help, accessibility statement, privacy notice."""

from .views import bp

__all__ = ["bp"]

"""The admins' register: search flats and people, and one flat's whole picture."""

from .views import bp

__all__ = ["bp"]

"""Powers of attorney on the resident pages: how to give one, and the form prefilled with the
flat as a PDF."""

from .views import bp

__all__ = ["bp"]

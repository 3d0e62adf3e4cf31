"""Door opening on the resident pages: whom to call, and who of the flat is in the register."""

from .views import bp

__all__ = ["bp"]

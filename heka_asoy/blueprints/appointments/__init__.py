"""Office appointments: the person's side (public request form, resident pages, and the mailed
cancel/rebook link)."""

from .views import bp

__all__ = ["bp"]

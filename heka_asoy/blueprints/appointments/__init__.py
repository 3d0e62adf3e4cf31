"""Office appointments: the person's side (public request form, resident pages, and the mailed
cancel/rebook link)."""

from .my_views import bp as my_bp
from .views import bp

__all__ = ["bp", "my_bp"]

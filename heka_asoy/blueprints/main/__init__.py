"""The front page, the language switch and the context every template gets."""

from .views import bp

__all__ = ["bp"]

"""The desk's documents of housing companies and buildings: rescue plans, house rules and
others; upload, replace, remove."""

from .views import bp

__all__ = ["bp"]

"""The asoy desk's queue of reported moves (occupants): confirm into the register or reject."""

from .views import bp

__all__ = ["bp"]

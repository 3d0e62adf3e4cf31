"""Accounts: login, registration by both paths, activation, first identification, reset."""

from .views import bp

__all__ = ["bp"]

"""Fault reports on the resident pages: file, follow, comment, answer fixed / not fixed."""

from .views import bp

__all__ = ["bp"]

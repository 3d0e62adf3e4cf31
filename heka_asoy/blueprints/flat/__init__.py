"""Flat information on the resident pages: the flat, its housing company and the documents of
its building (the rescue plan first)."""

from .views import bp

__all__ = ["bp"]

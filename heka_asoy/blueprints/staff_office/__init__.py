"""The asoy desk's office calendar under /staff/office: the week and the day with their visits,
the requests waiting for a time, one request with the desk's answers, closing a day, and
requests taken by phone or from a mail filed by hand."""

from .views import bp

__all__ = ["bp"]

"""Messages to the asoy desk on the resident pages (/my/messages/) and the resident's list of
all their own cases (/my/cases)."""

from .views import bp

__all__ = ["bp"]

"""The asoy desk's side of message threads: a simple list (/staff/messages/) and one thread
with answers, internal notes, close/reopen and assignment."""

from .views import bp

__all__ = ["bp"]

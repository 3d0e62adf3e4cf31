"""The desk's triage of the mailbox: cases from unknown senders linked, answered or closed."""

from .views import bp

__all__ = ["bp"]

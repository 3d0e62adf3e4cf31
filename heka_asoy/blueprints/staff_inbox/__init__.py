"""The asoy desk's one queue (fault reports, messages, mailbox cases, service requests) and its
reply templates."""

from .views import bp

__all__ = ["bp"]

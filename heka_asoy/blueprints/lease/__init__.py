"""The lease page and terminating the lease, on the resident pages (/my/lease)."""

from .views import bp

__all__ = ["bp"]

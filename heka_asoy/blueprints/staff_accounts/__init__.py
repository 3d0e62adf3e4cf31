"""The admins manage staff accounts: disable and enable, password reset, role."""

from .views import bp

__all__ = ["bp"]

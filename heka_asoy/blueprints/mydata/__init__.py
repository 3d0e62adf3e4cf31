"""The resident's own data (/my/data): read, print or download everything the portal holds
about them, and ask for the account to be closed."""

from .views import bp

__all__ = ["bp"]

"""The desk's account-closing requests: confirm (the account is anonymised, the register kept)
or refuse with a reason."""

from .views import bp

__all__ = ["bp"]

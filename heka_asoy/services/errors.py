"""The errors every service raises, so that no service has to abort a request.

A service says *what* went wrong in its own terms; ``heka_asoy.errors`` maps these two families to
HTTP once: ``NotFound`` (also for rows of a flat the user may not see, so nothing leaks) to 404,
``Refused`` to 403. Feature errors with words of their own (``FaultError``, ``BookingError`` ...)
stay separate and are shown next to their form fields by the views.
"""

from __future__ import annotations


class ServiceError(Exception):
    """Base of the errors services raise; ``code`` names the reason for logs and messages."""

    def __init__(self, code: str = "", **params):
        super().__init__(code)
        self.code = code
        self.params = params


class NotFound(ServiceError):  # noqa: N818 - named after the HTTP answer it becomes
    """No such thing for this user: missing, or outside the flats the user may see (404)."""


class Refused(ServiceError):  # noqa: N818 - named after what happened
    """The user may see the thing but not do this with it (403)."""

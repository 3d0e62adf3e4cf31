"""Service requests on the resident pages (/my/requests/): each kind with its own form, the
requester's own list and timeline. Rules live in ``services.service_requests``."""

from .views import bp

__all__ = ["bp"]

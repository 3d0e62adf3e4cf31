"""The desk's bookings admin: pick a housing company, then its saunas (rules, weekly grid, who
holds each hour, waiting lists, manual turns) and its parking (spaces and fees, contracts,
queues, the company's parking rules).

HTMX requests get only the block that changed (``render(..., block=...)``), or for the grid one
hour's cell; a refused change comes back as that block with the error, at status 200 (HTMX swaps
only 2xx answers). Without JavaScript every form posts and redirects back (post/redirect/get),
or shows the page again with the errors (422, 409 when the booking rules refused).

``bp`` is defined in ``blueprint``; the view modules by topic (``company_views``,
``sauna_views``, ``hour_views``, ``space_views``) add their routes to it when imported here, and
share ``pages`` (template helpers) and ``answers`` (how a change is answered).
"""

# Imported for their routes: each view module registers its views on ``bp``.
from . import company_views, hour_views, sauna_views, space_views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]

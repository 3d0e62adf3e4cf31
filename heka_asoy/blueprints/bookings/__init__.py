"""Bookings on the resident pages: sauna turns and parking spaces, queues and offers.

Views are thin: every rule, read and write is in ``services.bookings``. Each page is about one
of the user's flats (the ``flat`` argument, checked against ``access``; the default is the first
flat with the right); every form names its flat again and the service checks access again. A
confirmation (booking, cancelling, renting, terminating) is a step of its own that shows the fee
or the computed end date first.

``bp`` is defined in ``blueprint``; the view modules by topic (``sauna_views``,
``parking_views``, ``offer_views``) add their routes to it when imported here, and share
``pages`` (the flat, words) and ``answers`` (how a change is answered).
"""

# Imported for their routes: each view module registers its views on ``bp``.
from . import offer_views, parking_views, sauna_views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]

"""The household on the resident pages: own contact details and bank account (``/my/contact``)
and the flat's occupants (``/my/occupants``). Rules live in ``services.household``."""

from . import contact_views, occupant_views  # noqa: E402,F401,I001 - the views add their routes
from .blueprint import bp

__all__ = ["bp"]

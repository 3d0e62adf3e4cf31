"""The household: a resident's own contact details and bank account (``contact``), and who
lives in the flat (``occupants``: moves reported by the lease party, confirmed by the desk).

Callers import this package: ``services.household.contact_page``.
"""

from .common import HouseholdError, today
from .contact import (
    CONFIRM_EMAIL,
    ContactView,
    confirm_email_change,
    contact_page,
    email_change_preview,
    request_email_change,
    set_bank_account,
    update_details,
)
from .occupants import (
    OccupantsView,
    StaffQueue,
    decide_change,
    occupants_page,
    report_move_in,
    report_move_out,
    staff_queue,
)

__all__ = [
    "CONFIRM_EMAIL",
    "ContactView",
    "HouseholdError",
    "OccupantsView",
    "StaffQueue",
    "confirm_email_change",
    "contact_page",
    "decide_change",
    "email_change_preview",
    "occupants_page",
    "report_move_in",
    "report_move_out",
    "request_email_change",
    "set_bank_account",
    "staff_queue",
    "today",
    "update_details",
]

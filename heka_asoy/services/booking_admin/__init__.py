"""The desk's bookings admin: saunas, their weekly hours and rules, parking spaces and fees.

Staff-only use cases. Every change is written to the audit log (``audit.record``) in the same
transaction. Changes that touch a flat's booking (assigning a turn or a space, ending one) are
not made here: they go through ``services.bookings`` with ``by_staff=True``, which audits them
and mails the flat.

The topics: ``common`` (limits, errors, the write helpers), ``lookups`` (rows by id, the
company search), ``saunas`` (saunas and their hours), ``turns`` (turns given or ended by staff),
``parking`` (parking rules, spaces, contracts) and ``boards`` (the pages' reads, queues with
positions). Callers import this package: ``services.booking_admin.add_hour``.
"""

from .boards import (
    HourSlot,
    QueueLine,
    SaunaBoard,
    SpaceLine,
    _queues,
    company_saunas,
    hour_history,
    hour_slot,
    parking_board,
    sauna_board,
    space_history,
    space_line,
)
from .common import HOUR_LABELS, LIMITS, MAX_FEE, SAUNA_RULES, AdminError, AdminNotFound
from .lookups import (
    company_flats,
    find_companies,
    get_company,
    get_contract,
    get_hour,
    get_sauna,
    get_space,
    get_turn,
)
from .parking import (
    create_space,
    remove_space,
    rent_space,
    set_parking_rules,
    terminate_contract,
    update_space,
)
from .saunas import add_hour, create_sauna, remove_hour, set_hour_usage, update_sauna
from .turns import assign_turn, end_turn

__all__ = [
    "AdminError",
    "AdminNotFound",
    "HOUR_LABELS",
    "HourSlot",
    "LIMITS",
    "MAX_FEE",
    "QueueLine",
    "SAUNA_RULES",
    "SaunaBoard",
    "SpaceLine",
    "_queues",
    "add_hour",
    "assign_turn",
    "company_flats",
    "company_saunas",
    "create_sauna",
    "create_space",
    "end_turn",
    "find_companies",
    "get_company",
    "get_contract",
    "get_hour",
    "get_sauna",
    "get_space",
    "get_turn",
    "hour_history",
    "hour_slot",
    "parking_board",
    "remove_hour",
    "remove_space",
    "rent_space",
    "sauna_board",
    "set_hour_usage",
    "set_parking_rules",
    "space_history",
    "space_line",
    "terminate_contract",
    "update_sauna",
    "update_space",
]

"""The lease page and terminating the lease (irtisanominen).

Topics: ``common`` (the refusal, who the user acts for, the lease's parties and open notice),
``page`` (the reads of the two resident pages), ``notice`` (giving, confirming and withdrawing a
notice), ``effect`` (the lease and the flat's bookings end when the last party confirms),
``notify`` (the mails) and ``desk`` (the staff queue). Callers import this package.
"""

from .common import TerminationError
from .desk import DeskTermination, record_move_out, termination_detail, termination_queue
from .effect import end_bookings_with_lease, take_effect_if_all_confirmed
from .notice import (
    NoticeInput,
    NoticeResult,
    check_notice,
    confirm_notice,
    give_notice,
    withdraw_notice,
)
from .page import LeasePage, TerminationPage, lease_page, termination_page

__all__ = [
    "DeskTermination",
    "LeasePage",
    "NoticeInput",
    "NoticeResult",
    "TerminationError",
    "TerminationPage",
    "check_notice",
    "confirm_notice",
    "end_bookings_with_lease",
    "give_notice",
    "lease_page",
    "record_move_out",
    "take_effect_if_all_confirmed",
    "termination_detail",
    "termination_page",
    "termination_queue",
    "withdraw_notice",
]

"""Sauna turns and parking spaces: book, cancel, queue, offer, accept; no double booking.

Three layers keep one hour or one space with one flat:
1. every write runs in ``write_txn()`` (SQLite: BEGIN IMMEDIATE, one writer at a time;
   PostgreSQL: the hour or space row is locked FOR UPDATE first);
2. the rules are checked inside that transaction (taken, offered to someone else, quota);
3. a unique ``hold_key`` on the holding row is the last guard: a race that slipped past the
   checks fails on insert and is answered as "just taken".

Queue positions are never stored: a position is the count of earlier entries (join time, then
id), so no position can be given twice.

The topics: ``common`` (the refusal, keys, start windows, the flat's lock, mails), ``queues``
(waiting lists), ``sauna`` (weekly turns and their quota, one-off evenings), ``parking``
(contracts, the cap per flat), ``offers`` (offering, accepting, lapsing, releasing), ``grid``
(the sauna page's reads) and ``sauna_page`` (the resident page's view model). Callers import
this package: ``services.bookings.book_turn``.
"""

from ...domain.bookings import first_on_or_after
from ...domain.notice import end_of_notice
from .common import (
    PARKING_KINDS,
    BookingError,
    BookingNotFound,
    _active_offer,
    check_start,
    earliest_turn_start,
    hour_key,
    last_start,
    parking_queue_key,
    space_key,
    today,
)
from .grid import (
    Cell,
    coming_skips,
    company_saunas,
    flat_hour,
    flat_sauna_bookings,
    flat_sauna_queue,
    flat_turn,
    hour_with_sauna,
    week_grid,
)
from .offers import (
    accept_offer,
    decline_offer,
    describe_ref,
    describe_refs,
    expire_offers,
    flat_entry,
    flat_waiting_entry,
    leave_queue,
    open_offers,
    release_ended,
)
from .parking import (
    ParkingAllowance,
    check_rental,
    flat_company,
    flat_contract,
    flat_contracts,
    flat_parking_queues,
    join_parking_queue,
    parking_allowance,
    parking_cap,
    parking_end_preview,
    parking_space,
    parking_spaces,
    rent_space,
    space_with_company,
    terminate_contract,
)
from .queues import (
    describe_sauna_hours,
    join_queue,
    position,
    positions,
)
from .sauna import (
    Quota,
    book_single,
    book_turn,
    cancel_single,
    cancel_turn,
    hour_free_on,
    join_sauna_queue,
    skip_week,
    turn_end_preview,
    turn_quota,
)
from .sauna_page import sauna_page

__all__ = [
    "end_of_notice",
    "BookingError",
    "BookingNotFound",
    "Cell",
    "PARKING_KINDS",
    "ParkingAllowance",
    "Quota",
    "_active_offer",
    "accept_offer",
    "decline_offer",
    "book_single",
    "book_turn",
    "cancel_single",
    "cancel_turn",
    "check_rental",
    "check_start",
    "coming_skips",
    "company_saunas",
    "describe_ref",
    "describe_refs",
    "describe_sauna_hours",
    "earliest_turn_start",
    "expire_offers",
    "first_on_or_after",
    "flat_company",
    "flat_contract",
    "flat_contracts",
    "flat_entry",
    "flat_hour",
    "flat_parking_queues",
    "flat_sauna_bookings",
    "flat_sauna_queue",
    "flat_turn",
    "flat_waiting_entry",
    "hour_free_on",
    "hour_key",
    "hour_with_sauna",
    "join_parking_queue",
    "join_queue",
    "join_sauna_queue",
    "last_start",
    "leave_queue",
    "open_offers",
    "parking_allowance",
    "parking_cap",
    "parking_end_preview",
    "parking_queue_key",
    "parking_space",
    "parking_spaces",
    "position",
    "positions",
    "release_ended",
    "rent_space",
    "sauna_page",
    "skip_week",
    "space_key",
    "space_with_company",
    "terminate_contract",
    "today",
    "turn_end_preview",
    "turn_quota",
    "week_grid",
]

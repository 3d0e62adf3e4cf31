"""Sauna turns given or ended by staff.

They go through ``services.bookings`` with ``by_staff=True`` (audited, mailed to the flat);
here only the staff-side checks: the flat is in the hour's company, an end date is not past.
"""

from __future__ import annotations

from datetime import date

from ...models import SaunaHour, SaunaTurn, User
from .. import bookings
from .common import AdminNotFound, _check_end, _company_flat


def assign_turn(actor: User, hour_id: int, flat_id: int, starts_on: date) -> SaunaTurn:
    """Give a flat a weekly turn by hand (no quota or earliest-start rule for staff)."""
    _company_flat(flat_id, SaunaHour.get_or_none(SaunaHour.id == hour_id), "hour")
    return bookings.book_turn(actor, flat_id, hour_id, starts_on, by_staff=True)


def end_turn(actor: User, turn_id: int, ends_on: date | None = None) -> SaunaTurn:
    """End a flat's turn on ``ends_on`` (default: the end of the sauna's notice period)."""
    turn = SaunaTurn.get_or_none(SaunaTurn.id == turn_id)
    if turn is None:
        raise AdminNotFound()
    _check_end(ends_on)
    return bookings.cancel_turn(actor, turn.flat_id, turn.id, by_staff=True, ends_on=ends_on)

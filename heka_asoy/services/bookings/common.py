"""What every booking topic shares: the refusal, today, the keys that hold an hour or a space,
the start windows, the flat's lock and current lease, and the mails to the flat."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app

from ...db import locked
from ...domain.bookings import latest_start
from ...domain.clock import helsinki_today
from ...models import (
    Flat,
    Lease,
    LeaseParty,
    Resident,
    Sauna,
    User,
    WaitingListEntry,
)
from ..errors import NotFound, ServiceError
from ..mailer import queue_mail

PARKING_KINDS = ("outdoor", "carport", "plug", "garage", "ev")


class BookingError(ServiceError):
    """A booking rule said no; ``code`` picks the message, ``params`` fill it in (e.g. the
    last allowed start date)."""


class BookingNotFound(BookingError, NotFound):
    """An unknown id, or one of another flat: a 404 (its existence is not revealed)."""

    def __init__(self, code: str = "not_found", **params):
        super().__init__(code, **params)


def found(row):
    """``row``, or ``BookingNotFound`` when a read found nothing."""
    if row is None:
        raise BookingNotFound()
    return row


def today() -> date:
    """Today in Helsinki (see ``domain.clock``)."""
    return helsinki_today()


def hour_key(hour_id: int) -> str:
    return f"sauna_hour:{hour_id}"


def space_key(space_id: int) -> str:
    return f"parking_space:{space_id}"


def parking_queue_key(company_id: int, kind: str) -> str:
    return f"parking:{company_id}:{kind}"


def earliest_turn_start(sauna: Sauna) -> date:
    """The first day a turn booked today (by free choice) may start on in ``sauna``."""
    return today() + timedelta(days=sauna.earliest_start_days)


def last_start(kind: str, sauna: Sauna | None = None) -> date:
    """The last day a new sauna turn or parking contract (``kind`` "sauna" or "parking") may
    start on: the start window of its setting (``SAUNA_START_WINDOW_MONTHS``,
    ``PARKING_START_WINDOW_MONTHS``) counted from today, for a turn from the sauna's earliest
    start (so a sauna whose turns start months ahead still has a window)."""
    base = earliest_turn_start(sauna) if sauna is not None else today()
    return latest_start(base, current_app.config[f"{kind.upper()}_START_WINDOW_MONTHS"])


def check_start(starts_on: date, kind: str, sauna: Sauna | None = None) -> None:
    """A start from today to the end of the start window: an earlier one is "past", a later one
    (however far: 9999-12-31 too) "too_late". Every path checks it, staff and offers too: a
    turn or contract starting years ahead would hold its hour or space empty until then."""
    if starts_on < today():
        raise BookingError("past")
    latest = last_start(kind, sauna)
    if starts_on > latest:
        raise BookingError("too_late", latest=latest)


def _locked_flat(flat_id: int) -> Flat:
    """The flat, row-locked on PostgreSQL: two requests of one flat that count its turns or
    contracts against its limit take turns (SQLite's IMMEDIATE transaction already does)."""
    flat = locked(Flat.select().where(Flat.id == flat_id)).first()
    if flat is None:
        raise BookingNotFound()
    return flat


def _current_lease(flat_id: int) -> Lease | None:
    return Lease.current_of(flat_id, today())


def _holds(model, key: str):
    """The row holding ``key`` now, if any."""
    return model.get_or_none(model.hold_key == key)


def _active_offer(ref: str, other_than_flat: int | None = None) -> WaitingListEntry | None:
    # Past its deadline an offer still protects the place until expire_offers hands it to the
    # next in line: otherwise whoever books first in that gap would jump the queue.
    query = WaitingListEntry.select().where(
        (WaitingListEntry.offer_ref == ref) & (WaitingListEntry.status == "offered")
    )
    if other_than_flat is not None:
        query = query.where(WaitingListEntry.flat != other_than_flat)
    return query.first()


def _flat_recipients(flat_id: int) -> list[User]:
    """The flat's lease parties with an account: they hear of every booking change."""
    lease = _current_lease(flat_id)
    if lease is None:
        return []
    return list(
        User.select()
        .join(Resident)
        .join(LeaseParty)
        .where((LeaseParty.lease == lease) & User.activated_at.is_null(False))
    )


def _notify(flat_id: int, event: str, actor: User | None = None, **context) -> None:
    """Mail the flat (its lease parties, and the acting user if not one of them)."""
    users = {u.id: u for u in _flat_recipients(flat_id)}
    if actor is not None and not actor.is_staff:
        users.setdefault(actor.id, actor)
    for user in users.values():
        queue_mail(user.notice_email, "booking_event", user.language, event=event, **context)

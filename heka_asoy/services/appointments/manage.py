"""The page behind the mailed link (no login): the visit, and what the person may do with it:
accept a proposed time, take another free slot of the coming four weeks, or cancel.

Every action takes the link's token again, so a link from an older mail (``superseded``), a
forged one (``invalid``), one past its visit (``expired``) or one of a visit already ended
(``closed``) is refused with ``LinkRefused`` and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from ...models import Appointment
from . import booking, links, slots
from .errors import AppointmentError


@dataclass(frozen=True)
class SlotDay:
    """The free slots of one day, for one group of radio buttons."""

    day: date
    slots: list[slots.Slot]


@dataclass(frozen=True)
class ManagePage:
    token: str
    id: int
    name: str
    status: str  # proposed or confirmed: the link works only for these
    starts_at: datetime  # aware, Helsinki
    ends_at: datetime
    days: list[SlotDay]

    @property
    def can_accept(self) -> bool:
        return self.status == "proposed"


def _page(appointment: Appointment, token: str, with_slots: bool = True) -> ManagePage:
    days: list[SlotDay] = []
    if with_slots:
        first, last = slots.rebook_window()
        held = slots.to_local(appointment.starts_at) if appointment.starts_at else None
        free = [s for s in slots.free_slots(first, last) if s.starts_at != held]
        days = [
            SlotDay(day, list(group)) for day, group in groupby(free, lambda s: s.starts_at.date())
        ]
    return ManagePage(
        token=token,
        id=appointment.id,
        name=appointment.name,
        status=appointment.status,
        starts_at=slots.to_local(appointment.starts_at),
        ends_at=slots.to_local(appointment.ends_at),
        days=days,
    )


def manage_page(token: str, with_slots: bool = True) -> ManagePage:
    """The visit behind ``token`` with the free slots to move it to (``LinkRefused`` for a bad
    link)."""
    return _page(links.appointment_for(token), token, with_slots)


def accept(token: str) -> ManagePage:
    """Take the proposed time; returns the page of the new link (the old one is retired)."""
    done = booking.accept(links.appointment_for(token))
    return _page(done, links.token_for(done), with_slots=False)


def rebook(token: str, slot: str) -> ManagePage:
    """Move the visit to the free slot ``slot`` (a form value, ``slots.slot_value``) within the
    rebooking window; the old slot is freed at once. ``AppointmentError`` when the slot is not
    offered or has just been taken."""
    appointment = links.appointment_for(token)
    starts_at = slots.parse_slot(slot)
    if starts_at is None:
        raise AppointmentError("slot_missing")
    first, last = slots.rebook_window()
    if not first <= starts_at.date() <= last:
        raise AppointmentError("slot_unavailable")
    if appointment.starts_at == slots.to_utc(starts_at):
        raise AppointmentError("same_slot")
    done = booking.rebook(appointment, starts_at)
    return _page(done, links.token_for(done), with_slots=False)


def cancel(token: str) -> None:
    """Cancel the visit; its slot is free for others at once."""
    booking.cancel(links.appointment_for(token))

"""Demo rows of the office calendar (/staff/office as the desk): Maija's confirmed visit at the
next offered time, and a request taken by phone waiting for a time. The demo mailbox adds a
mail asking for a visit, which the intake files as a request from "email" (``demo/mailbox``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..domain.clock import file_stamp
from ..models import Appointment, Resident, User
from ..services.appointments import slots


def office_rows(maija: Resident, staff: User, today: date, now: datetime) -> None:
    offered = slots.free_slots(today + timedelta(days=1), today + timedelta(days=35))
    account = User.get_or_none(User.resident == maija.id)
    if offered:
        start = slots.to_utc(offered[0].starts_at)
        Appointment.create(
            user=account,
            resident=maija,
            name=maija.full_name,
            email=account.email if account else (maija.email or "maija@example.fi"),
            reason="lease",
            details="Haluaisin käydä läpi vuokrasopimuksen ehdot.",
            preferred_days="wed",
            status="confirmed",
            source="pages",
            starts_at=start,
            ends_at=start + timedelta(minutes=slots.slot_minutes()),
            slot_key=f"{file_stamp(start)}#1",
            link_version=1,
            confirmed_by=staff,
            created_at=now - timedelta(days=3),
        )
    Appointment.create(
        name="Kalle Korhonen",
        email="kalle.korhonen@example.org",
        phone="040 765 4321",
        reason="identification",
        details="Soitti: haluaa tunnistautua toimistolla rekisteröityäkseen.",
        preferred_days="thu",
        status="requested",
        source="staff",
        created_at=now - timedelta(days=1),
    )

"""Demo rows of the office appointments: Maija (lease party, flat 1) has a confirmed visit on the
first bookable day at least two days ahead (see /my/appointments/ as Maija, and the link in the
demo mailbox) and a request about keys waiting for the desk's answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ..domain.appointments import days_text
from ..domain.clock import file_stamp
from ..domain.office_hours import DEFAULT_HOURS, appointment_slots
from ..models import Appointment, Resident, User

SLOT_MINUTES = 30


def _first_slot(today: date) -> datetime:
    day = today + timedelta(days=2)
    while not (starts := appointment_slots(day, SLOT_MINUTES, DEFAULT_HOURS)):
        day += timedelta(days=1)
    return starts[1] if len(starts) > 1 else starts[0]


def appointment_rows(maija: Resident, staff: User, today: date, now: datetime) -> None:
    user = User.get(User.resident == maija.id)
    flat_id = maija.occupancies.get().flat_id
    common = {"user": user.id, "resident": maija.id, "flat": flat_id, "name": maija.full_name,
              "email": user.notice_email, "phone": maija.phone, "language": maija.language,
              "source": "pages"}  # fmt: skip
    starts = _first_slot(today).astimezone(UTC).replace(tzinfo=None)
    Appointment.create(
        **common,
        reason="lease",
        details="Vuokrasopimuksen lisäsivun allekirjoitus.",
        preferred_days=days_text(["wed", "thu"]),
        status="confirmed",
        starts_at=starts,
        ends_at=starts + timedelta(minutes=SLOT_MINUTES),
        slot_key=f"{file_stamp(starts)}#1",
        link_version=1,
        confirmed_by=staff.id,
        created_at=now - timedelta(days=3),
        updated_at=now - timedelta(days=2),
    )
    Appointment.create(
        **common,
        reason="keys",
        details="Tarvitsen lisäavaimen, nykyinen on kulunut.",
        preferred_days=days_text(["thu"]),
        status="requested",
        created_at=now - timedelta(hours=5),
        updated_at=now - timedelta(hours=5),
    )

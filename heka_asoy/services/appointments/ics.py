"""The ``.ics`` event attached to a confirmation, so the visit lands in the person's calendar.

Times are written with the Europe/Helsinki zone (and its VTIMEZONE), so a calendar shows 9.00
on a March Wednesday whether or not summer time has begun by then."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar, Event, vCalAddress

from ...domain.contacts import ASOY_DESK_EMAIL
from ...models import Appointment
from .slots import to_local

PRODID = "-//Heka//heka_asoy office appointments//FI"


def event_text(appointment: Appointment, summary: str, location: str, description: str) -> str:
    """One VEVENT in a VCALENDAR, as text. ``SEQUENCE`` follows the link version, so a rebooking
    replaces the earlier event in the person's calendar instead of adding a second one."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"appointment-{appointment.id}@heka_asoy")
    event.add("sequence", appointment.link_version)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", to_local(appointment.starts_at))
    event.add("dtend", to_local(appointment.ends_at))
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    organizer = vCalAddress(f"mailto:{ASOY_DESK_EMAIL}")
    organizer.params["cn"] = "Heka"
    event.add("organizer", organizer)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical().decode()

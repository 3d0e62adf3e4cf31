"""Office appointments, the core: which slots are offered, holding a slot within the desks'
capacity (also under racing confirmations), the signed link, and the ``.ics`` in Helsinki time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar
import pytest
import time_machine

from heka_asoy.domain.office_hours import HELSINKI
from heka_asoy.models import Appointment, AuditLog, OfficeClosure, OutboxMail
from heka_asoy.services.appointments import booking, ics, links, slots
from heka_asoy.services.appointments.errors import AppointmentError, LinkRefused
from tests.desk_race import race
from tests.factories import make_appointment, make_staff

#: Tuesday 1 December 2026, 10:00 in Helsinki.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=HELSINKI)
WED = datetime(2026, 12, 2, 9, 0, tzinfo=HELSINKI)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HELSINKI)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_offered_slots_skip_tuesday_holidays_closed_days_and_the_past(app, frozen):
    with app.test_request_context():
        offered = slots.free_slots(date(2026, 12, 1), date(2027, 1, 10))
    days = {s.starts_at.date() for s in offered}
    assert all(s.starts_at.weekday() in (2, 3) for s in offered)  # never Tuesday walk-in
    assert date(2026, 12, 2) in days
    assert date(2026, 12, 3) in days
    assert date(2026, 12, 24) not in days  # Christmas Eve, a Thursday
    assert date(2027, 1, 6) not in days  # Epiphany, a Wednesday
    assert len([s for s in offered if s.starts_at.date() == date(2026, 12, 2)]) == 6
    assert all(s.free == 2 for s in offered)
    with app.test_request_context():
        assert not slots.is_offered(at(date(2026, 12, 8), 10))  # a Tuesday
        assert not slots.is_offered(at(date(2027, 1, 6), 9))  # a holiday
        assert not slots.is_offered(at(date(2026, 12, 2), 9, 15))  # not a slot start
        assert not slots.is_offered(at(date(2026, 11, 26), 12))  # past
        assert slots.is_offered(WED)
        staff = make_staff()
        booking.close_day(date(2026, 12, 9), "training", staff)
        assert not slots.is_offered(at(date(2026, 12, 9), 9))
        assert date(2026, 12, 9) not in {
            s.starts_at.date() for s in slots.free_slots(date(2026, 12, 1), date(2026, 12, 31))
        }


def test_confirm_holds_the_slot_mails_the_ics_and_link(app, frozen):
    staff = make_staff()
    visit = make_appointment(language="sv")
    with app.test_request_context():
        booking.confirm(visit.id, WED, staff)
    visit = Appointment.get_by_id(visit.id)
    assert visit.status == "confirmed"
    assert visit.slot_key.endswith("#1")
    assert visit.starts_at == datetime(2026, 12, 2, 7, 0)  # naive UTC
    assert visit.ends_at == datetime(2026, 12, 2, 7, 30)
    mail = OutboxMail.get(OutboxMail.recipient == visit.email)
    assert mail.language == "sv"
    assert "2.12.2026 kl. 9.00" in mail.body_text
    assert "Viborgsgatan 2" in mail.body_text
    assert "/appointments/manage/" in mail.body_text
    (attachment,) = mail.attachments
    assert attachment["type"] == "text/calendar"
    event = icalendar.Calendar.from_ical(attachment["data"]).walk("VEVENT")[0]
    assert event.decoded("dtstart") == WED
    assert AuditLog.select().where(AuditLog.action == "appointment_confirmed").count() == 1


def test_a_slot_holds_no_more_visits_than_desks(app, frozen):
    staff = make_staff()
    visits = [make_appointment() for _ in range(3)]
    with app.test_request_context():
        booking.confirm(visits[0].id, WED, staff)
        booking.propose(visits[1].id, WED, staff)
        with pytest.raises(AppointmentError) as refused:
            booking.confirm(visits[2].id, WED, staff)
        assert refused.value.code == "slot_full"
        assert [s.free for s in slots.day_slots(date(2026, 12, 2), date(2026, 12, 2))][0] == 0
        # a cancel frees the desk at once
        booking.cancel(Appointment.get_by_id(visits[0].id))
        booking.confirm(visits[2].id, WED, staff)
    assert Appointment.get_by_id(visits[2].id).status == "confirmed"


@pytest.mark.parametrize(
    "when",
    [
        at(date(2026, 12, 8), 9),  # Tuesday: walk-in, never booked
        at(date(2027, 1, 6), 9),  # Epiphany
        at(date(2026, 12, 2), 12),  # Wednesday after closing
        at(date(2026, 11, 25), 9),  # past
    ],
)
def test_no_booking_outside_the_offered_slots(app, frozen, when):
    visit = make_appointment()
    with app.test_request_context(), pytest.raises(AppointmentError) as refused:
        booking.confirm(visit.id, when, make_staff())
    assert refused.value.code == "slot_unavailable"
    assert Appointment.get_by_id(visit.id).slot_key is None


def test_closing_a_day_with_visits_is_refused(app, frozen):
    staff = make_staff()
    visit = make_appointment()
    with app.test_request_context():
        booking.confirm(visit.id, WED, staff)
        with pytest.raises(AppointmentError) as refused:
            booking.close_day(WED.date(), "", staff)
    assert refused.value.code == "day_has_visits"
    assert OfficeClosure.select().count() == 0


def test_link_refuses_forged_superseded_and_expired(app, frozen):
    staff = make_staff()
    visit = make_appointment()
    with app.test_request_context():
        booking.confirm(visit.id, WED, staff)
        visit = Appointment.get_by_id(visit.id)
        first = links.token_for(visit)
        assert links.appointment_for(first).id == visit.id
        with pytest.raises(LinkRefused) as forged:
            links.appointment_for(first[:-2] + "xx")
        assert forged.value.code == "invalid"
        booking.rebook(visit, at(date(2026, 12, 3), 12, 30))
        with pytest.raises(LinkRefused) as old:
            links.appointment_for(first)
        assert old.value.code == "superseded"
        current = links.token_for(Appointment.get_by_id(visit.id))
        assert links.appointment_for(current).status == "confirmed"
    with time_machine.travel(datetime(2026, 12, 3, 13, 1, tzinfo=HELSINKI), tick=False):
        with app.test_request_context(), pytest.raises(LinkRefused) as expired:
            links.appointment_for(current)
    assert expired.value.code == "expired"


def test_rebooking_frees_the_old_slot_and_tells_the_desk(app, frozen):
    staff = make_staff()
    visit = make_appointment()
    with app.test_request_context():
        booking.confirm(visit.id, WED, staff)
        booking.rebook(Appointment.get_by_id(visit.id), at(date(2026, 12, 3), 14))
        held = slots.held_counts(date(2026, 12, 2), date(2026, 12, 3))
    assert held == {datetime(2026, 12, 3, 12, 0): 1}
    desk = OutboxMail.get(OutboxMail.kind == "appointment_desk")
    assert "2.12.2026 klo 9.00" in desk.body_text
    assert "3.12.2026 klo 14.00" in desk.body_text


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(date(2027, 3, 24), 7), (date(2027, 3, 31), 6)],  # summer time begins 28 March 2027
)
def test_ics_keeps_helsinki_wall_time_across_the_dst_change(app, day, utc_hour):
    start = at(day, 9)
    visit = make_appointment(
        starts_at=slots.to_utc(start), ends_at=slots.to_utc(start + timedelta(minutes=30))
    )
    assert visit.starts_at.hour == utc_hour
    with app.test_request_context():
        text = ics.event_text(visit, "Visit", "Viipurinkatu 2, Alppila", "Bring an ID")
    cal = icalendar.Calendar.from_ical(text)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    event = cal.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert event.decoded("dtstart").replace(tzinfo=None) == datetime(
        day.year, day.month, day.day, 9
    )
    assert event.decoded("dtstart").utcoffset() == timedelta(hours=9 - utc_hour)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=30)


# --- racing confirmations ----------------------------------------------------------------------


def _confirm(staff, appointment_id, starts_value):
    booking.confirm(appointment_id, slots.parse_slot(starts_value), staff)


def _next_free_slot(app) -> datetime:
    with app.test_request_context():
        today = date.today()
        return slots.free_slots(today + timedelta(days=1), today + timedelta(days=40))[0].starts_at


@pytest.mark.slow
def test_eight_concurrent_confirmations_never_overfill_a_slot(app, database_url, tmp_path):
    """Eight desk workers (processes) each confirm a different request into the same slot at
    once, round after round: exactly ``desks`` win each round, the rest are told it is full."""
    start = _next_free_slot(app)
    value = slots.slot_value(start)
    staff = [make_staff() for _ in range(8)]
    rounds = 2
    visits = [[make_appointment() for _ in range(rounds)] for _ in staff]
    # every worker confirms its own visit of round n into the same slot; round 2 uses the
    # next slot so both rounds start from empty
    with app.test_request_context():
        later = slots.free_slots(start.date(), start.date() + timedelta(days=40))[1].starts_at
    answers = race(
        app,
        database_url,
        str(tmp_path),
        [0, 1],
        _confirm_round,
        [
            (s.id, ([v.id for v in visits[i]], [value, slots.slot_value(later)]))
            for i, s in enumerate(staff)
        ],
    )
    for round_no in range(rounds):
        column = [worker[round_no] for worker in answers]
        assert sorted(column) == ["ok", "ok"] + ["slot_full"] * 6, column
    for when in (start, later):
        held = Appointment.select().where(Appointment.starts_at == slots.to_utc(when))
        assert held.count() == 2
        assert sorted(a.slot_key[-2:] for a in held) == ["#1", "#2"]


def _confirm_round(staff, round_no, visit_ids, values):
    _confirm(staff, visit_ids[round_no], values[round_no])

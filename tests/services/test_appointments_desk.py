"""The desk's office calendar: the week and day view model, the desk's actions with their
refusals, requests filed from the desk mailbox (the intake's appointment triage and by hand),
and the office identification saved on the visit it happened at."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine

from heka_asoy.domain.appointment_requests import read_request
from heka_asoy.domain.office_hours import HELSINKI
from heka_asoy.models import Appointment, Identification, Message, MessageThread, OfficeClosure
from heka_asoy.services import mailbox, staff
from heka_asoy.services.appointments import desk, filing
from heka_asoy.services.appointments.errors import AppointmentError
from heka_asoy.services.appointments.record import RequestData
from tests.factories import (
    make_appointment,
    make_flat,
    make_lease,
    make_resident,
    make_staff,
    make_user,
    office_mail,
    office_visit,
)

#: Tuesday 1 December 2026, 10:00 in Helsinki.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=HELSINKI)
WED = date(2026, 12, 2)
THU = date(2026, 12, 3)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HELSINKI)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def refused(code: str):
    class Check:
        def __enter__(self):
            self.ctx = pytest.raises(AppointmentError)
            self.info = self.ctx.__enter__()
            return self.info

        def __exit__(self, *exc):
            handled = self.ctx.__exit__(*exc)
            assert self.info.value.code == code
            return handled

    return Check()


# --- the calendar -----------------------------------------------------------------------------


def test_week_shows_each_days_kind_slots_visits_and_free_desks(app, frozen):
    """Is Monday closed, Tuesday walk-in, Wednesday 9–12 and Thursday 12–15 six slots each, a
    visit in its slot with the free desks counted, and the waiting requests oldest first?"""
    first = office_visit(at(WED, 9), name="Aino")
    office_visit(at(WED, 9), desk=2, name="Bertil")
    office_visit(at(THU, 12, 30), name="Cecilia", status="proposed")
    done = office_visit(at(date(2026, 11, 30), 10), name="Outside")  # a Monday: outside slots
    older = make_appointment(name="Old", created_at=datetime(2026, 11, 20, 8))
    newer = make_appointment(name="New", created_at=datetime(2026, 11, 25, 8))
    make_appointment(name="Gone", status="declined")
    with app.test_request_context():
        page = desk.calendar(date(2026, 12, 3), "week", "en")
    assert page.first == date(2026, 11, 30)
    assert page.last == date(2026, 12, 4)
    assert [d.kind for d in page.days] == [
        "none",
        "walk_in",
        "appointments",
        "appointments",
        "none",
    ]
    wed, thu = page.days[2], page.days[3]
    assert [s.starts_at.hour for s in wed.slots] == [9, 9, 10, 10, 11, 11]
    assert [s.starts_at.hour for s in thu.slots] == [12, 12, 13, 13, 14, 14]
    assert [v.name for v in wed.slots[0].visits] == ["Aino", "Bertil"]
    assert wed.slots[0].free == 0
    assert wed.slots[1].free == 2
    assert thu.slots[1].free == 1
    assert thu.slots[1].visits[0].status == "proposed"
    assert wed.held == 2
    assert wed.can_close
    assert [v.id for v in page.days[0].others] == [done.id]
    assert [a.id for a in page.waiting] == [older.id, newer.id]
    assert [a.name for a in page.proposed] == ["Cecilia"]
    assert first.id in {v.id for v in wed.slots[0].visits}


@pytest.mark.parametrize(
    ("language", "name"), [("fi", "Jouluaatto"), ("sv", "Julafton"), ("en", "Christmas Eve")]
)
def test_holidays_are_named_in_the_pages_language(app, frozen, language, name):
    with app.test_request_context():
        page = desk.calendar(date(2026, 12, 24), "day", language)
    (day,) = page.days
    assert (day.kind, day.holiday, day.slots) == ("holiday", name, [])


def test_a_closed_day_shows_its_reason_and_no_slots(app, frozen):
    staff_user = make_staff()
    with app.test_request_context():
        desk.close_day(staff_user, date(2026, 12, 9), "Koulutuspäivä")
        (day,) = desk.calendar(date(2026, 12, 9), "day").days
        assert day.kind == "closed"
        assert day.closure.reason == "Koulutuspäivä"
        assert day.can_reopen
        desk.reopen_day(staff_user, date(2026, 12, 9))
        (day,) = desk.calendar(date(2026, 12, 9), "day").days
    assert day.kind == "appointments"
    assert len(day.slots) == 6


def test_past_slots_are_marked_so_outcomes_can_be_recorded(app):
    with time_machine.travel(at(WED, 10, 15), tick=False), app.test_request_context():
        (day,) = desk.calendar(WED, "day").days
    assert [s.past for s in day.slots] == [True, True, True, False, False, False]
    assert not day.can_close or not day.past


def test_the_calendar_reads_in_three_queries_whatever_the_visits(app, frozen, count_queries):
    with app.test_request_context():
        desk.calendar(WED, "week")
        with count_queries() as few:
            desk.calendar(WED, "week")
        for n in range(6):
            office_visit(at(WED if n % 2 else THU, 9 + n % 3 if n % 2 else 12 + n % 3))
            make_appointment()
        with count_queries() as many:
            desk.calendar(WED, "week")
    assert few.count == many.count == 3


# --- the desk's actions -----------------------------------------------------------------------


def test_confirm_takes_the_slot_value_and_refuses_bad_ones(app, frozen):
    staff_user = make_staff()
    visit = make_appointment()
    with app.test_request_context():
        for bad in ("", "nonsense", "99991231-0700", "20261208-0700"):  # Tuesday walk-in
            with refused("slot_unavailable"):
                desk.confirm(staff_user, visit.id, bad)
        desk.confirm(staff_user, visit.id, "20261202-0700")
    assert Appointment.get_by_id(visit.id).status == "confirmed"


def test_decline_and_cancel_need_a_reason(app, frozen):
    staff_user = make_staff()
    visit = make_appointment()
    with app.test_request_context():
        with refused("reason_required"):
            desk.decline(staff_user, visit.id, "   ")
        with refused("reason_too_long"):
            desk.decline(staff_user, visit.id, "x" * 1001)
        assert Appointment.get_by_id(visit.id).status == "requested"
        desk.decline(staff_user, visit.id, "Asia hoituu puhelimessa.")
    visit = Appointment.get_by_id(visit.id)
    assert (visit.status, visit.decline_reason) == ("declined", "Asia hoituu puhelimessa.")


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (date(2026, 11, 25), "day_past"),
        (date(2026, 12, 8), "no_hours"),  # a Tuesday: walk-in
        (date(2026, 12, 4), "no_hours"),  # a Friday
    ],
)
def test_closing_is_only_for_coming_appointment_days(app, frozen, day, code):
    with app.test_request_context(), refused(code):
        desk.close_day(make_staff(), day, "Syy")
    assert OfficeClosure.select().count() == 0


def test_closing_needs_a_reason_and_no_visits_that_day(app, frozen):
    staff_user = make_staff()
    office_visit(at(WED, 11))
    with app.test_request_context():
        with refused("reason_required"):
            desk.close_day(staff_user, THU, "")
        with refused("day_has_visits"):
            desk.close_day(staff_user, WED, "Sairastuminen")
    assert OfficeClosure.select().count() == 0


def test_outcome_only_after_the_start(app, frozen):
    staff_user = make_staff()
    visit = office_visit(at(WED, 9))
    with app.test_request_context(), refused("not_yet"):
        desk.record_outcome(staff_user, visit.id, True)
    with time_machine.travel(at(WED, 9, 5), tick=False), app.test_request_context():
        desk.record_outcome(staff_user, visit.id, False)
    assert Appointment.get_by_id(visit.id).status == "no_show"


def test_request_view_offers_free_slots_and_the_intake_mail(app, frozen):
    mailbox.take(office_mail("Ajanvaraus", "Haluaisin käydä toimistolla."))
    visit = Appointment.get()
    office_visit(at(WED, 9))
    office_visit(at(WED, 9), desk=2)
    with app.test_request_context():
        view = desk.request_view(visit.id)
    assert view.thread_id == MessageThread.get().id
    values = [s.value for s in view.slots]
    assert "20261202-0700" not in values  # full
    assert "20261202-0730" in values
    assert view.can_answer
    assert not view.can_record_outcome


# --- requests from the desk mailbox -----------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "body", "language", "reason"),
    [
        (
            "Ajanvaraus",
            "Hei, haluaisin varata ajan tunnistautumista varten.",
            "fi",
            "identification",
        ),
        ("Fråga", "Hej! Kan jag boka en tid för att hämta nycklar?", "sv", "keys"),
        ("Office", "Could I have an appointment about my lease?", "en", "lease"),
        ("Kysymys", "Voisinko tulla käynti toimistolla -ajalle ensi viikolla?", "fi", "other"),
    ],
)
def test_a_mail_asking_for_a_visit_becomes_a_waiting_request(app, subject, body, language, reason):
    """Is a new mail that asks for an office visit (fi/sv/en) an appointment request from
    "email" with its Message-ID, the sender's name and address, waiting for a time; and its
    thread out of triage with a note naming the request?"""
    raw = office_mail(subject, body)
    with app.test_request_context():
        assert mailbox.take(raw) == "appointment"
    visit = Appointment.get()
    message = Message.get(Message.message_id.is_null(False))
    assert (visit.source, visit.status, visit.intake_ref) == (
        "email",
        "requested",
        message.message_id,
    )
    assert (visit.name, visit.email) == ("Maija Meikäläinen", "maija.meikalainen@example.org")
    assert (visit.language, visit.reason) == (language, reason)
    assert body in visit.details
    thread = MessageThread.get()
    assert (thread.status, thread.needs_triage) == ("closed", False)
    assert Message.select().where(Message.internal).get().body.endswith(f" {visit.id}.")
    with app.test_request_context():
        assert mailbox.take(raw) == "duplicate"
    assert Appointment.select().count() == 1


@pytest.mark.parametrize(
    ("subject", "headers"),
    [
        ("Re: Ajanvaraus", {}),
        ("Ajanvaraus", {"In_Reply_To": "<earlier@example.org>"}),
        ("Vesivuoto keittiössä", {}),
        ("Disappointment", {}),
    ],
)
def test_replies_and_other_mails_are_not_requests(app, subject, headers):
    with app.test_request_context():
        assert mailbox.take(office_mail(subject, "Huoltomies voi tulla käymään.", **headers)) in (
            "new",
            "reply",
        )
    assert Appointment.select().count() == 0


def test_known_sender_is_linked_to_account_and_home(app):
    resident = make_resident(email="known@example.fi")
    flat = make_flat()
    make_lease(flat, [resident])
    user = make_user(resident, email="known@example.fi")
    with app.test_request_context():
        mailbox.take(office_mail("Tidsbokning", "Hej", sender="Known <known@example.fi>"))
    visit = Appointment.get()
    assert (visit.user_id, visit.flat_id, visit.resident_id) == (user.id, flat.id, resident.id)


def test_reading_the_mail_rules():
    assert read_request("Ajanvaraus", "").language == "fi"
    assert read_request("", "I need an office visit").language == "en"
    assert read_request("Vs: tidsbokning", "") is None
    assert read_request("Hello", "nothing here") is None


def test_staff_file_a_mail_by_hand_once(app):
    """Can the desk file any mailbox mail as a request (its Message-ID kept), once?"""
    staff_user = make_staff()
    with app.test_request_context():
        mailbox.take(office_mail("Kysymys", "Voinko tulla allekirjoittamaan sopimuksen?"))
    thread = MessageThread.get()
    prefill = filing.prefill_from_thread(thread.id)
    assert (prefill.name, prefill.email) == ("Maija Meikäläinen", "maija.meikalainen@example.org")
    assert "allekirjoittamaan" in prefill.details
    data = RequestData(name=prefill.name, email=prefill.email, reason="lease", language="fi")
    with app.test_request_context():
        visit = filing.create_request(staff_user, data, thread.id)
        with refused("already_filed"):
            filing.create_request(staff_user, data, thread.id)
    assert (visit.source, visit.status) == ("email", "requested")
    assert visit.intake_ref == Message.get(Message.thread == thread).message_id


def test_a_phone_request_checks_its_fields(app):
    staff_user = make_staff()
    with app.test_request_context():
        with refused("bad_email"):
            filing.create_request(staff_user, RequestData("Ville", "not-an-address", "other"))
        with refused("name_required"):
            filing.create_request(staff_user, RequestData(" ", "v@example.fi", "other"))
        with refused("bad_input"):
            filing.create_request(staff_user, RequestData("Ville", "v@example.fi", "sauna"))
        visit = filing.create_request(
            staff_user, RequestData("Ville  Virta", "V@Example.fi", "keys", "sv", "040 1")
        )
    assert (visit.name, visit.email, visit.source, visit.language) == (
        "Ville Virta",
        "v@example.fi",
        "staff",
        "sv",
    )
    assert Appointment.select().count() == 1


# --- office identification at the visit -------------------------------------------------------


def test_identification_is_saved_on_the_persons_visit_today(app):
    """Are today's visits of the person offered (by e-mail or name), is the identification
    saved on the one picked, and is another person's visit refused with nothing written?"""
    resident = make_resident(first_names="Iida", last_name="Itkonen", email="iida@example.fi")
    # Five minutes ago is yesterday just after midnight: the test keeps to one office day.
    with time_machine.travel(datetime(2026, 12, 2, 12, 0, tzinfo=HELSINKI), tick=True):
        _identify_on_todays_visit(app, resident)


def _identify_on_todays_visit(app, resident):
    now = datetime.now(HELSINKI)
    by_email = office_visit(now - timedelta(minutes=5), email="iida@example.fi", name="I. I.")
    by_name = office_visit(now - timedelta(minutes=5), desk=2, name="Iida  Itkonen")
    other = office_visit(now + timedelta(minutes=1), name="Someone Else")
    staff_user = make_staff()
    with app.test_request_context():
        (found,) = staff.find_residents_with_visits("Itkonen")
        assert found[0].id == resident.id
        assert {v.id for v in found[1]} == {by_email.id, by_name.id}
        with pytest.raises(AppointmentError):
            staff.identify_at_office(resident.id, "passport", staff_user, other.id)
        assert Identification.select().count() == 0
        staff.identify_at_office(resident.id, "passport", staff_user, by_email.id)
    visit = Appointment.get_by_id(by_email.id)
    assert visit.identification_id == Identification.get().id
    assert visit.resident_id == resident.id


def test_demo_data_fills_the_office_calendar(app):
    """After `make run`'s demo load: a confirmed visit, a phone request and a mail filed by the
    intake as a request from "email"."""
    from heka_asoy.demo.data import load_demo_data

    with app.test_request_context():
        load_demo_data(app.config["HETU_KEY"].encode(), app.config["UPLOAD_FOLDER"])
    rows = {a.source: a for a in Appointment.select()}
    assert rows["pages"].status == "confirmed"
    assert rows["staff"].status == "requested"
    assert (rows["email"].status, rows["email"].language) == ("requested", "sv")
    assert rows["email"].reason == "keys"

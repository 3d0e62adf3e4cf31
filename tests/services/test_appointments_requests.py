"""Office appointments, the person's side: asking from the resident pages and the public form
(verified by a mailed link, expiring unverified), one's own list, the link page's actions and the
reminder on the working day before."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine

from heka_asoy.domain.appointments import reminder_day
from heka_asoy.domain.office_hours import HELSINKI
from heka_asoy.models import Appointment, AuditLog, OutboxMail
from heka_asoy.services import tokens
from heka_asoy.services.appointments import booking, links, manage, reminders, requests, slots
from heka_asoy.services.appointments.errors import AppointmentError, LinkRefused
from heka_asoy.services.errors import NotFound
from tests.desk_race import race
from tests.factories import make_appointment, make_staff, make_tenant

#: Tuesday 1 December 2026, 10:00 in Helsinki.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=HELSINKI)
WED = datetime(2026, 12, 2, 9, 0, tzinfo=HELSINKI)
THU = datetime(2026, 12, 3, 12, 0, tzinfo=HELSINKI)


def ask(**kw) -> requests.RequestInput:
    data = {"reason": "identification", "name": "Maija Meikäläinen",
            "email": "Maija@Example.fi", "phone": "040 123 4567",
            "details": "Rekisteröityminen", "preferred_days": ("thu", "wed")}  # fmt: skip
    data.update(kw)
    return requests.RequestInput(**data)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def mails_to(address: str, kind: str | None = None) -> list[OutboxMail]:
    query = OutboxMail.select().where(OutboxMail.recipient == address)
    if kind:
        query = query.where(OutboxMail.kind == kind)
    return list(query.order_by(OutboxMail.id))


# --- the resident pages ------------------------------------------------------------------------


def test_a_resident_asks_for_their_own_flat_with_details_prefilled(app, frozen):
    """Does the form come prefilled with the register name, the notice address and the phone,
    and does the request land "requested" for the user's flat with a receipt in their
    language?"""
    tenant = make_tenant()
    tenant.resident.phone = "040 555 1234"
    tenant.resident.save()
    with app.test_request_context():
        page = requests.new_request_page(tenant, None)
        assert (page.flat_id, page.name, page.email, page.phone) == (
            tenant.flat.id,
            tenant.resident.full_name,
            tenant.email,
            "040 555 1234",
        )
        assert page.flats == []  # one flat: nothing to choose
        made = requests.request_from_pages(tenant, None, ask(email=tenant.email), "sv")
    row = Appointment.get_by_id(made.id)
    assert (row.status, row.source, row.flat_id, row.user_id) == (
        "requested",
        "pages",
        tenant.flat.id,
        tenant.id,
    )
    assert (row.preferred_days, row.language, row.reason) == ("wed,thu", "sv", "identification")
    (receipt,) = mails_to(tenant.email, "appointment_received")
    assert receipt.language == "sv"
    assert "Viborgsgatan 2" in receipt.body_text
    assert AuditLog.get(AuditLog.action == "appointment_requested").target_id == made.id


def test_another_flat_is_not_found_and_nothing_is_asked(app):
    """Is a request naming a flat of someone else refused as not found, with nothing written?"""
    tenant, other = make_tenant(), make_tenant()
    with app.test_request_context():
        with pytest.raises(NotFound):
            requests.request_from_pages(tenant, other.flat.id, ask(), "fi")
        with pytest.raises(NotFound):
            requests.new_request_page(tenant, other.flat.id)
    assert Appointment.select().count() == 0
    assert OutboxMail.select().count() == 0


def test_bad_input_is_refused_and_nothing_is_written(app):
    tenant = make_tenant()
    with app.test_request_context():
        for bad, code in ((ask(reason="party"), "reason"), (ask(preferred_days=("sun",)), "days"),
                          (ask(name="  "), "name")):  # fmt: skip
            with pytest.raises(AppointmentError) as refused:
                requests.request_from_pages(tenant, None, bad, "fi")
            assert refused.value.code == code
    assert Appointment.select().count() == 0


def test_a_user_sees_only_their_own_appointments(app, frozen):
    """Do the list, the details and the dashboard line show the user's own visits only?"""
    tenant, other = make_tenant(), make_tenant()
    mine = make_appointment(tenant, flat=tenant.flat)
    theirs = make_appointment(other, flat=other.flat)
    staff = make_staff()
    with app.test_request_context():
        booking.confirm(theirs.id, WED, staff)
        listed = requests.my_appointments(tenant)
        assert [a.id for a in listed.open] == [mine.id]
        assert listed.past == []
        with pytest.raises(NotFound):
            requests.my_appointment(tenant, theirs.id)
        assert requests.next_visit(tenant) is None
        assert requests.next_visit(other) == WED
        assert requests.my_appointment(other, theirs.id).manage_link


def test_ended_visits_go_to_the_history(app, frozen):
    tenant = make_tenant()
    staff = make_staff()
    done = make_appointment(tenant, flat=tenant.flat)
    waiting = make_appointment(tenant, flat=tenant.flat)
    with app.test_request_context():
        booking.confirm(done.id, WED, staff)
        booking.cancel(Appointment.get_by_id(done.id))
        listed = requests.my_appointments(tenant)
    assert [a.id for a in listed.open] == [waiting.id]
    assert [a.id for a in listed.past] == [done.id]
    assert listed.past[0].manage_link == ""


# --- the public form ---------------------------------------------------------------------------


def test_a_public_request_waits_unverified_until_its_link_is_opened(app, frozen):
    """Is a public request "unverified" (never among the desk's waiting ones) with a verify
    mail, "requested" once the link is opened, and is the link single-use?"""
    with app.test_request_context():
        made = requests.request_from_public(ask(), "fi")
    assert Appointment.get_by_id(made.id).status == "unverified"
    assert Appointment.select().where(Appointment.status == "requested").count() == 0
    (mail,) = mails_to("maija@example.fi")
    assert mail.kind == "appointment_verify"
    assert "Rekisteröityminen" not in mail.body_text  # nothing typed is repeated
    raw = mail.body_text.split("/appointments/verify/")[1].split()[0]
    with app.test_request_context():
        requests.verify(raw)
        with pytest.raises(tokens.TokenError) as again:
            requests.verify(raw)
    assert again.value.problem == tokens.TokenProblem.USED
    assert Appointment.get_by_id(made.id).status == "requested"
    assert [m.kind for m in mails_to("maija@example.fi")] == [
        "appointment_verify",
        "appointment_received",
    ]


def test_an_unverified_request_expires_after_24_hours(app):
    """Is the link refused after 24 hours (nothing changed), and is the unverified request
    deleted by the hourly job while a verified one stays?"""
    with time_machine.travel(NOW, tick=False), app.test_request_context():
        stale = requests.request_from_public(ask(), "fi")
        kept = requests.request_from_public(ask(email="toinen@example.fi"), "fi")
    raw_stale, raw_kept = (
        mails_to(a)[0].body_text.split("/appointments/verify/")[1].split()[0]
        for a in ("maija@example.fi", "toinen@example.fi")
    )
    with time_machine.travel(NOW + timedelta(hours=2), tick=False), app.test_request_context():
        requests.verify(raw_kept)
    later = NOW + timedelta(hours=24, minutes=1)
    with time_machine.travel(later, tick=False), app.test_request_context():
        with pytest.raises(tokens.TokenError) as expired:
            requests.verify(raw_stale)
        assert expired.value.problem == tokens.TokenProblem.EXPIRED
        assert Appointment.get_by_id(stale.id).status == "unverified"
        assert requests.expire_unverified() == 0  # a margin past the link's lifetime
    with time_machine.travel(NOW + timedelta(hours=26), tick=False), app.test_request_context():
        assert requests.expire_unverified() == 1
    assert Appointment.get_or_none(Appointment.id == stale.id) is None
    assert Appointment.get_by_id(kept.id).status == "requested"


# --- the link page -----------------------------------------------------------------------------


def test_the_link_page_offers_four_weeks_of_free_slots_by_day(app, frozen):
    visit = make_appointment()
    with app.test_request_context():
        booking.confirm(visit.id, WED, make_staff())
        token = links.token_for(Appointment.get_by_id(visit.id))
        page = manage.manage_page(token)
    assert page.status == "confirmed"
    assert page.starts_at == WED
    assert page.days[0].day == WED.date()
    assert WED not in [s.starts_at for s in page.days[0].slots]  # its own time is not offered
    assert all(d.day.weekday() in (2, 3) for d in page.days)
    assert max(d.day for d in page.days) <= NOW.date() + timedelta(days=28)
    assert all(s.starts_at.date() == d.day for d in page.days for s in d.slots)


def test_rebook_frees_the_old_slot_and_retires_the_old_link(app, frozen):
    """Does rebooking take the new slot, free the old, tell the desk, and refuse the old link
    afterwards (a replayed cancel changes nothing)?"""
    visit = make_appointment()
    with app.test_request_context():
        booking.confirm(visit.id, WED, make_staff())
        old = links.token_for(Appointment.get_by_id(visit.id))
        page = manage.rebook(old, slots.slot_value(THU))
        assert page.starts_at == THU
        replays = (
            lambda: manage.cancel(old),
            lambda: manage.rebook(old, slots.slot_value(WED)),
            lambda: manage.manage_page(old),
        )
        for action in replays:
            with pytest.raises(LinkRefused) as refused:
                action()
            assert refused.value.code == "superseded"
        held = slots.held_counts(WED.date(), THU.date())
    assert held == {slots.to_utc(THU): 1}
    assert Appointment.get_by_id(visit.id).status == "confirmed"
    assert OutboxMail.select().where(OutboxMail.kind == "appointment_desk").count() == 1


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "slot_missing"),
        ("nonsense", "slot_missing"),
        ("20270301-1000", "slot_unavailable"),
        ("20261208-0700", "slot_unavailable"),
        ("20261202-0700", "same_slot"),
    ],  # fmt: skip
)
def test_rebook_outside_the_offered_window_is_refused(app, frozen, value, code):
    visit = make_appointment()
    with app.test_request_context():
        booking.confirm(visit.id, WED, make_staff())
        token = links.token_for(Appointment.get_by_id(visit.id))
        with pytest.raises(AppointmentError) as refused:
            manage.rebook(token, value)
    assert refused.value.code == code
    assert Appointment.get_by_id(visit.id).starts_at == slots.to_utc(WED)


def test_accept_a_proposed_time_then_cancel(app, frozen):
    visit = make_appointment()
    with app.test_request_context():
        booking.propose(visit.id, WED, make_staff())
        page = manage.accept(links.token_for(Appointment.get_by_id(visit.id)))
        assert Appointment.get_by_id(visit.id).status == "confirmed"
        manage.cancel(page.token)
        with pytest.raises(LinkRefused):
            manage.manage_page(page.token)
    assert Appointment.get_by_id(visit.id).status == "cancelled"
    assert Appointment.get_by_id(visit.id).slot_key is None


# --- the reminder ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visit", "reminded"),
    [
        (date(2026, 12, 2), date(2026, 12, 1)),  # Wednesday: Tuesday
        (date(2027, 1, 7), date(2027, 1, 5)),  # Thursday after Epiphany (Wed): Tuesday
        (date(2026, 12, 7), date(2026, 12, 4)),  # Monday: Friday
        (date(2027, 3, 30), date(2027, 3, 25)),  # Tuesday after Easter: Maundy Thursday
        (date(2026, 12, 31), date(2026, 12, 30)),
    ],
)
def test_the_reminder_day_is_the_working_day_before(visit, reminded):
    assert reminder_day(visit) == reminded


def _confirmed(app, when: datetime) -> Appointment:
    visit = make_appointment()
    with time_machine.travel(when - timedelta(days=6), tick=False), app.test_request_context():
        booking.confirm(visit.id, when, make_staff())
    return Appointment.get_by_id(visit.id)


def _run_at(app, moment: datetime) -> int:
    with time_machine.travel(moment, tick=False), app.test_request_context():
        return reminders.run()["reminded"]


def test_reminder_goes_once_on_the_working_day_before(app):
    """A Thursday visit after a Wednesday holiday (Epiphany 2027): is it reminded on Tuesday
    from 8 o'clock, once, and not on Monday, before 8 or on the holiday itself?"""
    visit = _confirmed(app, datetime(2027, 1, 7, 13, 0, tzinfo=HELSINKI))
    assert _run_at(app, datetime(2027, 1, 4, 12, 0, tzinfo=HELSINKI)) == 0  # Monday
    assert _run_at(app, datetime(2027, 1, 5, 7, 30, tzinfo=HELSINKI)) == 0  # before 8
    assert _run_at(app, datetime(2027, 1, 5, 8, 7, tzinfo=HELSINKI)) == 1
    assert _run_at(app, datetime(2027, 1, 5, 9, 7, tzinfo=HELSINKI)) == 0
    assert _run_at(app, datetime(2027, 1, 6, 9, 7, tzinfo=HELSINKI)) == 0
    (mail,) = mails_to(visit.email, "appointment_event")[1:]
    assert mail.subject.startswith("Muistutus") or "7.1.2027" in mail.subject
    assert "/appointments/manage/" in mail.body_text
    assert "Muistutus tulevasta käynnistäsi." in mail.body_text  # in her language (fi)
    assert "Ota mukaan voimassa oleva ajokortti" in mail.body_text
    assert Appointment.get_by_id(visit.id).reminded_at is not None


def test_no_reminder_for_a_cancelled_visit_and_again_after_rebooking(app):
    cancelled = _confirmed(app, datetime(2027, 1, 7, 13, 0, tzinfo=HELSINKI))
    moved = _confirmed(app, datetime(2027, 1, 7, 13, 30, tzinfo=HELSINKI))
    with time_machine.travel(datetime(2027, 1, 4, 10, tzinfo=HELSINKI), tick=False):
        with app.test_request_context():
            booking.cancel(cancelled)
    assert _run_at(app, datetime(2027, 1, 5, 10, 7, tzinfo=HELSINKI)) == 1
    with time_machine.travel(datetime(2027, 1, 5, 11, tzinfo=HELSINKI), tick=False):
        with app.test_request_context():
            booking.rebook(Appointment.get_by_id(moved.id),
                           datetime(2027, 1, 13, 9, 0, tzinfo=HELSINKI))  # fmt: skip
    assert _run_at(app, datetime(2027, 1, 5, 12, 7, tzinfo=HELSINKI)) == 0
    assert _run_at(app, datetime(2027, 1, 12, 8, 7, tzinfo=HELSINKI)) == 1
    assert Appointment.get_by_id(cancelled.id).reminded_at is None
    assert len(mails_to(cancelled.email, "appointment_event")) == 2  # confirmed, cancelled


def _remind_run(staff, item, moment: str):
    reminders.send_reminders(datetime.fromisoformat(moment))


@pytest.mark.slow
def test_two_concurrent_runs_send_each_reminder_once(app, database_url, tmp_path):
    """Two workers run the reminder job at the same moment: is each visit mailed once?"""
    staff = make_staff()
    tomorrow = datetime.now(HELSINKI).date() + timedelta(days=1)
    with app.test_request_context():
        first_day = slots.free_slots(tomorrow, tomorrow + timedelta(days=21))[0].starts_at.date()
        free = slots.free_slots(first_day, first_day)[:3]
        visits = [make_appointment() for _ in free]
        for visit, slot in zip(visits, free, strict=True):
            booking.confirm(visit.id, slot.starts_at, staff)
    moment = datetime.combine(reminder_day(first_day), datetime.min.time(), HELSINKI)
    moment = moment.replace(hour=10).isoformat()
    answers = race(app, database_url, str(tmp_path), [0], _remind_run,
                   [(staff.id, (moment,)), (staff.id, (moment,))])  # fmt: skip
    assert answers == [["ok"], ["ok"]]
    for visit in visits:
        kinds = (
            OutboxMail.select()
            .where((OutboxMail.recipient == visit.email) & (OutboxMail.kind == "appointment_event"))
            .count()
        )
        assert kinds == 2  # the confirmation, and one reminder
        assert Appointment.get_by_id(visit.id).reminded_at is not None


def test_the_hourly_job_runs_the_reminders(app):
    """Is the reminder job a periodic huey task whose body mails the due reminders?"""
    from heka_asoy.tasks import appointment_reminders, huey

    assert appointment_reminders.task_class in huey._registry._periodic_tasks
    _confirmed(app, datetime(2027, 1, 7, 13, 0, tzinfo=HELSINKI))
    with time_machine.travel(datetime(2027, 1, 5, 9, 7, tzinfo=HELSINKI), tick=False):
        assert appointment_reminders.call_local() == {"reminded": 1, "expired": 0}
        assert appointment_reminders.call_local() == {"reminded": 0, "expired": 0}


def test_the_desk_cannot_act_on_an_unverified_request(app, frozen):
    """Until its e-mail address is confirmed, is a public request out of the desk's reach?"""
    with app.test_request_context():
        made = requests.request_from_public(ask(), "fi")
        with pytest.raises(AppointmentError) as refused:
            booking.confirm(made.id, WED, make_staff())
    assert refused.value.code == "wrong_state"
    assert Appointment.get_by_id(made.id).status == "unverified"


def test_the_list_costs_the_same_queries_for_one_or_many_visits(app, count_queries, frozen):
    from tests.factories import login

    tenant = make_tenant()
    make_appointment(tenant, flat=tenant.flat)
    client = app.test_client()
    login(client, tenant)
    with count_queries() as one:
        assert client.get("/my/appointments/").status_code == 200
    staff = make_staff()
    visits = [make_appointment(tenant, flat=tenant.flat) for _ in range(5)]
    with app.test_request_context():
        booking.confirm(visits[0].id, THU, staff)
        booking.confirm(visits[1].id, WED, staff)
        booking.cancel(Appointment.get_by_id(visits[1].id))
    with count_queries() as many:
        assert client.get("/my/appointments/").status_code == 200
    assert one.count == many.count

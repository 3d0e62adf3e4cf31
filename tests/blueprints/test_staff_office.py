"""The desk's office pages through HTTP with CSRF on: the calendar, a request's answers and
their refusals (said next to the field, nothing changed), closing a day, outcomes, requests
filed by hand, the identification at a visit; staff only; constant queries."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine

from heka_asoy import create_app
from heka_asoy.domain.office_hours import HELSINKI
from heka_asoy.models import Appointment, Identification, MessageThread, OfficeClosure, OutboxMail
from heka_asoy.services import mailbox
from tests.conftest import _fresh_g_per_request
from tests.factories import (
    PASSWORD,
    make_appointment,
    make_resident,
    make_staff,
    make_tenant,
    office_mail,
    office_visit,
)

#: Tuesday 1 December 2026, 10:00 in Helsinki.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=HELSINKI)
WED = date(2026, 12, 2)
THU = date(2026, 12, 3)
WED_9 = "20261202-0700"  # the slot value: its UTC start


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HELSINKI)


@pytest.fixture
def strict_app(app_config):
    """The app with CSRF on, as a browser meets it."""
    app_config.update(WTF_CSRF_ENABLED=True)
    app = create_app(app_config)
    _fresh_g_per_request(app)
    with app.app_context():
        yield app
    app.config["DATABASE"].close()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


class Desk:
    """A logged-in client that sends the session's CSRF token with every form."""

    def __init__(self, app, user):
        self.client = app.test_client()
        login_page = self.client.get("/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
        answer = self.client.post(
            "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
        assert answer.status_code == 302
        self.token = TOKEN.search(self.client.get("/staff/").text).group(1)

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post(self, url, data=None, **kw):
        return self.client.post(url, data={**(data or {}), "csrf_token": self.token}, **kw)


@pytest.fixture
def desk(strict_app, frozen):
    return Desk(strict_app, make_staff())


def test_the_desk_confirms_a_waiting_request(desk):
    """Is the request on the week's waiting list, its page offering free slots, and does
    confirming one mail the person and put the visit in the calendar?"""
    visit = make_appointment(name="Wilma Waiting", preferred_days="wed")
    week = desk.get("/staff/office/")
    assert week.status_code == 200
    assert "Wilma Waiting" in week.text
    page = desk.get(f"/staff/office/requests/{visit.id}")
    assert f'value="{WED_9}"' in page.text
    assert "a preferred day" in page.text
    done = desk.post(f"/staff/office/requests/{visit.id}/confirm", {"confirm-slot": WED_9})
    assert done.status_code == 302
    visit = Appointment.get_by_id(visit.id)
    assert visit.status == "confirmed"
    assert OutboxMail.get(OutboxMail.recipient == visit.email).kind == "appointment_event"
    day = desk.get(f"/staff/office/day?day={WED.isoformat()}")
    assert "Wilma Waiting" in day.text
    assert "1 desk free" in day.text
    assert "Confirmed" in desk.get(f"/staff/office/requests/{visit.id}").text


def test_confirm_into_a_full_slot_says_so(desk):
    office_visit(at(WED, 9))
    office_visit(at(WED, 9), desk=2)
    visit = make_appointment()
    answer = desk.post(f"/staff/office/requests/{visit.id}/confirm", {"confirm-slot": WED_9})
    assert answer.status_code == 422
    assert "Every desk is taken at that time." in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert Appointment.get_by_id(visit.id).status == "requested"
    assert OutboxMail.select().count() == 0


@pytest.mark.parametrize(
    "slot",
    [
        "20261208-0700",  # Tuesday 8 December 9:00: walk-in, never booked
        "20261224-1000",  # Christmas Eve, a Thursday, 12:00
        "20261209-0700",  # Wednesday 9 December, closed by the desk below
        "20261202-1000",  # Wednesday 12:00, after the appointment hours
        "nonsense",
    ],
)
@pytest.mark.parametrize("action", ["confirm", "propose"])
def test_a_time_outside_the_offered_slots_cannot_be_chosen(desk, slot, action):
    OfficeClosure.create(day=date(2026, 12, 9), reason="Koulutus")
    visit = make_appointment()
    answer = desk.post(f"/staff/office/requests/{visit.id}/{action}", {f"{action}-slot": slot})
    assert answer.status_code == 422
    assert "That time cannot be booked." in answer.text
    visit = Appointment.get_by_id(visit.id)
    assert (visit.status, visit.slot_key) == ("requested", None)


def test_propose_keeps_the_slot_for_the_person(desk):
    visit = make_appointment()
    assert (
        desk.post(f"/staff/office/requests/{visit.id}/propose", {"propose-slot": WED_9}).status_code
        == 302
    )
    visit = Appointment.get_by_id(visit.id)
    assert visit.status == "proposed"
    assert visit.slot_key is not None
    assert "Time proposed" in desk.get("/staff/office/waiting").text


def test_decline_needs_a_reason(desk):
    visit = make_appointment()
    empty = desk.post(f"/staff/office/requests/{visit.id}/decline", {"decline-reason": "  "})
    assert empty.status_code == 422
    assert "Write the reason." in empty.text
    assert Appointment.get_by_id(visit.id).status == "requested"
    assert OutboxMail.select().count() == 0
    done = desk.post(
        f"/staff/office/requests/{visit.id}/decline",
        {"decline-reason": "Isännöinnin asiat sovitaan puhelimessa."},
    )
    assert done.status_code == 302
    visit = Appointment.get_by_id(visit.id)
    assert visit.status == "declined"
    assert "Isännöinnin asiat" in OutboxMail.get().body_text


@pytest.mark.parametrize(
    ("lang", "summary"), [("fi", "Tarkista seuraavat kohdat"), ("sv", "Kontrollera följande")]
)
def test_a_refusal_is_said_in_the_users_language(desk, lang, summary):
    """Is the refused decline's page in the desk worker's language, the error next to the
    field in that language's words (whatever the catalog says for the msgid)?"""
    from flask_babel import force_locale, gettext

    visit = make_appointment()
    desk.client.set_cookie("lang", lang)
    answer = desk.post(f"/staff/office/requests/{visit.id}/decline", {"decline-reason": ""})
    assert answer.status_code == 422
    assert f'<html lang="{lang}">' in answer.text
    assert summary in answer.text
    with force_locale(lang):
        expected = gettext("Write the reason.")
    error = re.search(r'id="decline-reason-error">(.*?)</div>', answer.text, re.S).group(1)
    assert expected in error
    assert Appointment.get_by_id(visit.id).status == "requested"


def test_close_a_day_refused_while_visits_hold_times(desk):
    visit = office_visit(at(WED, 10))
    refused = desk.post("/staff/office/day/close", {"day": WED.isoformat(), "reason": "Sairaus"})
    assert refused.status_code == 422
    assert "Visits still have times that day." in refused.text
    assert OfficeClosure.select().count() == 0
    cancel = desk.post(f"/staff/office/requests/{visit.id}/cancel", {"cancel-reason": "Sairaus"})
    assert cancel.status_code == 302
    assert Appointment.get_by_id(visit.id).status == "cancelled"
    no_reason = desk.post("/staff/office/day/close", {"day": WED.isoformat(), "reason": ""})
    assert no_reason.status_code == 422
    assert "Write the reason." in no_reason.text
    closed = desk.post("/staff/office/day/close", {"day": WED.isoformat(), "reason": "Sairaus"})
    assert closed.status_code == 302
    page = desk.get(f"/staff/office/day?day={WED.isoformat()}")
    assert "The desk closed the office for appointments." in page.text
    assert "Sairaus" in page.text
    assert desk.post("/staff/office/day/reopen", {"day": WED.isoformat()}).status_code == 302
    assert OfficeClosure.select().count() == 0


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-12-08", "The office takes no appointments that day."),
        ("2026-11-25", "The day has already passed."),
    ],
)
def test_close_a_walk_in_or_past_day_is_refused(desk, day, message):
    answer = desk.post("/staff/office/day/close", {"day": day, "reason": "Syy"})
    assert answer.status_code == 422
    assert message in answer.text
    assert OfficeClosure.select().count() == 0


def test_outcome_only_after_the_start(desk):
    visit = office_visit(at(WED, 9))
    early = desk.post(f"/staff/office/requests/{visit.id}/outcome", {"outcome": "came"})
    assert early.status_code == 422
    assert "The visit has not started yet." in early.text
    assert Appointment.get_by_id(visit.id).status == "confirmed"
    last_week = date(2026, 11, 25)
    past = office_visit(at(last_week, 9), name="Pekka Past")
    day = desk.get(f"/staff/office/day?day={last_week.isoformat()}")
    assert 'value="came"' in day.text
    came = desk.post(
        f"/staff/office/requests/{past.id}/outcome", {"outcome": "no_show", "back": "day"}
    )
    assert came.status_code == 302
    assert came.headers["Location"].endswith(f"/staff/office/day?day={last_week.isoformat()}")
    assert Appointment.get_by_id(past.id).status == "no_show"
    assert "Marked: Pekka Past did not come." in desk.get(came.headers["Location"]).text


def test_outcome_by_htmx_swaps_the_visits_card(desk):
    last_week = date(2026, 11, 25)
    past = office_visit(at(last_week, 9), name="Pekka Past")
    answer = desk.post(
        f"/staff/office/requests/{past.id}/outcome",
        {"outcome": "came", "back": "day"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert "<html" not in answer.text
    card = re.search(rf'<li class="office-visit" id="visit-{past.id}"[^>]*>', answer.text)
    assert "data-focus-after-swap" in card.group(0)
    assert Appointment.get_by_id(past.id).status == "came"
    assert "Marked:" not in desk.get("/staff/office/").text  # no flash left for later


def test_forms_need_the_csrf_token(desk):
    visit = make_appointment()
    answer = desk.client.post(
        f"/staff/office/requests/{visit.id}/confirm", data={"confirm-slot": WED_9}
    )
    assert answer.status_code == 400
    assert Appointment.get_by_id(visit.id).status == "requested"


def _office_urls(app):
    visit = make_appointment()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("staff_office."):
            url = rule.rule.replace("<int:appointment_id>", str(visit.id))
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield method, url


def test_every_office_url_is_for_staff_only(strict_app, frozen):
    """Does a resident get 403 and an anonymous visitor the login page at every office URL,
    with nothing changed?"""
    tenant = Desk.__new__(Desk)
    tenant.client = strict_app.test_client()
    user = make_tenant()
    page = tenant.client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    tenant.client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    tenant.token = TOKEN.search(tenant.client.get("/my/").text).group(1)
    anonymous = strict_app.test_client()
    urls = list(_office_urls(strict_app))
    assert len(urls) >= 12
    for method, url in urls:
        if method == "GET":
            assert tenant.get(url).status_code == 403, url
            answer = anonymous.get(url)
        else:
            assert tenant.post(url, {"reason": "x", "day": "2026-12-03"}).status_code == 403, url
            answer = anonymous.post(url)
        assert answer.status_code in (302, 400), url
        if answer.status_code == 302:
            assert "/login" in answer.headers["Location"]
    assert Appointment.select().where(Appointment.status != "requested").count() == 0
    assert OfficeClosure.select().count() == 0


def test_calendar_queries_do_not_grow_with_appointments(strict_app, frozen, count_queries):
    desk_client = Desk(strict_app, make_staff())

    def queries(path):
        desk_client.get(path)
        with count_queries() as counter:
            assert desk_client.get(path).status_code == 200
        return counter.count

    first = make_appointment()
    pages = (
        "/staff/office/",
        f"/staff/office/day?day={WED.isoformat()}",
        "/staff/office/waiting",
        f"/staff/office/requests/{first.id}",
    )
    office_visit(at(WED, 9))
    few = [queries(p) for p in pages]
    for n, (minutes, desk) in enumerate((m, d) for m in (30, 60, 90) for d in (1, 2)):
        office_visit(at(WED, 9 + minutes // 60, minutes % 60), desk=desk, name=f"Visit {n}")
        office_visit(at(THU, 12 + minutes // 60, minutes % 60), desk=desk, name=f"Thu {n}")
        make_appointment(name=f"Waiting {n}")
        make_appointment(name=f"Proposed {n}", status="proposed")
    assert [queries(p) for p in pages] == few


def test_htmx_week_navigation_gets_the_calendar_only(desk):
    answer = desk.get("/staff/office/?week=2026-12-07", headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert "<html" not in answer.text
    assert 'id="calendar"' in answer.text
    assert "Week 50" in answer.text


def test_file_a_phone_request_by_hand(desk):
    bad = desk.post(
        "/staff/office/requests/new",
        {"name": "Ville Virta", "email": "not-an-address", "reason": "keys", "language": "sv"},
    )
    assert bad.status_code == 422
    assert "Check the e-mail address." in bad.text
    assert Appointment.select().count() == 0
    done = desk.post(
        "/staff/office/requests/new",
        {
            "name": "Ville Virta",
            "email": "ville@example.fi",
            "phone": "040 123",
            "reason": "keys",
            "language": "sv",
            "details": "Soitti torstaina.",
        },
    )
    assert done.status_code == 302
    visit = Appointment.get()
    assert (visit.source, visit.status, visit.language, visit.reason) == (
        "staff",
        "requested",
        "sv",
        "keys",
    )


def test_file_any_mailbox_mail_as_a_request(desk):
    mailbox.take(office_mail("Kysymys", "Voinko tulla allekirjoittamaan?"))
    thread = MessageThread.get()
    assert (
        "File this mail as an office appointment request"
        in desk.get(f"/staff/mailbox/{thread.id}").text
    )
    assert (
        f"/staff/office/requests/new?thread={thread.id}"
        in desk.get(f"/staff/messages/{thread.id}").text
    )
    form = desk.get(f"/staff/office/requests/new?thread={thread.id}")
    assert 'value="maija.meikalainen@example.org"' in form.text
    assert "allekirjoittamaan" in form.text
    data = {
        "name": "Maija Meikäläinen",
        "email": "maija.meikalainen@example.org",
        "reason": "lease",
        "language": "fi",
        "thread": str(thread.id),
    }
    assert desk.post("/staff/office/requests/new", data).status_code == 302
    visit = Appointment.get()
    assert visit.source == "email"
    assert visit.intake_ref.endswith("@example.org>")
    again = desk.post("/staff/office/requests/new", data)
    assert again.status_code == 422
    assert "This mail is already an appointment request." in again.text
    assert Appointment.select().count() == 1
    assert desk.get("/staff/office/requests/new?thread=999999").status_code == 404


def test_identification_picks_todays_visit_and_the_calendar_shows_it(desk):
    resident = make_resident(first_names="Iida", last_name="Itkonen", email="iida@example.fi")
    visit = office_visit(at(date(2026, 12, 1), 9, 30), email="iida@example.fi", name="Iida")
    page = desk.get("/staff/identification?q=Itkonen")
    assert 'name="appointment_id"' in page.text
    assert f'<option value="{visit.id}">' in page.text
    answer = desk.post(
        "/staff/identification",
        {
            "resident_id": str(resident.id),
            "document_type": "passport",
            "appointment_id": str(visit.id),
        },
    )
    assert answer.status_code == 200
    assert Appointment.get_by_id(visit.id).identification_id == Identification.get().id
    day = desk.get("/staff/office/day?day=2026-12-01")
    assert "Identified at the visit (Passport)" in day.text


def test_the_staff_home_links_the_calendar_with_the_waiting_count(desk):
    make_appointment()
    make_appointment()
    home = desk.get("/staff/")
    assert "/staff/office/" in home.text
    assert "2 requests wait for a time." in home.text

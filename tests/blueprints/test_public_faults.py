"""The public fault form (no login): urgent numbers first, confirmation by mail, no register data
shown, and bots and double submits kept out."""

from __future__ import annotations

import io
import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from PIL import Image

from heka_asoy import tasks
from heka_asoy.domain import faults as rules
from heka_asoy.models import FaultPhoto, FaultReport, OutboxMail, Token
from tests.factories import make_company, make_flat, make_lease, make_resident

HX = {"HX-Request": "true"}

HELSINKI = ZoneInfo("Europe/Helsinki")
TUESDAY_10 = datetime(2025, 3, 11, 10, 0, tzinfo=HELSINKI)
TUESDAY_EVENING = datetime(2025, 3, 11, 19, 0, tzinfo=HELSINKI)
SATURDAY_10 = datetime(2025, 3, 15, 10, 0, tzinfo=HELSINKI)
INDEPENDENCE_DAY_10 = datetime(2024, 12, 6, 10, 0, tzinfo=HELSINKI)  # a Friday, a holiday

DAY_NUMBER = "09 5767 3000"
ONCALL_NUMBER = "09 5767 3100"


def _flat_with_resident(first="Maija Liisa", last="Rekisterinen"):
    resident = make_resident(first_names=first, last_name=last)
    flat = make_flat()
    make_lease(flat, [resident])
    return flat, resident


def _data(target, **overrides) -> dict:
    data = {
        "building": str(target.building_id),
        "flat": str(target.id),
        "name": "Maija Rekisterinen",
        "email": "maija@example.fi",
        "phone": "040 123 4567",
        "category": "doors_windows.balcony",
        "location": "kitchen",
        "description": "The door to the balcony does not close properly.",
        "master_key_allowed": "yes",
        "pets": "a cat",
        "visiting_times": "weekdays after 15",
        "client_token": uuid.uuid4().hex,
    }
    data.update(overrides)
    return data


def _post(client, data, **kw):
    return client.post("/report-fault/", data=data, content_type="multipart/form-data", **kw)


def _confirm_link(report: FaultReport) -> str:
    mail = OutboxMail.get(
        (OutboxMail.kind == "fault_confirm") & (OutboxMail.recipient == report.reporter_email)
    )
    match = re.search(r"http://localhost(/report-fault/confirm/\S+)", mail.body_text)
    assert match, mail.body_text
    return match.group(1)


# --- the urgent numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "number"),
    [(TUESDAY_10, DAY_NUMBER), (SATURDAY_10, ONCALL_NUMBER), (INDEPENDENCE_DAY_10, ONCALL_NUMBER)],
    ids=["tuesday-10", "saturday", "public-holiday"],
)
def test_form_shows_the_urgent_number_of_the_moment_before_the_form(app, client, moment, number):
    """Does the page say urgent faults are phoned, with the number that applies now, before the
    form, and both numbers with their hours?"""
    make_flat()
    with time_machine.travel(moment, tick=False):
        page = client.get("/report-fault/").get_data(as_text=True)
    block = page.index("Urgent faults are phoned, never only filed")
    assert block < page.index("<form")
    assert block < page.index('name="description"')
    right_now = page[block:].split("Right now call", 1)[1][:200]
    assert number in right_now
    other = ONCALL_NUMBER if number == DAY_NUMBER else DAY_NUMBER
    assert other not in right_now.split("</p>")[0]
    assert DAY_NUMBER in page[block:]
    assert ONCALL_NUMBER in page[block:]


# --- urgency stops the form -----------------------------------------------------------------------


def test_urgent_description_is_stopped_until_acknowledged(app, client):
    """Does a description that sounds urgent stop the form (nothing saved) with the alert and the
    checkbox, and go through once the reporter ticks that it is not urgent?"""
    flat, _ = _flat_with_resident()
    data = _data(flat, description="Vesi vuotaa lattialle keittiössä")
    stopped = _post(client, data)
    assert stopped.status_code == 200
    text = stopped.get_data(as_text=True)
    assert 'role="alert"' in text
    assert "This looks like an urgent fault" in text
    assert "vesi vuotaa" in text
    assert 'name="urgent_acknowledged"' in text
    assert "Vesi vuotaa lattialle" in text  # the rest of the form is kept
    assert FaultReport.select().count() == 0
    assert OutboxMail.select().count() == 0

    # an urgent category alone stops too
    by_category = _post(client, _data(flat, category="electricity.no_power"))
    assert by_category.status_code == 200
    assert 'name="urgent_acknowledged"' in by_category.get_data(as_text=True)
    assert FaultReport.select().count() == 0

    sent = _post(client, {**data, "urgent_acknowledged": "y"})
    assert sent.status_code == 303
    assert FaultReport.select().count() == 1


def test_urgency_check_endpoint_for_htmx(app, client):
    """Does the HTMX check answer the alert for urgent text, nothing otherwise, and 204 when the
    page already shows the same alert?"""
    urgent = client.post(
        "/report-fault/check-urgency",
        data={"description": "There is water on the floor", "category": ""},
        headers={"HX-Request": "true"},
    )
    assert urgent.status_code == 200
    body = urgent.get_data(as_text=True)
    assert 'role="alert"' in body
    assert "water on the floor" in body
    assert "<html" not in body
    shown = re.search(r'name="urgent_shown" value="([^"]*)"', body).group(1)
    again = client.post(
        "/report-fault/check-urgency",
        data={"description": "There is water on the floor", "urgent_shown": shown},
        headers={"HX-Request": "true"},
    )
    assert again.status_code == 204
    calm = client.post(
        "/report-fault/check-urgency",
        data={"description": "The fridge door squeaks", "category": "appliances.fridge"},
        headers={"HX-Request": "true"},
    )
    assert calm.status_code == 200
    assert calm.get_data(as_text=True).strip() == ""
    page = client.get("/report-fault/").get_data(as_text=True)
    assert 'data-hx-post="/report-fault/check-urgency"' in page
    assert 'data-hx-target="#urgent-warning"' in page
    assert 'id="urgent-warning"' in page


# --- confirmation by mail -------------------------------------------------------------------------


def test_matching_name_goes_to_maintenance_after_confirmation(app, client, smtp_server):
    """Does a report whose name matches the register wait for the mailed link (a real SMTP server
    carries it) and then go to maintenance at once in office hours?"""
    with time_machine.travel(TUESDAY_10, tick=False):
        flat, resident = _flat_with_resident()
        response = _post(client, _data(flat, email="Maija@Example.fi"))
        assert response.status_code == 303
        assert response.headers["Location"].endswith("/report-fault/sent?who=housing_company")
        report = FaultReport.get()
        assert report.status == "unconfirmed"
        assert report.is_public
        assert report.reporter_email == "maija@example.fi"

        messages = smtp_server.to("maija@example.fi")
        assert len(messages) == 1
        body = messages[0].get_body(("plain",)).get_content()
        link = re.search(r"http://localhost(/report-fault/confirm/\S+)", body).group(1)
        assert "door to the balcony" not in body  # nothing typed by the sender is mailed back

        confirmed = client.get(link)
        assert confirmed.status_code == 303
        assert confirmed.headers["Location"].endswith("/report-fault/confirmed")
        assert client.get(link).status_code == 410  # the link is spent
        page = client.get("/report-fault/confirmed")
        assert "Thank you, your report was received" in page.get_data(as_text=True)
        report = FaultReport.get_by_id(report.id)
        assert report.matches_register
        assert report.status == "sent_to_maintenance"
        assert report.confirmed_at is not None


def test_matching_name_outside_office_hours_waits_for_the_opening(app, client):
    """Confirmed on a Tuesday evening, does the matching report wait in "received" until the next
    desk opening?"""
    with time_machine.travel(TUESDAY_EVENING, tick=False):
        flat, _ = _flat_with_resident()
        assert _post(client, _data(flat)).status_code == 303
        report = FaultReport.get()
        assert client.get(_confirm_link(report)).status_code == 303
        report = FaultReport.get_by_id(report.id)
        assert report.status == "received"
        opening = datetime(2025, 3, 12, 9, 0, tzinfo=HELSINKI)
        assert report.forward_after.replace(tzinfo=ZoneInfo("UTC")) == opening


def test_unmatched_name_goes_to_review_with_the_same_page(app, client):
    """Does a name not in the register land in review, with word for word the same thank-you
    page as a matching one?"""
    with time_machine.travel(TUESDAY_10, tick=False):
        flat, resident = _flat_with_resident()
        _post(client, _data(flat, name="Matti Muukalainen", email="matti@example.fi"))
        _post(client, _data(flat))
        stranger = FaultReport.get(FaultReport.reporter_email == "matti@example.fi")
        tenant = FaultReport.get(FaultReport.reporter_email == "maija@example.fi")
        unmatched = client.get(_confirm_link(stranger), follow_redirects=True)
        matched = client.get(_confirm_link(tenant), follow_redirects=True)
    assert unmatched.status_code == matched.status_code == 200
    assert unmatched.request.path == matched.request.path == "/report-fault/confirmed"
    unmatched, matched = unmatched.get_data(as_text=True), matched.get_data(as_text=True)
    assert FaultReport.get_by_id(stranger.id).status == "review"
    assert not FaultReport.get_by_id(stranger.id).matches_register
    assert FaultReport.get_by_id(tenant.id).status == "sent_to_maintenance"
    strip = re.compile(r'name="csrf_token" value="[^"]*"|"X-CSRFToken": "[^"]*"')
    assert strip.sub("", unmatched) == strip.sub("", matched)
    assert resident.last_name not in unmatched


@pytest.fixture
def job_queue():
    """The app's real huey queue, holding jobs (in memory) instead of running each one at once
    inside the request as the tests' immediate mode does; ``run()`` works through the held jobs
    as the consumer would. (The private flag, not the ``immediate`` setter: the setter would open
    the instance folder's queue file.)"""
    from huey.storage import MemoryStorage

    huey = tasks.huey
    saved = huey._immediate, huey.storage
    huey._immediate = False
    huey.storage = MemoryStorage(huey.name)

    class Queue:
        @staticmethod
        def run() -> int:
            done = 0
            while (task := huey.dequeue()) is not None:
                huey.execute(task)
                done += 1
            return done

    try:
        yield Queue
    finally:
        huey._immediate, huey.storage = saved


def _as_seen(text: str) -> str:
    """A page or mail without what differs between any two reports: report numbers, link
    tokens, the sender's own address, form tokens."""
    text = re.sub(r"/report-fault/confirm/[\w-]+", "/report-fault/confirm/TOKEN", text)
    text = re.sub(r"(report|raportti|anmälan|ilmoitus)( |&nbsp;)\d+", r"\1 N", text, flags=re.I)
    text = re.sub(r"[\w.]+@example\.fi", "SENDER", text)
    return re.sub(r'name="csrf_token" value="[^"]*"|"X-CSRFToken": "[^"]*"', "", text)


def test_a_resident_and_a_stranger_meet_the_same_answers(app, client, smtp_server, count_queries,
                                                         job_queue):
    """Filing for a flat with the name of someone who lives there, or with any other name: are
    the pages, the redirects, every mail and the work done while the sender waits for the
    confirmation the same, so that the form tells nobody who lives where? (Behind the scenes the
    first goes to maintenance and the second to the desk's review.)"""
    with time_machine.travel(TUESDAY_10, tick=False):
        flat, _ = _flat_with_resident()
        senders = {
            "resident": _data(flat, email="resident@example.fi"),
            "stranger": _data(flat, name="Matti Muukalainen", email="stranger@example.fi"),
        }
        seen = {}
        for who, data in senders.items():
            posted = _post(client, data)
            sent = client.get(posted.headers["Location"])
            job_queue.run()  # the outbox: the confirmation link
            report = FaultReport.get(FaultReport.reporter_email == data["email"])
            with count_queries() as confirming:
                confirmed = client.get(_confirm_link(report))
            thanks = client.get(confirmed.headers["Location"])
            job_queue.run()  # the routing, the outbox
            mails = smtp_server.to(data["email"])
            seen[who] = {
                "post": (posted.status_code, posted.headers["Location"]),
                "sent": (sent.status_code, _as_seen(sent.get_data(as_text=True))),
                "confirm": (confirmed.status_code, confirmed.headers["Location"]),
                "queries while confirming": confirming.count,
                "thanks": (thanks.status_code, _as_seen(thanks.get_data(as_text=True))),
                "mails": [
                    (
                        _as_seen(str(m["Subject"])),
                        _as_seen(m.get_body(("plain",)).get_content()),
                        _as_seen(m.get_body(("html",)).get_content()),
                    )
                    for m in mails
                ],
            }
    resident = FaultReport.get(FaultReport.reporter_email == "resident@example.fi")
    stranger = FaultReport.get(FaultReport.reporter_email == "stranger@example.fi")
    assert (resident.status, resident.matches_register) == (rules.SENT_TO_MAINTENANCE, True)
    assert (stranger.status, stranger.matches_register) == (rules.REVIEW, False)
    assert len(seen["resident"]["mails"]) == 2  # the link, the receipt
    assert seen["resident"] == seen["stranger"]


def test_a_confirmed_report_whose_job_never_ran_is_routed_by_the_sweep(app, client, job_queue):
    """If the routing job is lost (the queue was down), does the minute sweep route the confirmed
    report, once?"""
    with time_machine.travel(TUESDAY_10, tick=False):
        flat, _ = _flat_with_resident()
        _post(client, _data(flat))
        client.get(_confirm_link(FaultReport.get()))
        tasks.huey.flush()  # every held job lost
        assert FaultReport.get().status == rules.UNCONFIRMED
        tasks.route_confirmed_reports.call_local()
        assert FaultReport.get().status == rules.SENT_TO_MAINTENANCE
        events = FaultReport.get().events.count()
        tasks.route_confirmed_reports.call_local()
    assert FaultReport.get().events.count() == events


def test_used_expired_and_forged_confirmation_links_are_refused(app, client):
    """Is a used link refused (410), an expired one refused without changing the report (410), and
    a forged one 404?"""
    flat, _ = _flat_with_resident()
    _post(client, _data(flat))
    _post(client, _data(flat, email="toinen@example.fi"))
    first = FaultReport.get(FaultReport.reporter_email == "maija@example.fi")
    second = FaultReport.get(FaultReport.reporter_email == "toinen@example.fi")

    link = _confirm_link(first)
    assert client.get(link).status_code == 303
    used = client.get(link)
    assert used.status_code == 410
    assert "already been used" in used.get_data(as_text=True)

    late = _confirm_link(second)
    token = Token.select().order_by(Token.id.desc()).get()
    with time_machine.travel(token.expires_at + timedelta(seconds=1), tick=False):
        expired = client.get(late)
    assert expired.status_code == 410
    assert "expired" in expired.get_data(as_text=True)
    assert FaultReport.get_by_id(second.id).status == "unconfirmed"
    assert Token.get_by_id(token.id).used_at is None

    forged = client.get("/report-fault/confirm/not-a-real-token")
    assert forged.status_code == 404


# --- bots, double submits, bad photos ---------------------------------------------------------


def test_honeypot_pretends_success_and_saves_nothing(app, client):
    """Does a filled honeypot get the same "check your e-mail" answer with nothing saved or
    mailed, and is the honeypot hidden from people?"""
    flat, _ = _flat_with_resident()
    response = _post(client, _data(flat, website="http://spam.example"), follow_redirects=True)
    assert response.status_code == 200
    assert "Check your e-mail to confirm the report" in response.get_data(as_text=True)
    assert FaultReport.select().count() == 0
    assert OutboxMail.select().count() == 0
    page = client.get("/report-fault/").get_data(as_text=True)
    honeypot = re.search(r'<input[^>]*name="website"[^>]*>', page).group(0)
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot
    assert "Leave this empty" in page


def test_double_submit_makes_one_report(app, client):
    """Does sending the same filled-in form twice (same client token) make one report and one
    mail?"""
    flat, _ = _flat_with_resident()
    page = client.get("/report-fault/").get_data(as_text=True)
    token = re.search(r'name="client_token"[^>]*value="([0-9a-f]{32})"', page)
    token = token or re.search(r'value="([0-9a-f]{32})"[^>]*name="client_token"', page)
    data = _data(flat, client_token=token.group(1))
    assert _post(client, data).status_code == 303
    assert _post(client, dict(data)).status_code == 303
    assert FaultReport.select().count() == 1
    assert OutboxMail.select().where(OutboxMail.kind == "fault_confirm").count() == 1


def test_malformed_photo_gives_an_error_and_keeps_the_form(app, client):
    """Is a text file named x.jpg refused next to the photos field, naming the photo, with the
    rest of the form kept and nothing saved?"""
    flat, _ = _flat_with_resident()
    data = _data(flat, photos=[(io.BytesIO(b"this is not a picture at all"), "x.jpg")])
    response = _post(client, data)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    error = re.search(r'id="photos-error".*?</div>', text, re.S).group(0)
    assert "1" in error
    assert "not an image" in error or "damaged" in error or "kind" in error
    assert "Choose the photos again" in error
    assert "The door to the balcony does not close properly." in text
    assert 'value="040 123 4567"' in text
    assert FaultReport.select().count() == 0
    assert FaultPhoto.select().count() == 0
    assert OutboxMail.select().count() == 0


def test_oversized_and_too_many_photos_are_refused(app, client):
    """Is a photo over 10 MB refused by its number (without saving anything), and are six photos
    refused before any is decoded?"""
    flat, _ = _flat_with_resident()
    good = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(good, "JPEG")
    big = b"\xff\xd8\xff" + b"\0" * (10 * 1024 * 1024)
    response = _post(
        client,
        _data(flat, photos=[(io.BytesIO(good.getvalue()), "a.jpg"), (io.BytesIO(big), "b.jpg")]),
    )
    assert response.status_code == 200
    error = re.search(r'id="photos-error".*?</div>', response.get_data(as_text=True), re.S)
    assert "Photo 2 is too large" in error.group(0)
    six = [(io.BytesIO(b"x"), f"{n}.jpg") for n in range(6)]
    response = _post(client, _data(flat, photos=six))
    assert "at most 5 photos" in response.get_data(as_text=True)
    assert FaultReport.select().count() == 0
    assert FaultPhoto.select().count() == 0


def test_missing_fields_keep_the_form_and_save_nothing(app, client):
    """Do missing fields (and a flat of another address) give errors and save nothing?"""
    flat, _ = _flat_with_resident()
    other = make_flat()
    response = _post(
        client, _data(flat, phone="", master_key_allowed="", flat=str(other.id), description="")
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert 'id="phone-error"' in text
    assert 'id="description-error"' in text
    assert 'id="flat-error"' in text
    assert 'id="master_key_allowed-error"' in text
    assert FaultReport.select().count() == 0


@pytest.fixture
def limited_config(app_config):
    app_config.update(RATELIMIT_ENABLED=True, PUBLIC_FAULT_LIMIT="2 per hour")
    return app_config


def test_rate_limit_per_address(limited_config, app, client):
    """After the limit of filed reports from one address, is the next one refused with 429
    while mistakes in the form did not count?"""
    flat, _ = _flat_with_resident()
    assert _post(client, _data(flat, phone="")).status_code == 200  # a mistake: not counted
    assert _post(client, _data(flat)).status_code == 303
    assert _post(client, _data(flat)).status_code == 303
    assert _post(client, _data(flat)).status_code == 429
    assert FaultReport.select().count() == 2
    assert client.get("/report-fault/").status_code == 200  # reading the form is not limited


# --- addresses and flats -----------------------------------------------------------------------


def test_flats_endpoint_returns_only_the_block_for_htmx(app, client):
    """Does choosing an address swap in that address's flats (only the block for HTMX, the whole
    page without it)?"""
    company = make_company(street_address="Kuusikuja 12")
    flat_a = make_flat(company, number="B 10")
    flat_b = make_flat(company, number="B 2")
    elsewhere = make_flat(number="Z 99")
    response = client.get(
        f"/report-fault/flats?building={flat_a.building_id}", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<html" not in text
    assert 'id="flat-select"' in text
    assert text.index("B 2") < text.index("B 10")  # natural order
    assert elsewhere.number not in text
    assert f'value="{flat_b.id}"' in text

    full = client.get(f"/report-fault/flats?building={flat_a.building_id}").get_data(as_text=True)
    assert "<html" in full
    assert "B 10" in full

    page = client.get("/report-fault/?address=kuusikuja").get_data(as_text=True)
    results = page[page.index('id="address-results"') :]
    assert results.startswith('id="address-results" data-hx-get="/report-fault/flats"')
    assert 'data-hx-target="#flat-select"' in results[:300]
    assert "Kuusikuja 12, 00500" in results
    assert f'value="{flat_a.building_id}"' in results


def test_without_javascript_the_page_shows_the_chosen_addresss_flats(app, client):
    """Does the no-script "show the flats" button re-render the page with the flats, keeping what
    was typed and showing no errors?"""
    flat, _ = _flat_with_resident()
    response = _post(
        client, {"building": str(flat.building_id), "description": "Ovi narisee", "show_flats": "1"}
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'value="{flat.id}"' in text
    assert "Ovi narisee" in text
    assert "Check the following" not in text
    assert FaultReport.select().count() == 0


def test_public_pages_never_show_register_data(app, client):
    """Do the form, the flats block, the sent page and the confirmation page never show a
    resident's name from the register?"""
    flat, resident = _flat_with_resident(first="Salainen", last="Asukasnimi")
    pages = [
        client.get("/report-fault/"),
        client.get(f"/report-fault/?building={flat.building_id}"),
        client.get(f"/report-fault/flats?building={flat.building_id}", headers={"HX-Request": "1"}),
        _post(client, _data(flat, name="Joku Muu"), follow_redirects=True),
    ]
    report = FaultReport.get()
    pages.append(client.get(_confirm_link(report), follow_redirects=True))
    pages.append(client.get(_confirm_link(report)))  # used
    for page in pages:
        text = page.get_data(as_text=True)
        assert resident.last_name not in text
        assert "Salainen" not in text
    mail = OutboxMail.get(OutboxMail.kind == "fault_confirm")
    assert resident.last_name not in mail.body_text


def test_control_characters_are_dropped_from_every_field(app, client):
    """Is a report whose fields carry a NUL byte and other control characters filed (on PostgreSQL
    the NUL once failed the request) with them dropped, line breaks of the description kept?"""
    flat, _ = _flat_with_resident()
    data = _data(
        flat,
        name="Maija\x00 Rekisterinen\x1b",
        email="maija@example.fi\x00",
        location="kitchen\x85",
        description="The fridge\x00 door\r\ndoes not\x7f close.",
        pets="a cat\x00",
        visiting_times="weekdays\n after 15",
    )
    assert _post(client, data).status_code == 303
    report = FaultReport.get()
    assert report.reporter_name == "Maija Rekisterinen"
    assert report.reporter_email == "maija@example.fi"
    assert report.location == "kitchen"
    assert report.description == "The fridge door\r\ndoes not close."
    assert report.pets == "a cat"
    assert report.visiting_times == "weekdays after 15"


# --- finding the address ------------------------------------------------------------------------


def _radio_labels(page: str) -> list[str]:
    """The address choices shown, in order."""
    label = r'<label class="hds-radio-button__label" for="building-\d+">([^<]*)</label>'
    return re.findall(label, page)


def test_front_page_and_login_page_link_to_the_public_form(app, client):
    """Can someone without a username find the public fault form from the front page and from
    the login page?"""
    for path in ("/", "/login"):
        page = client.get(path).get_data(as_text=True)
        assert 'href="/report-fault/"' in page, path


def test_address_search_by_street_postal_code_or_company(app, client):
    """Does the search find buildings by any part of the street address (case ignored, also
    for letters like Ä), by the postal code, by the housing company's name and by several words,
    show nothing of other addresses, and show no address list before a search?"""
    make_flat(make_company(name="As Oy Kuusela", street_address="Kuusikuja 12"))
    make_flat(
        make_company(
            name="Bostads Ab Äppelgård", street_address="Äyräpääntie 3", postal_code="00560"
        )
    )
    make_flat(make_company(name="As Oy Mänty", street_address="Mäntytie 2", postal_code="00270"))

    def found(query: str) -> list[str]:
        return _radio_labels(client.get(f"/report-fault/?address={query}").get_data(as_text=True))

    assert found("KUUSI") == ["Kuusikuja 12, 00500 – As Oy Kuusela"]
    assert found("äyräpää") == ["Äyräpääntie 3, 00560 – Bostads Ab Äppelgård"]
    assert found("00270") == ["Mäntytie 2, 00270 – As Oy Mänty"]
    assert found("äppelgård") == ["Äyräpääntie 3, 00560 – Bostads Ab Äppelgård"]
    assert found("as oy 12") == ["Kuusikuja 12, 00500 – As Oy Kuusela"]
    assert found("tie") == [
        "Mäntytie 2, 00270 – As Oy Mänty",
        "Äyräpääntie 3, 00560 – Bostads Ab Äppelgård",
    ]
    assert found("Kuusikuja 99") == []
    assert "No address matches the search" in client.get("/report-fault/?address=zz").get_data(
        as_text=True
    )
    assert "Type at least 2" in client.get("/report-fault/?address=k").get_data(as_text=True)
    assert _radio_labels(client.get("/report-fault/").get_data(as_text=True)) == []


def test_address_search_is_capped_and_runs_the_same_queries_for_any_number_of_matches(
    app, client, count_queries
):
    """Are at most 20 addresses shown (saying there are more), in natural order, and does a
    search run the same number of queries whether one or thirty buildings match?"""
    for n in range(1, 31):
        make_flat(make_company(name=f"As Oy Koivu {n}", street_address=f"Koivukuja {n}"))
    make_flat(make_company(name="As Oy Haapa", street_address="Haapatie 1"))
    client.get("/report-fault/?address=haapa")  # warm: translations, templates
    with count_queries() as one:
        page = client.get("/report-fault/?address=haapa").get_data(as_text=True)
    assert _radio_labels(page) == ["Haapatie 1, 00500 – As Oy Haapa"]
    with count_queries() as thirty:
        page = client.get("/report-fault/?address=koivu").get_data(as_text=True)
    labels = _radio_labels(page)
    assert len(labels) == 20
    assert labels == sorted(labels, key=lambda t: int(re.search(r"Koivukuja (\d+)", t).group(1)))
    assert "More than 20 addresses match" in page
    assert one.count == thirty.count
    with count_queries() as live:
        part = client.get("/report-fault/addresses?address=koivu", headers=HX)
    assert live.count == thirty.count
    assert len(_radio_labels(part.get_data(as_text=True))) == 20


def test_live_search_answers_the_results_block_and_the_count(app, client):
    """Does the HTMX search answer only the results (radio buttons of the addresses) with the
    count for the page's live region, the whole page without HTMX, and is the search field wired
    to it and to the plain GET form?"""
    flat = make_flat(make_company(name="As Oy Kuusela", street_address="Kuusikuja 12"))
    part = client.get("/report-fault/addresses?address=kuusi", headers=HX).get_data(as_text=True)
    assert "<html" not in part
    radio = re.search(r'<input[^>]*name="building"[^>]*>', part).group(0)
    assert 'type="radio"' in radio
    assert f'value="{flat.building_id}"' in radio
    announce = r'<p id="address-announce" data-hx-swap-oob="innerHTML">1 address matches'
    assert re.search(announce, part)
    whole = client.get("/report-fault/addresses?address=kuusi").get_data(as_text=True)
    assert "<html" in whole
    assert "Kuusikuja 12" in whole
    page = client.get("/report-fault/").get_data(as_text=True)
    search_form = re.search(r'<form id="address-search"[^>]*>', page).group(0)
    assert 'method="get"' in search_form
    assert 'action="/report-fault/"' in search_form
    field = re.search(r'<input[^>]*name="address"[^>]*>', page).group(0)
    assert 'form="address-search"' in field
    assert 'data-hx-get="/report-fault/addresses"' in field
    assert "submit from:#address-search" in field
    assert 'type="search"' in field
    assert re.search(r'<button type="submit" form="address-search"[^>]*>Search</button>', page)
    assert '<label class="hds-text-input__label" for="address">' in page


def test_without_javascript_search_choose_and_show_the_flats(app, client):
    """Without JavaScript: does the GET search list the address, and does choosing it with the
    "show the flats" button show its flats, keeping what was typed?"""
    flat, _ = _flat_with_resident()
    building = flat.building
    page = client.get(f"/report-fault/?address={building.street_address}").get_data(as_text=True)
    assert f'value="{building.id}"' in page
    assert "Show the flats of this address" in page
    shown = _post(
        client, {"building": str(building.id), "description": "Ovi narisee", "show_flats": "1"}
    ).get_data(as_text=True)
    assert f'<option value="{flat.id}">{flat.number}</option>' in shown
    assert re.search(rf'checked[^>]*value="{building.id}"|value="{building.id}"[^>]*checked', shown)


def test_a_report_without_an_address_says_to_search_for_it(app, client):
    """Is a report sent without choosing an address (or with an address not in the register)
    refused with the error at the search field, linked from the summary, and nothing saved?"""
    flat, _ = _flat_with_resident()
    for building in ("", "999999", "99999999999999999999", "x\x00"):
        text = _post(client, _data(flat, building=building)).get_data(as_text=True)
        assert 'id="address-error"' in text
        assert "Search for the address and choose it from the results." in text
        assert 'href="#address"' in text
    assert FaultReport.select().count() == 0


def test_search_query_with_control_characters_is_answered(app, client):
    """Is a search with a NUL byte (refused by PostgreSQL) answered as without it?"""
    make_flat(make_company(street_address="Kuusikuja 12"))
    page = client.get("/report-fault/?address=kuusi%00kuja").get_data(as_text=True)
    assert "Kuusikuja 12" in page

"""Office appointments as people meet them, in Chromium against the live app (real CSRF, real
SMTP): a resident requests a visit from the resident pages by keyboard, the desk confirms it
(through ``booking.confirm``: the staff pages are built elsewhere), the resident opens the mailed
link, rebooks to another free time and then cancels it through the confirmation step, while the
old link is refused; a stranger's public request waits "unverified" until the mailed link is
opened. Axe runs on every page, in Finnish, Swedish and English, and the link page fits 390 px.

The real clock runs: the free times are the ones the office offers from now on.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from heka_asoy.domain.clock import helsinki_today
from heka_asoy.models import Appointment, OutboxMail
from heka_asoy.services.appointments import booking, links, slots
from tests.browser.a11y_helpers import check, log_in, no_horizontal_scroll, open_page, page_in
from tests.factories import PASSWORD, make_appointment, make_staff, make_tenant

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _path(page, path: str) -> None:
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+" + path + r"(\?[^#]*)?(#.*)?$"))


def _link_in_outbox(in_app, recipient: str, kind: str, path: str) -> str:
    """The newest link to ``path`` in the outbox mail of ``kind`` to ``recipient``."""
    with in_app():
        mail = (
            OutboxMail.select()
            .where((OutboxMail.recipient == recipient) & (OutboxMail.kind == kind))
            .order_by(OutboxMail.id.desc())
            .first()
        )
        assert mail is not None, f"no {kind} mail to {recipient}"
        body = mail.body_text
    found = re.search(r"http://127\.0\.0\.1:\d+" + path + r"\S+", body)
    assert found, f"no {path} link in: {body}"
    return found.group(0)


def _free_times(in_app, live_app, live_server, count: int = 4):
    with in_app(), live_app.test_request_context(base_url=live_server):
        today = helsinki_today()
        return slots.free_slots(today, today + timedelta(days=28))[:count]


def _confirm(in_app, live_app, live_server, appointment_id: int, when) -> None:
    """The desk confirms (the mail's link is built for the live server's host)."""
    with in_app(), live_app.test_request_context(base_url=live_server):
        booking.confirm(appointment_id, when, make_staff())


def test_request_confirm_rebook_and_cancel_by_keyboard(browsing, in_app, live_app, live_server):
    """Does a resident reach the form from the dashboard, send a request by keyboard and see it
    "received"; once the desk confirms, does the mailed link show the visit and the free times
    by day, move the visit to another time (the old link then refused, nothing changed), and
    cancel it through a confirmation step?"""
    with in_app():
        tenant = make_tenant()
        email, name = tenant.email, tenant.resident.full_name
    times = _free_times(in_app, live_app, live_server)
    first, other = times[0], times[3]

    page = browsing.new_page()
    page.goto(browsing.url("/my/"))
    _path(page, "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    _path(page, "/my/")
    page.get_by_role("link", name="Office appointment", exact=True).click()
    _path(page, "/my/appointments/")
    browsing.check(page, "my appointments, empty")
    page.get_by_role("link", name="Request an office visit").click()
    _path(page, "/my/appointments/new")
    expect(page.locator("#name")).to_have_value(name)
    expect(page.locator("#email")).to_have_value(email)
    browsing.check(page, "request form")

    # by keyboard: an empty send shows the errors first
    page.get_by_role("button", name="Send the request").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_contain_text("Choose what the visit is about.")
    browsing.check(page, "request form with errors")
    page.locator("#reason-1").focus()  # lease matters
    page.keyboard.press("Space")
    page.locator("#preferred_days-3").focus()  # Thursday
    page.keyboard.press("Space")
    page.locator("#details").fill("Vuokrasopimuksen lisäsivu")
    page.get_by_role("button", name="Send the request").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Your request was sent to the asoy desk")
    expect(page.locator("main")).to_contain_text("Received: the asoy desk sends you a time")
    expect(page.locator("main")).to_contain_text("Thursday")
    browsing.check(page, "request details, received")
    with in_app():
        visit = Appointment.get(Appointment.email == email)
        assert (visit.status, visit.reason, visit.preferred_days) == ("requested", "lease", "thu")
        visit_id = visit.id

    # --- the desk confirms; the person opens the mailed link -----------------------------------
    _confirm(in_app, live_app, live_server, visit_id, first.starts_at)
    old_link = _link_in_outbox(in_app, email, "appointment_event", "/appointments/manage/")
    page.goto(old_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your office visit")
    expect(page.locator("main")).to_contain_text("Confirmed")
    expect(page.locator(f"#slot-{first.value}")).to_have_count(0)  # its own time
    browsing.check(page, "link page")

    choice = page.locator(f"#slot-{other.value}")
    choice.focus()
    page.keyboard.press("Space")
    expect(choice).to_be_checked()
    page.get_by_role("button", name="Move my visit to the chosen time").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Your visit is moved")
    browsing.check(page, "link page after rebooking")
    with in_app():
        moved = Appointment.get_by_id(visit_id)
        assert moved.starts_at == slots.to_utc(other.starts_at)
        assert moved.status == "confirmed"
        before = (moved.starts_at, moved.link_version)
        desk = OutboxMail.select().where(OutboxMail.kind == "appointment_desk").count()
        assert desk == 1

    # the old link (from the first mail) is refused, and changes nothing
    refused = browsing.new_page()
    answer = refused.goto(old_link)
    assert answer is not None
    assert answer.status == 410
    expect(refused.locator("main")).to_contain_text("from an older e-mail")
    browsing.check(refused, "old link refused")
    with in_app():
        again = Appointment.get_by_id(visit_id)
        assert (again.starts_at, again.link_version) == before

    # --- cancel through the newest link, with a confirmation step -----------------------------
    new_link = _link_in_outbox(in_app, email, "appointment_event", "/appointments/manage/")
    assert new_link != old_link
    page.goto(new_link)
    page.get_by_role("link", name="Cancel my visit…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your office visit?")
    browsing.check(page, "cancel confirmation")
    page.get_by_role("button", name="Yes, cancel the visit").focus()
    page.keyboard.press("Enter")
    _path(page, "/appointments/cancelled")
    browsing.check(page, "cancelled")
    with in_app():
        assert Appointment.get_by_id(visit_id).status == "cancelled"
    page.goto(browsing.url(f"/my/appointments/{visit_id}"))
    expect(page.locator("main")).to_contain_text("Cancelled")
    browsing.check(page, "request details, cancelled")


def test_public_request_is_confirmed_by_the_mailed_link(browsing, in_app):
    """Does a stranger's request from the public form (reached from the front page, in
    Finnish) wait "unverified" until the mailed link is opened, and then become "requested"?"""
    page = page_in(browsing, "fi")
    page.goto(browsing.url("/"))
    page.locator("a[href='/appointments/request']").click()
    _path(page, "/appointments/request")
    check(browsing, page, "fi", "public request form")
    page.locator("label[for=reason-0]").click()  # office identification
    page.locator("label[for=preferred_days-2]").click()
    page.locator("#name").fill("Outi Ulkopuolinen")
    page.locator("#email").fill("outi@example.fi")
    page.locator("#phone").fill("040 765 4321")
    page.locator("form.form-narrow button[type=submit]").click()
    _path(page, "/appointments/request/sent")
    check(browsing, page, "fi", "public request sent")
    with in_app():
        visit = Appointment.get(Appointment.email == "outi@example.fi")
        assert (visit.status, visit.source, visit.language) == ("unverified", "public", "fi")
    link = _link_in_outbox(in_app, "outi@example.fi", "appointment_verify", "/appointments/verify/")
    page.goto(link)
    _path(page, "/appointments/verified")
    check(browsing, page, "fi", "public request verified")
    with in_app():
        assert Appointment.get_by_id(visit.id).status == "requested"
    used = browsing.new_page()
    answer = used.goto(link)
    assert answer is not None
    assert answer.status == 410


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_pages_pass_axe_in_every_language(browsing, in_app, live_app, live_server, lang):
    """The list, the form, a proposed visit's details and its link page (at 390 px, no sideways
    scrolling), a refused link and the public form, in each language."""
    with in_app():
        tenant = make_tenant(language=lang)
        email = tenant.email
        proposed = make_appointment(tenant, flat=tenant.flat, language=lang, details="Avaimet")
        make_appointment(tenant, flat=tenant.flat, reason="keys", preferred_days="wed,thu")
        proposed_id = proposed.id
    (first,) = _free_times(in_app, live_app, live_server, 1)
    with in_app(), live_app.test_request_context(base_url=live_server):
        booking.propose(proposed_id, first.starts_at, make_staff())
        token = links.token_for(Appointment.get_by_id(proposed_id))

    page = page_in(browsing, lang)
    log_in(browsing, page, email)
    open_page(browsing, page, "/my/appointments/", lang, "my appointments")
    open_page(browsing, page, "/my/appointments/new", lang, "request form")
    open_page(browsing, page, f"/my/appointments/{proposed_id}", lang, "proposed visit")
    open_page(browsing, page, "/my/", lang, "dashboard")

    phone = page_in(browsing, lang, viewport=PHONE)
    open_page(browsing, phone, f"/appointments/manage/{token}", lang, "link page, proposed")
    no_horizontal_scroll(phone, "link page at 390 px")
    open_page(browsing, phone, f"/appointments/manage/{token}/cancel", lang, "cancel step")
    open_page(browsing, phone, "/appointments/request", lang, "public form at 390 px")
    no_horizontal_scroll(phone, "public form at 390 px")
    open_page(browsing, phone, "/appointments/manage/forged", lang, "forged link", status=404)

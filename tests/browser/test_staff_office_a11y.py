"""The desk's office pages pass axe in Finnish, Swedish and English: the week with a visit and a
waiting request, the day, the waiting list, a request, a refusal, the new-request form; the week
navigation swaps the calendar in place (HTMX); the desk confirms the waiting request by keyboard
only; the week has no sideways scroll at 390 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from heka_asoy.domain.clock import helsinki_today
from heka_asoy.domain.office_hours import appointment_slots
from heka_asoy.models import Appointment
from heka_asoy.services.appointments import slots
from tests.browser.a11y_helpers import (
    check,
    log_in,
    mark_document,
    no_horizontal_scroll,
    open_page,
    page_in,
    same_document,
)
from tests.factories import make_appointment, make_staff, office_visit

pytestmark = pytest.mark.browser


def _world(in_app):
    with in_app() as app, app.test_request_context():
        staff = make_staff()
        today = helsinki_today()
        offered = slots.free_slots(today + timedelta(days=1), today + timedelta(days=40))
        visit = office_visit(offered[0].starts_at, name="Viljo Vierailija", phone="040 123 4567")
        waiting = make_appointment(
            name="Wilma Odottaja",
            reason="identification",
            preferred_days="wed,thu",
            details="Haluan tunnistautua toimistolla.",
        )
        return staff.email, waiting.id, offered[0].starts_at.date(), visit.id


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_office_pages_are_accessible_and_work_by_keyboard(browsing, in_app, lang):
    email, waiting_id, day, _visit_id = _world(in_app)
    page = page_in(browsing, lang)
    log_in(browsing, page, email)
    open_page(browsing, page, f"/staff/office/?week={day.isoformat()}", lang, "office week")
    expect(page.locator("main")).to_contain_text("Viljo Vierailija")
    expect(page.locator("main")).to_contain_text("Wilma Odottaja")

    mark_document(page)
    page.locator(".week-nav__link--next").click()
    expect(page.locator("#calendar-h")).to_be_focused()
    assert same_document(page)
    check(browsing, page, lang, "office week after HTMX navigation")

    open_page(browsing, page, f"/staff/office/day?day={day.isoformat()}", lang, "office day")
    open_page(browsing, page, "/staff/office/waiting", lang, "office waiting list")
    open_page(browsing, page, "/staff/office/requests/new", lang, "office new request")
    open_page(browsing, page, f"/staff/office/requests/{waiting_id}", lang, "office request")

    # A decline without a reason: the refusal, said next to the field.
    page.locator("#decline-reason").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#decline-reason-error")).to_be_visible()
    check(browsing, page, lang, "office request, decline refused")

    # Confirm the first offered time with the keyboard only.
    select = page.locator("#confirm-slot")
    select.focus()
    page.keyboard.press("ArrowDown")
    assert select.input_value() != ""
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    # The status label is on the page before the confirmation too: wait for the answer's notice.
    expect(page.locator(".flash--success")).to_be_visible()
    with in_app():
        assert Appointment.get_by_id(waiting_id).status == "confirmed"
    check(browsing, page, lang, "office request confirmed")


def test_outcome_marked_in_place_by_keyboard(browsing, in_app):
    """On a past day, does "Came" (Tab to it, Enter) swap only the visit's card, which then
    says so and has the focus?"""
    with in_app() as app, app.test_request_context():
        email = make_staff().email
        day = helsinki_today() - timedelta(days=1)
        while not appointment_slots(day, 30):
            day -= timedelta(days=1)
        start = appointment_slots(day, 30)[0]
        visit_id = office_visit(start, name="Paula Paikalla").id
    page = page_in(browsing, "sv")
    log_in(browsing, page, email)
    open_page(browsing, page, f"/staff/office/day?day={day.isoformat()}", "sv", "office past day")
    mark_document(page)
    card = page.locator(f"#visit-{visit_id}")
    card.locator("a").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(card.locator("button")).to_have_count(0)
    expect(page.locator(f"#visit-{visit_id}")).to_be_focused()
    assert same_document(page)
    with in_app():
        assert Appointment.get_by_id(visit_id).status == "came"
    check(browsing, page, "sv", "office past day after marking")


def test_the_week_fits_a_phone(browsing, in_app):
    email, _waiting_id, day, _visit_id = _world(in_app)
    page = page_in(browsing, "fi", viewport={"width": 390, "height": 844})
    log_in(browsing, page, email)
    open_page(browsing, page, f"/staff/office/?week={day.isoformat()}", "fi", "office week 390")
    no_horizontal_scroll(page, "office week at 390 px")
    open_page(browsing, page, "/staff/office/waiting", "fi", "office waiting 390")
    no_horizontal_scroll(page, "office waiting list at 390 px")

"""Every page of the bookings passes axe in Finnish, Swedish and English: the sauna page (with
every kind of hour in its grid, the booking and the cancelling confirmation, and a "just taken"
refusal), the parking page (with a contract, a queue, an offer and a refusal) and its
confirmation pages, the offers page, and the desk's bookings admin (the company list, a company,
a sauna, an hour, a space, the queues). The sauna page fits a phone's width (390×844) without
sideways scrolling: it shows one day of the week at a time (test_narrow_screens.py).

The language is chosen with the ``lang`` cookie. Data is made with the factories, not through the
pages: the flow itself is tested in test_bookings_flow.py. Time is frozen at ``booking_moment``
(a Wednesday noon), so the grid's past, today's and coming hours are known.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from heka_asoy.models import SaunaSingleBooking, SaunaTurnSkip, utcnow
from heka_asoy.services.bookings import hour_key, parking_queue_key, space_key
from tests.booking_factories import (
    hour_at,
    make_contract,
    make_entry,
    make_parking_space,
    make_sauna,
    make_turn,
)
from tests.browser.a11y_helpers import (
    check,
    log_in,
    no_horizontal_scroll,
    open_page,
    page_in,
)
from tests.factories import (
    make_companies,
    make_flat,
    make_lease,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
THURSDAY, FRIDAY, SATURDAY = 3, 4, 5


def _offered(queue_key: str, flat, ref: str, days: int = 3):
    return make_entry(
        queue_key,
        flat,
        status="offered",
        offer_ref=ref,
        offered_at=utcnow(),
        offer_expires_at=utcnow() + timedelta(days=days),
    )


def _make_bookings(today):
    """A flat with a weekly turn, a week given up, a one-off booking, a place on a waiting list,
    a sauna hour and a parking space offered, a parking contract and a parking queue; a
    neighbour holding the hours and spaces around them; and a desk user."""
    tenant = make_tenant()
    company = tenant.flat.housing_company
    make_companies(60)  # more than the desk's list shows: it says so and to search
    resident = make_resident()
    flat = make_flat(company)
    make_lease(flat, [resident])
    make_user(resident)
    sauna = make_sauna(company, name="Alasauna", turns_per_flat=2)
    make_sauna(company, name="Yläsauna")  # two saunas: the grid's sauna chooser shows
    own = make_turn(hour_at(sauna, THURSDAY, 19), tenant.flat)
    SaunaTurnSkip.create(turn=own, on_date=today + timedelta(days=8))  # next week's Thursday
    queued = hour_at(sauna, FRIDAY, 17)
    make_turn(queued, flat)
    make_entry(hour_key(queued.id), tenant.flat)
    skipped = make_turn(hour_at(sauna, FRIDAY, 18), flat)
    SaunaTurnSkip.create(turn=skipped, on_date=today + timedelta(days=2))  # this Friday
    make_turn(hour_at(sauna, FRIDAY, 19), flat)
    offered = hour_at(sauna, FRIDAY, 20)
    _offered(hour_key(offered.id), tenant.flat, hour_key(offered.id))
    SaunaSingleBooking.create(
        hour=hour_at(sauna, SATURDAY, 20), flat=tenant.flat, on_date=today + timedelta(days=3)
    )

    free = make_parking_space(company, "outdoor", "25.00", code="P1")
    rented = make_parking_space(company, "plug", "35.00", code="P2")
    contract = make_contract(rented, tenant.flat)
    make_contract(make_parking_space(company, "garage", "60.00", code="G1"), flat)
    make_contract(make_parking_space(company, "ev", "45.00", code="E1"), flat)
    make_entry(parking_queue_key(company.id, "ev"), tenant.flat)
    carport = make_parking_space(company, "carport", "30.00", code="C1")
    _offered(parking_queue_key(company.id, "carport"), tenant.flat, space_key(carport.id), days=7)
    staff = make_staff()
    return {
        "tenant": tenant.email,
        "staff": staff.email,
        "neighbour_flat": flat.id,
        "company": company.id,
        "sauna": sauna.id,
        "free_hour": hour_at(sauna, THURSDAY, 17),
        "held_hour": queued.id,
        "own_turn": own.id,
        "free_space": free,
        "rented_space": rented.id,
        "contract": contract.id,
    }


def _cell(page, weekday: int, start: int):
    """The grid's cell of ``weekday`` (0 = Monday; the columns are Monday to Saturday)."""
    row = page.locator("#sauna-grid tbody tr").filter(
        has=page.get_by_role("rowheader", name=f"{start}–{start + 1}", exact=True)
    )
    return row.locator("td").nth(weekday)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_booking_pages_are_accessible(browsing, in_app, booking_moment, lang):
    """Does every page and state of the bookings pass axe in this language, and does the sauna
    page fit a phone, its table scrolling inside its own region?"""
    today = booking_moment.date()
    with time_machine.travel(booking_moment, tick=True):
        with in_app() as app:
            app.config["PARKING_MAX_PER_FLAT"] = 2  # the flat with a space may rent another
            data = _make_bookings(today)

        # --- the resident: sauna ----------------------------------------------------------------
        page = page_in(browsing, lang)
        log_in(browsing, page, data["tenant"])
        open_page(browsing, page, "/my/bookings/sauna", lang, "sauna page")
        for state in ("own", "taken", "free", "unbookable", "single_free", "single_own", "past"):
            expect(page.locator(f"#sauna-grid td.slot--{state}").first).to_be_visible()
        expect(page.locator("#grid-sauna")).to_be_visible()
        expect(page.locator(".my-bookings .booking-card")).to_have_count(4)

        free_cell = _cell(page, THURSDAY, 17)
        free_cell.locator("button").click()
        panel = page.locator(".confirm-panel")
        expect(panel.locator("#confirm-h")).to_be_focused()
        check(browsing, page, lang, "sauna booking confirmation")

        with in_app():  # meanwhile the neighbour takes the hour
            make_turn(data["free_hour"], data["neighbour_flat"])
        panel.locator("button[type=submit]").click()
        alert = page.locator("#booking-area .booking-message[role=alert]")
        expect(alert).to_be_focused()
        expect(panel).to_have_count(0)
        check(browsing, page, lang, "sauna booking refused: just taken")

        cancel = f".my-bookings form[action$='/turns/{data['own_turn']}/cancel'] button"
        page.locator(cancel).click()
        expect(panel.locator("#confirm-h")).to_be_focused()
        expect(panel.locator(".confirm-panel__key")).to_be_visible()
        check(browsing, page, lang, "sauna cancel confirmation")

        # --- the resident: parking --------------------------------------------------------------
        open_page(browsing, page, "/my/bookings/parking", lang, "parking page")
        space_id = data["free_space"].id
        rent = f"form[action$='/parking/rent']:has(input[name=space][value='{space_id}'])"
        page.locator(f"{rent} button").click()
        expect(page).to_have_url(re.compile(r"/my/bookings/parking/rent$"))
        check(browsing, page, lang, "parking rent confirmation")
        with in_app():  # meanwhile the neighbour rents the space
            make_contract(data["free_space"], data["neighbour_flat"])
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/my/bookings/parking\?flat=\d+$"))
        expect(page.locator(".flash[role=alert]")).to_be_visible()
        check(browsing, page, lang, "parking rent refused: just taken")
        page.locator(f"form[action$='/contracts/{data['contract']}/terminate'] button").click()
        expect(page.locator(".confirm-panel__key")).to_be_visible()
        check(browsing, page, lang, "parking terminate confirmation")

        open_page(browsing, page, "/my/bookings/offers", lang, "offers page")
        expect(page.locator(".booking-card")).to_have_count(2)  # a sauna hour, a parking space

        # --- on a phone -------------------------------------------------------------------------
        page.set_viewport_size(PHONE)
        page.goto(browsing.url("/my/bookings/sauna"))
        no_horizontal_scroll(page, f"sauna page [{lang}]")
        check(browsing, page, lang, "sauna page on a phone")  # one day shown: test_narrow_screens
        page.locator(".day-tabs a").nth(SATURDAY).click()
        _cell(page, SATURDAY, 19).locator("button").click()
        expect(page.locator("#confirm-h")).to_be_focused()
        no_horizontal_scroll(page, f"sauna booking confirmation [{lang}]")
        for path in ("/my/bookings/parking", "/my/bookings/offers"):
            page.goto(browsing.url(path))
            no_horizontal_scroll(page, f"{path} [{lang}]")

        # --- the desk ---------------------------------------------------------------------------
        desk = page_in(browsing, lang)
        log_in(browsing, desk, data["staff"])
        for path, label in (
            ("/staff/bookings/", "bookings admin: the first 50 housing companies"),
            (f"/staff/bookings/company/{data['company']}", "bookings admin: a company"),
            (f"/staff/bookings/company/{data['company']}/queues", "bookings admin: queues"),
            (f"/staff/bookings/sauna/{data['sauna']}", "bookings admin: a sauna"),
            (f"/staff/bookings/hour/{data['held_hour']}", "bookings admin: an hour"),
            (f"/staff/bookings/space/{data['rented_space']}", "bookings admin: a space"),
        ):
            open_page(browsing, desk, path, lang, label)

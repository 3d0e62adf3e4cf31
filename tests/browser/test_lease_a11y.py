"""The lease page and the termination flow in the browser, in Finnish, Swedish and English:
axe finds nothing on the lease page, the notice form, its field errors, the confirmation step,
the notice awaiting the second party, the second party's confirmation and the desk's queue and
detail; the forms are sent by keyboard (Enter on a field, Enter on a focused button).

The language is chosen with the ``lang`` cookie. Data is made with the factories.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from heka_asoy.models import Lease, Termination
from tests.booking_factories import make_contract, make_parking_space
from tests.browser.a11y_helpers import check, log_in, no_horizontal_scroll, open_page, page_in
from tests.factories import add_other_resident, make_resident, make_shared_lease, make_staff

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
IBAN = "FI21 1234 5600 0007 85"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_lease_and_termination_pages_are_accessible(browsing, in_app, lang):
    with in_app():
        flat, lease, (anna, bertil) = make_shared_lease()
        add_other_resident(flat, make_resident(first_names="Lapsi"))
        make_contract(make_parking_space(flat.housing_company), flat)
        staff = make_staff()
        emails = (anna.email, bertil.email, staff.email)

    # --- the first lease party: the lease page, the form, an error, the confirmation step ---
    page = page_in(browsing, lang)
    log_in(browsing, page, emails[0])
    open_page(browsing, page, "/my/lease/", lang, "lease page")
    expect(page.locator("dl.facts").first).to_contain_text(lease.number)
    page.set_viewport_size(PHONE)
    no_horizontal_scroll(page, f"lease page [{lang}]")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.locator(f"main a[href='/my/lease/terminate?flat={flat.id}']").last.click()
    expect(page).to_have_url(re.compile(r"/my/lease/terminate\?flat=\d+$"))
    check(browsing, page, lang, "notice form")

    page.locator("#ends_on").fill("2000-01-01")  # before the earliest end
    page.locator("#forwarding_address").fill("Uusikatu 1 A 2\n00100 Helsinki")
    page.locator("#iban").fill(IBAN)
    page.locator("#iban").press("Enter")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("#ends_on")).to_have_attribute("aria-invalid", "true")
    check(browsing, page, lang, "notice form with a field error")

    page.locator("#ends_on").fill("")
    page.locator("#iban").press("Enter")
    expect(page.locator(".confirm-panel__key")).to_be_visible()
    check(browsing, page, lang, "notice confirmation step")
    with in_app():
        assert Termination.select().count() == 0

    give = page.locator("button[name=confirm]")
    give.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".flash[role=status]")).to_be_visible()
    check(browsing, page, lang, "notice awaiting the other party")

    # --- the second lease party confirms by keyboard ---------------------------------------
    other = page_in(browsing, lang)
    log_in(browsing, other, emails[1])
    open_page(browsing, other, "/my/lease/terminate", lang, "notice to confirm")
    button = other.locator("form[action$='/confirm'] button[type=submit]")
    button.focus()
    other.keyboard.press("Enter")
    expect(other.locator(".flash[role=status]")).to_be_visible()
    check(browsing, other, lang, "notice in effect")
    with in_app():
        assert Lease.get_by_id(lease.id).ends_on is not None
    open_page(browsing, other, "/my/lease/", lang, "lease page after notice")

    # --- the desk ----------------------------------------------------------------------------
    desk = page_in(browsing, lang)
    log_in(browsing, desk, emails[2])
    open_page(browsing, desk, "/staff/", lang, "desk home")
    desk.locator("a[href='/staff/terminations/']").click()
    check(browsing, desk, lang, "terminations queue")
    desk.locator("main table a").first.click()
    check(browsing, desk, lang, "termination detail")
    desk.locator("#keys_returned_on").fill("2026-12-31")
    desk.locator("#keys_returned_on").press("Enter")
    expect(desk.locator(".flash[role=status]")).to_be_visible()
    check(browsing, desk, lang, "termination detail saved")

"""Back in the browser: htmx keeps no copies of people's pages in the tab's storage, Back to an
address it pushed gets the whole page again from the server, and after logging out Back shows
the login, not the page of the person who left (Cache-Control: no-store)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.a11y_helpers import check, log_in, open_page, page_in
from tests.factories import make_company, make_staff

pytestmark = pytest.mark.browser


def test_back_reloads_the_whole_page_and_not_after_logging_out(browsing, in_app):
    with in_app():
        email = make_staff().email
        make_company(name="Asunto Oy Takaisinpaluu")
    page = page_in(browsing, "en")
    log_in(browsing, page, email)
    open_page(browsing, page, "/staff/bookings/", "en", "company choice")

    page.locator("#q").fill("Takaisin")
    expect(page).to_have_url(re.compile(r"/staff/bookings/\?q=Takaisin$"))
    expect(page.locator("#companies")).to_contain_text("Asunto Oy Takaisinpaluu")
    assert page.evaluate("sessionStorage.getItem('htmx-history-cache')") is None

    page.go_back()
    expect(page).to_have_url(re.compile(r"/staff/bookings/$"))
    expect(page.locator("main#main h1")).to_have_count(1)
    expect(page.locator("#companies")).to_be_visible()
    check(browsing, page, "en", "company choice after Back")

    page.get_by_role("button", name="Log out", exact=True).click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.locator("main")).not_to_contain_text("Saunas and parking")
    check(browsing, page, "en", "login after Back from the logged-out page")

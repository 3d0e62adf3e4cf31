"""On-behalf mode and the resident's own data in the browser, in Finnish, Swedish and English:
the desk's search, the banner on the resident pages and on the refusal of a staff page, ending
by keyboard; /my/data (readable, with the closing form sent by keyboard) and the desk's closing
requests. axe finds nothing on any of them.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.a11y_helpers import check, log_in, open_page, page_in
from tests.factories import file_fault_report, make_staff, make_tenant

pytestmark = pytest.mark.browser


def _data(app):
    tenant = make_tenant()
    file_fault_report(app, tenant, description="The kitchen tap drips.")
    return {
        "tenant": tenant.email,
        "name": tenant.resident.full_name,
        "last": tenant.resident.last_name,
        "staff": make_staff().email,
    }


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_on_behalf_banner_and_my_data_are_accessible(browsing, in_app, lang):
    with in_app() as app:
        data = _data(app)

    desk = page_in(browsing, lang)
    log_in(browsing, desk, data["staff"])
    open_page(browsing, desk, f"/staff/on-behalf/?q={data['last']}", lang, "on-behalf search")
    start = desk.locator("main form[action$='/start'] button")
    start.focus()
    start.press("Enter")
    expect(desk).to_have_url(re.compile(r"/my/$"))
    banner = desk.locator(".on-behalf-banner")
    expect(banner).to_contain_text(data["name"])
    check(browsing, desk, lang, "dashboard acting for a resident")
    open_page(browsing, desk, "/my/faults/", lang, "fault list acting for a resident")
    expect(banner).to_be_visible()
    open_page(browsing, desk, "/staff/", lang, "staff page refused while acting", status=403)
    open_page(browsing, desk, "/my/data/", lang, "data page refused on behalf", status=403)
    end = desk.locator(".on-behalf-banner button")
    end.focus()
    end.press("Enter")
    expect(desk).to_have_url(re.compile(r"/staff/on-behalf/$"))
    expect(desk.locator(".on-behalf-banner")).to_have_count(0)
    check(browsing, desk, lang, "on-behalf ended")

    resident = page_in(browsing, lang)
    log_in(browsing, resident, data["tenant"])
    open_page(browsing, resident, "/my/data/", lang, "your data")
    expect(resident.get_by_text("The kitchen tap drips.")).to_be_visible()
    reason = resident.locator("#reason")
    reason.fill("Moving abroad")
    reason.press("Tab")
    resident.keyboard.press("Enter")
    expect(resident.locator(".flash")).to_be_visible()
    check(browsing, resident, lang, "your data: closing asked")

    open_page(browsing, desk, "/staff/account-closures/", lang, "account closing requests")
    expect(desk.get_by_text("Moving abroad")).to_be_visible()
    refuse = desk.locator("main textarea").first
    refuse.focus()
    desk.locator("main form[action$='/refuse'] button").first.press("Enter")
    expect(desk.locator("main [aria-invalid=true]")).to_have_count(1)
    check(browsing, desk, lang, "account closing: reason missing")

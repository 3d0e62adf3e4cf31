"""Powers of attorney in the browser, in Finnish, Swedish and English, checked with axe: the
desk's search, a lease's page with the registration form (refused in words, then registered
with a scanned PDF uploaded), the resident's info page and the agent's dashboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.a11y_helpers import check, log_in, open_page, page_in
from tests.factories import make_power, make_staff, make_tenant, make_user, scan_pdf

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_power_pages_are_accessible(browsing, in_app, lang, tmp_path):
    """Does each power-of-attorney page pass axe in this language, and can the desk register a
    power with a scanned form by keyboard and pointer alike?"""
    with in_app():
        tenant, agent, staff = make_tenant(), make_user(None), make_staff()
        make_power(tenant, agent, kind="one_off", scopes="parking")
        lease_id = tenant.flat.leases.get().id
        street = tenant.flat.building.street_address
        emails = {"tenant": tenant.email, "agent": agent.email, "staff": staff.email}
    scan = tmp_path / "valtakirja.pdf"
    scan.write_bytes(scan_pdf())

    desk = page_in(browsing, lang)
    log_in(browsing, desk, emails["staff"])
    open_page(browsing, desk, "/staff/powers/", lang, "powers: latest")
    desk.locator("#q").fill(street)
    desk.locator("#q").press("Enter")
    check(browsing, desk, lang, "powers: search")
    desk.locator(f'a[href="/staff/powers/lease/{lease_id}"]').first.click()
    check(browsing, desk, lang, "powers: a lease")

    # Refused: a one-off power without acts; said in words, focus on the summary.
    desk.locator("#kind-1").focus()
    desk.keyboard.press("Space")  # a radio button by keyboard
    expect(desk.locator("#kind-1")).to_be_checked()
    desk.locator("#agent_name").fill("Veli Valtuutettu")
    desk.locator("form[enctype] button[type=submit]").click()
    expect(desk.locator(".error-summary")).to_be_visible()
    check(browsing, desk, lang, "powers: registration refused")

    desk.locator("#scope-parking").focus()
    desk.keyboard.press("Space")  # a checkbox by keyboard
    expect(desk.locator("#scope-parking")).to_be_checked()
    desk.locator("#document").set_input_files(str(scan))
    desk.locator("form[enctype] button[type=submit]").click()
    expect(desk.locator("#powers tbody tr")).to_have_count(2)
    check(browsing, desk, lang, "powers: registered")

    resident = page_in(browsing, lang)
    log_in(browsing, resident, emails["tenant"])
    open_page(browsing, resident, "/my/power-of-attorney/", lang, "power of attorney: info")

    holder = page_in(browsing, lang)
    log_in(browsing, holder, emails["agent"])
    open_page(browsing, holder, "/my/", lang, "agent's dashboard")
    expect(holder.locator(".flat-line")).to_have_count(1)

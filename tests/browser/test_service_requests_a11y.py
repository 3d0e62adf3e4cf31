"""Service requests in the browser, in Finnish, Swedish and English: a lease party files a
renovation-permit request with a plan by keyboard alone (a missing field first, said next to
it), the desk decides it with conditions, and the resident sees the decision. Every page and
state passes axe (the type chooser, the form, its refusal, the request page, the desk's list
and request page)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.a11y_helpers import check, log_in, no_horizontal_scroll, open_page, page_in
from tests.factories import make_staff, make_tenant, scan_pdf

pytestmark = pytest.mark.browser


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element is focused: reached by keyboard, not by a click."""
    target = page.locator(selector)
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reached by Tab")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_renovation_permit_by_keyboard(browsing, in_app, lang, tmp_path):
    with in_app():
        tenant = make_tenant()
        staff = make_staff()
        flat_id = tenant.flat.id
    plan = tmp_path / "pohjapiirros.pdf"
    plan.write_bytes(scan_pdf("Pohjapiirros"))
    page = page_in(browsing, lang)
    log_in(browsing, page, tenant.email)

    open_page(browsing, page, "/my/requests/", lang, "service requests: type chooser")
    link = f"a[href='/my/requests/new?kind=renovation&flat={flat_id}']"
    _tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/my/requests/new\?kind=renovation"))
    check(browsing, page, lang, "renovation permit form")

    _tab_to(page, "#what")
    page.keyboard.type("Uusi parketti makuuhuoneeseen")
    _tab_to(page, "#where")
    page.keyboard.type("makuuhuone")
    _tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")  # dates and who does it missing
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#starts_on")).to_have_attribute("aria-invalid", "true")
    check(browsing, page, lang, "renovation permit form: refused")

    start = date.today() + timedelta(days=30)
    page.locator("#starts_on").fill(start.isoformat())
    page.locator("#ends_on").fill((start + timedelta(days=3)).isoformat())
    _tab_to(page, "#worker-0")
    page.keyboard.press("Space")
    page.locator("#attachments").set_input_files(str(plan))
    _tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/my/requests/\d+$"))
    expect(page.get_by_text("pohjapiirros.pdf")).to_be_visible()
    check(browsing, page, lang, "renovation permit request page")
    request_path = re.search(r"/my/requests/\d+$", page.url).group(0)
    request_id = request_path.rsplit("/", 1)[1]

    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/my/requests/", request_path):
        page.goto(browsing.url(path))
        no_horizontal_scroll(page, f"{path} on a phone [{lang}]")

    desk = page_in(browsing, lang)
    log_in(browsing, desk, staff.email)
    open_page(browsing, desk, "/staff/requests/", lang, "desk service request list")
    open_page(browsing, desk, f"/staff/requests/{request_id}", lang, "desk service request")
    _tab_to(desk, "#decide-decision-0")  # a radio group is one Tab stop
    desk.keyboard.press("ArrowDown")  # approved with conditions
    expect(desk.locator("#decide-decision-1")).to_be_checked()
    _tab_to(desk, "#decide-text")
    desk.keyboard.type("Lattian alle askeleenvaimennus.")
    desk.keyboard.press("Tab")
    desk.keyboard.press("Enter")
    expect(desk.locator(".flash")).to_be_visible()
    check(browsing, desk, lang, "desk service request: decided")

    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(browsing, page, request_path, lang, "request page: decided")
    expect(page.get_by_text("Lattian alle askeleenvaimennus.").first).to_be_visible()

"""HTMX swaps and the Content-Security-Policy (``style-src 'self'``, no inline styles).

A browser writes inline styles itself through the CSSOM, which the CSP allows: a person who
drags a textarea's corner gets ``style="height: …"`` on it (extensions do the like, and an emptied
CSSOM style leaves ``style=""``). htmx "settles" some attributes of an element it swaps in from
the element with the same id it replaces, with ``setAttribute``; a style attribute written that
way is an inline style the CSP blocks and reports, on every swap. These tests listen for the
``securitypolicyviolation`` events of real Chromium pages while HTMX swaps their content.
"""

from __future__ import annotations

import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.blueprints.test_staff_faults import make_report
from tests.booking_factories import make_sauna
from tests.browser.a11y_helpers import log_in
from tests.browser.test_narrow_screens import settled
from tests.factories import make_staff, make_tenant

pytestmark = pytest.mark.browser

#: Installed before any script of the page: every CSP violation the page reports, in order.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} by ${event.sourceFile}:${event.columnNumber} on `
    + (event.target && event.target.outerHTML ? event.target.outerHTML.slice(0, 120) : "")
  );
});
"""


def watched_page(browsing):
    page = browsing.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def drag_corner(page, selector: str, dy: int) -> None:
    """Resize a textarea by dragging its bottom-right corner with the mouse, as a person does."""
    field = page.locator(selector)
    field.scroll_into_view_if_needed()
    box = field.bounding_box()
    corner_x, corner_y = box["x"] + box["width"] - 3, box["y"] + box["height"] - 3
    page.mouse.move(corner_x, corner_y)
    page.mouse.down()
    page.mouse.move(corner_x, corner_y + dy, steps=5)
    page.mouse.up()


def test_swap_after_a_resized_textarea_reports_no_violation(browsing, in_app):
    """When the desk has made the note field taller and saves a note, is the work area swapped
    (the note in the timeline) without a CSP violation?"""
    with in_app():
        staff = make_staff()
        report = make_report()
    page = watched_page(browsing)
    log_in(browsing, page, staff.email)
    page.goto(browsing.url(f"/staff/faults/{report.id}"))
    drag_corner(page, "#note-text", 60)
    # The premise: the browser wrote the new height as an inline style (allowed by the CSP).
    expect(page.locator("#note-text")).to_have_attribute("style", re.compile(r"height: \d+"))
    page.locator("#note-text").fill("Called the maintenance company.")
    settled(page, lambda: page.get_by_role("button", name="Save internal note").click())
    expect(page.locator("#report-work")).to_contain_text("Called the maintenance company.")
    assert violations(page) == []
    browsing.check(page, "report page after a note")


def test_sauna_week_swap_reports_no_violation(browsing, in_app, booking_moment):
    """Does moving the sauna grid to the next week (an HTMX swap) report no CSP violation?"""
    with time_machine.travel(booking_moment, tick=True):
        with in_app():
            tenant = make_tenant()
            make_sauna(tenant.flat.housing_company)
        page = watched_page(browsing)
        log_in(browsing, page, tenant.email)
        page.goto(browsing.url("/my/bookings/sauna"))
        caption = page.locator("#sauna-grid caption")
        before = caption.inner_text()
        settled(page, lambda: page.get_by_role("link", name="Next week").click())
        expect(caption).not_to_have_text(before)
        assert violations(page) == []
        browsing.check(page, "sauna grid after a week swap")

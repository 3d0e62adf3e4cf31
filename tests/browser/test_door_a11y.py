"""The door-opening page, the desk's door and keys pages and the invoicing page pass axe in
Finnish, Swedish and English; the desk logs a door opening and a key handover by keyboard.

Data is made with the factories; a flat with an adult missing from the register shows the
warning, so both states of the page are checked.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from heka_asoy.models import DoorOpening, Invoice, KeyHandover, Occupancy
from tests.browser.a11y_helpers import check, log_in, open_page, page_in
from tests.factories import add_other_resident, make_resident, make_staff, make_tenant

pytestmark = pytest.mark.browser


def _data():
    tenant = make_tenant()
    missing = make_resident(first_names="Pekka", birth_date=date(1985, 3, 3))
    add_other_resident(tenant.flat, missing)
    Occupancy.update(in_register=False).where(Occupancy.resident == missing.id).execute()
    child = make_resident(first_names="Lilja", birth_date=date(2019, 3, 3))
    add_other_resident(tenant.flat, child)
    registered = make_tenant()
    return {"tenant": tenant.email, "registered": registered.email,
            "flat": tenant.flat.id, "resident": tenant.resident.full_name,
            "staff": make_staff().email}


def _press_space(page, selector: str) -> None:
    """Choose a radio button or tick a box from the keyboard."""
    page.locator(selector).focus()
    page.keyboard.press("Space")
    expect(page.locator(selector)).to_be_checked()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_door_pages_are_accessible(browsing, in_app, lang):
    """Do the resident's page (both register states), the desk's search, flat and invoicing
    pages pass axe, and can the desk log a door opening and keys with the keyboard?"""
    with in_app():
        data = _data()

    page = page_in(browsing, lang)
    log_in(browsing, page, data["tenant"])
    open_page(browsing, page, "/my/door/", lang, "door opening page, someone missing")
    expect(page.locator(".hds-notification--alert")).to_be_visible()
    open_page(browsing, page, "/my/", lang, "dashboard")
    page.locator('a[href="/my/door/"]').focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(browsing.url("/my/door/"))

    everyone = page_in(browsing, lang)
    log_in(browsing, everyone, data["registered"])
    open_page(browsing, everyone, "/my/door/", lang, "door opening page, everyone registered")

    desk = page_in(browsing, lang)
    log_in(browsing, desk, data["staff"])
    open_page(browsing, desk, "/staff/door/?q=Testikatu", lang, "desk door search")
    open_page(browsing, desk, f"/staff/door/flat/{data['flat']}", lang, "desk flat door log")

    desk.locator("#opening-performed_by").fill("Jari Huoltomies")
    desk.locator("#opening-performed_by").press("Enter")  # submits the form from the keyboard
    expect(desk.locator("#openings + .table-wrap tbody tr")).to_have_count(1)
    check(browsing, desk, lang, "desk flat door log after an opening")

    _press_space(desk, "#keys-direction-1")  # returned
    desk.locator("#keys-person_name").fill("Muuttaja")
    _press_space(desk, "#keys-via_after_hours_box")
    desk.locator("#keys-person_name").press("Enter")
    expect(desk.locator("#keys + .table-wrap tbody tr")).to_have_count(1)
    check(browsing, desk, lang, "desk flat door log after keys")

    _press_space(desk, "#keys-direction-0")  # given: the box is refused with words
    desk.locator("#keys-person_name").fill("Muuttaja")
    _press_space(desk, "#keys-via_after_hours_box")
    desk.locator("#keys-person_name").press("Enter")
    expect(desk.locator(".error-summary")).to_be_visible()
    check(browsing, desk, lang, "desk key handover refused")

    open_page(browsing, desk, "/staff/invoicing/", lang, "desk invoicing page")
    desk.locator("form button[type=submit]").last.press("Enter")
    expect(desk.locator(".flash--success")).to_be_visible()
    check(browsing, desk, lang, "desk invoicing page after a run")

    with in_app():
        assert DoorOpening.select().count() == 1
        assert KeyHandover.select().count() == 1
        assert Invoice.select().where(Invoice.kind == "door_opening").count() == 1

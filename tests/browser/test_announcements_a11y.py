"""Announcements in the browser, in Finnish, Swedish and English: the emergency shows on the
dashboard and in the fault form of its building only; "me too" on a neighbour's shared-space
report works by keyboard without a reload (HTMX) and says so in a status region; the list page,
the desk's list and form pass axe; the pages fit a 390 px screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.a11y_helpers import (
    check,
    log_in,
    mark_document,
    no_horizontal_scroll,
    open_page,
    page_in,
    same_document,
    type_company_search,
)
from tests.browser.test_narrow_screens import settled
from tests.factories import (
    file_fault_report,
    make_ann_announcement,
    make_ann_building,
    make_ann_tenant,
    make_company,
    make_staff,
)

pytestmark = pytest.mark.browser

EMERGENCY = {
    "title_fi": "Vesikatko talossasi klo 14 asti",
    "title_sv": "Vattenavbrott i ditt hus till kl. 14",
    "title_en": "Water cut in your building until 14:00",
}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_emergency_and_me_too(browsing, in_app, live_smtp, lang):
    with in_app() as app:
        company = make_company()
        first = make_ann_tenant(company)
        neighbour = make_ann_tenant(building=first.flat.building)
        elsewhere = make_ann_tenant(building=make_ann_building(company, "B"))
        make_ann_announcement(
            audience="building",
            housing_company=company,
            building=first.flat.building,
            emergency=True,
            **EMERGENCY,
        )
        make_ann_announcement()
        with app.test_request_context(base_url=browsing.base_url):
            report = file_fault_report(
                app,
                neighbour,
                category="common_areas.laundry",
                location="pesutupa",
                description="Pesukone 2 ei käynnisty.",
            )
        staff = make_staff()
        users = (first.email, elsewhere.email, staff.email)
        report_id = report.id
        company_id, company_bid = company.id, company.business_id
    title = EMERGENCY[f"title_{lang}"]

    page = page_in(browsing, lang)
    log_in(browsing, page, users[0])
    open_page(browsing, page, "/my/", lang, "dashboard with an emergency")
    expect(page.locator(".notice-box--emergency")).to_contain_text(title)
    open_page(browsing, page, "/my/faults/new", lang, "fault form with an emergency")
    expect(page.locator(".notice-box--emergency")).to_contain_text(title)
    row = page.locator(f"#shared-{report_id}")
    expect(row).to_contain_text("pesutupa")
    mark_document(page)
    row.locator("button").focus()
    page.keyboard.press("Enter")  # "me too", by keyboard
    expect(page.locator("#shared-status")).not_to_be_empty()
    expect(row.locator("button")).to_have_count(0)
    expect(row.locator("p[tabindex='-1']")).to_be_focused()  # focus lands on what changed
    assert same_document(page), "me too reloaded the page"
    check(browsing, page, lang, "fault form after me too")
    open_page(browsing, page, "/my/announcements/", lang, "announcements")
    expect(page.locator(".announcement--emergency")).to_contain_text(title)

    other = page_in(browsing, lang)
    log_in(browsing, other, users[1])
    open_page(browsing, other, "/my/faults/new", lang, "fault form of another building")
    expect(other.locator(".notice-box--emergency")).to_have_count(0)
    expect(other.locator(f"#shared-{report_id}")).to_have_count(0)

    desk = page_in(browsing, lang)
    log_in(browsing, desk, users[2])
    open_page(browsing, desk, "/staff/announcements/", lang, "desk announcements")
    open_page(browsing, desk, "/staff/announcements/new", lang, "new announcement form")
    desk.locator("#audience").select_option("building")
    desk.locator("#title_fi").fill("Otsikko")
    desk.locator("#body_fi").fill("Teksti")
    desk.locator("#title_fi").press("Enter")  # submit by keyboard: no building chosen
    expect(desk.locator("#building_q-error")).to_be_visible()  # said at the building search
    check(browsing, desk, lang, "new announcement form with an error")

    # the housing company by a search with live results, all by keyboard
    desk.locator("#audience").select_option("housing_company")
    mark_document(desk)
    search, choice = type_company_search(desk, company_bid, company_id)
    settled(desk, lambda: search.press("Enter"))  # searches again, saves nothing
    expect(choice).to_have_count(1)
    assert same_document(desk), "the search reloaded the page"
    desk.keyboard.press("Tab")  # the search button
    desk.keyboard.press("Tab")  # the first result
    expect(choice).to_be_focused()
    desk.keyboard.press("Space")
    expect(choice).to_be_checked()
    check(browsing, desk, lang, "new announcement form with a housing company found")
    desk.locator("#title_fi").press("Enter")  # Enter in a text field saves
    expect(desk).to_have_url(browsing.url("/staff/announcements/"))


@pytest.mark.parametrize("lang", ["fi"])
def test_pages_fit_a_narrow_screen(browsing, in_app, live_smtp, lang):
    with in_app() as app:
        first = make_ann_tenant()
        neighbour = make_ann_tenant(building=first.flat.building)
        make_ann_announcement(emergency=True, **EMERGENCY)
        with app.test_request_context(base_url=browsing.base_url):
            file_fault_report(app, neighbour, category="common_areas.yard", location="piha")
        email = first.email
        staff = make_staff().email
    page = page_in(browsing, lang, viewport={"width": 390, "height": 844})
    log_in(browsing, page, email)
    for path in ("/my/", "/my/faults/new", "/my/announcements/"):
        open_page(browsing, page, path, lang, f"{path} at 390 px")
        no_horizontal_scroll(page, path)
    desk = page_in(browsing, lang, viewport={"width": 390, "height": 844})
    log_in(browsing, desk, staff)
    for path in ("/staff/announcements/", "/staff/announcements/new"):
        open_page(browsing, desk, path, lang, f"{path} at 390 px")
        no_horizontal_scroll(desk, path)

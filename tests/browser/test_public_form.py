"""The public fault form as a visitor without a username meets it, in Chromium: found from the
front page and the login page, the address found by a search (live results with HTMX, or a plain
GET form without JavaScript), chosen and its flats shown, all by keyboard; axe on every state in
Finnish, Swedish and English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.a11y_helpers import check, mark_document, open_page, page_in, same_document
from tests.factories import make_company, make_flat

pytestmark = pytest.mark.browser


def _register(in_app):
    """Three buildings; the visitor looks for the one at Kuusikuja 12."""
    with in_app():
        company = make_company(name="As Oy Kuusela", street_address="Kuusikuja 12")
        flats = [make_flat(company, number=n) for n in ("A 10", "A 2")]
        make_flat(make_company(name="As Oy Kuusikko", street_address="Kuusitie 4"))
        make_flat(make_company(name="As Oy Mänty", street_address="Mäntytie 2"))
        return company.street_address, [f.number for f in flats]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_find_the_address_by_keyboard_with_live_results(browsing, in_app, lang):
    """From the front page and the login page by keyboard to the form; typing in the labelled
    search field shows matching addresses in place (the count announced), Enter searches too;
    Tab and Space choose an address, which brings its flats in place; axe finds nothing."""
    street, numbers = _register(in_app)
    page = page_in(browsing, lang)
    open_page(browsing, page, "/login", lang, "login")
    expect(page.locator('main a[href="/report-fault/"]')).to_have_count(1)
    open_page(browsing, page, "/", lang, "front page")
    link = page.locator('main a[href="/report-fault/"]')
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/report-fault/$"))
    check(browsing, page, lang, "public fault form")
    mark_document(page)

    search = page.locator("#address")
    expect(page.locator('label[for="address"]')).to_be_visible()
    search.focus()
    page.keyboard.type("kuusi", delay=20)
    results = page.locator("#address-results input[type=radio]")
    expect(results).to_have_count(2)
    expect(page.locator("#address-announce")).to_contain_text("2")
    assert same_document(page), "the live search reloaded the page"
    check(browsing, page, lang, "public fault form with search results")

    search.press("End")
    page.keyboard.type("kuja")
    page.keyboard.press("Enter")  # the GET form, taken over by HTMX: no reload
    expect(results).to_have_count(1)
    assert same_document(page), "Enter in the search reloaded the page"

    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the address found
    expect(results.first).to_be_focused()
    page.keyboard.press("Space")
    expect(results.first).to_be_checked()
    flat = page.locator("#flat")
    expect(flat.locator("option")).to_have_count(3)  # "choose the flat" and the two flats
    expect(flat.locator("option").nth(1)).to_have_text(numbers[1])  # A 2 before A 10
    page.keyboard.press("Tab")
    expect(flat).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(flat.locator("option:checked")).to_have_text(numbers[1])
    assert same_document(page)
    check(browsing, page, lang, "public fault form with the address chosen")

    search.fill("zzz")
    expect(page.locator("#address-results input[type=radio]")).to_have_count(0)
    expect(page.locator("#address-results .address-count")).to_be_visible()
    check(browsing, page, lang, "public fault form with no address found")


def test_without_javascript_the_search_is_a_plain_form(browsing, in_app):
    """Without JavaScript: does Enter in the search field load the results (a GET with only the
    search in the address), and does the "show the flats" button bring the chosen address's
    flats, keeping what was typed?"""
    street, numbers = _register(in_app)
    page = browsing.new_page(java_script_enabled=False)
    page.goto(browsing.url("/report-fault/"))
    page.locator("#description").fill("Ovi narisee")
    page.locator("#address").fill("kuusikuja")
    page.locator("#address").press("Enter")
    expect(page).to_have_url(re.compile(r"/report-fault/\?address=kuusikuja$"))
    radios = page.locator("#address-results input[type=radio]")
    expect(radios).to_have_count(1)
    page.locator("#address-results label").filter(has_text=street).click()
    page.locator("#description").fill("Ovi narisee")
    page.locator("button[name=show_flats]").click()
    expect(page.locator("#flat option")).to_have_count(3)
    expect(page.locator("#flat option").nth(2)).to_have_text(numbers[0])
    expect(page.locator("#description")).to_have_value("Ovi narisee")
    expect(page.locator("#address-results input[type=radio]:checked")).to_have_count(1)

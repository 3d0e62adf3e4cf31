"""The public information pages (contact and office, help, accessibility statement, privacy
notice) pass axe in Finnish, Swedish and English, fit a phone's width, and the footer's links to
them are reached and followed with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.a11y_helpers import no_horizontal_scroll, open_page, page_in

pytestmark = pytest.mark.browser

PAGES = [
    ("/contact", "contact and office"),
    ("/help", "help"),
    ("/accessibility", "accessibility statement"),
    ("/privacy", "privacy notice"),
]
FOOTER_PATHS = [path for path, _label in PAGES]
PHONE = {"width": 390, "height": 844}


def focused_footer_href(page) -> str | None:
    """The href of the focused element when it is a link in the footer, else None."""
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return el && el.closest('footer') && el.getAttribute('href'); }"
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_info_pages_are_accessible(browsing, lang):
    """Does every information page pass axe, without login, in the language chosen?"""
    page = page_in(browsing, lang)
    for path, label in PAGES:
        open_page(browsing, page, path, lang, label)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_info_pages_fit_a_phone(browsing, lang):
    """At 390 px, does no information page scroll sideways (and axe still pass)?"""
    page = page_in(browsing, lang, viewport=PHONE)
    for path, label in PAGES:
        open_page(browsing, page, path, lang, f"{label} at 390 px")
        no_horizontal_scroll(page, f"{label} [{lang}] at 390 px")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_footer_links_by_keyboard(browsing, lang):
    """From the top of the front page, does Tab reach the four footer links in order, and does
    Enter on each open its page?"""
    page = page_in(browsing, lang)
    for target in FOOTER_PATHS:
        page.goto(browsing.url("/"))
        reached = []
        for _ in range(120):
            page.keyboard.press("Tab")
            href = focused_footer_href(page)
            if href in FOOTER_PATHS and href not in reached:
                reached.append(href)
            if href == target:
                break
        assert reached == FOOTER_PATHS[: FOOTER_PATHS.index(target) + 1], reached
        page.keyboard.press("Enter")
        expect(page).to_have_url(browsing.url(target))
        expect(page.locator("main#main h1")).to_have_count(1)
    browsing.check(page, f"{FOOTER_PATHS[-1]} reached by keyboard [{lang}]")

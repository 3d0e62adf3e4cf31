"""The shell of every public page in each language: axe finds no violations, the page speaks the
language it says (``html[lang]``), and no console errors (e.g. CSP) appear. Plus the staff home and
the 'not open yet' page of a resident whose lease starts later."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_staff, make_tenant

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    ("/no-such-page", "error page (404)", 404),
    ("/", "front page", 200),
    ("/login", "login", 200),
    ("/register", "register", 200),
    ("/register/office", "register with office identification", 200),
    ("/password/forgot", "forgot password", 200),
]


@pytest.mark.parametrize(("locale", "lang"), [("fi-FI", "fi"), ("sv-SE", "sv"), ("en-US", "en")])
def test_public_pages_are_accessible(browsing, locale, lang):
    """Does every public page pass axe in Finnish, Swedish and English?"""
    page = browsing.new_page(locale=locale)
    for path, label, status in PUBLIC_PAGES:
        response = page.goto(browsing.url(path))
        assert response is not None, path
        assert response.status == status, path
        assert page.locator("html").get_attribute("lang") == lang, path
        expect(page.locator("main#main h1")).to_have_count(1)
        browsing.check(page, f"{label} [{lang}]")


def _log_in(page, email: str) -> None:
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_staff_home_is_accessible(browsing, in_app):
    """Does the staff home pass axe after a staff login?"""
    with in_app():
        staff = make_staff()
    page = browsing.new_page()
    page.goto(browsing.url("/login"))
    _log_in(page, staff.email)
    expect(page).to_have_url(re.compile(r"/staff/$"))
    browsing.check(page, "staff home")


def test_lease_not_started_page_is_accessible(browsing, in_app):
    """Does the 'not open yet' page (lease starts in the future) pass axe, without the flat?"""
    with in_app():
        user = make_tenant(starts_on=date.today() + timedelta(days=20))
        email, flat_number = user.email, user.flat.number
    page = browsing.new_page()
    page.goto(browsing.url("/login"))
    _log_in(page, email)
    expect(page).to_have_url(re.compile(r"/my/$"))
    expect(page.locator("main")).not_to_contain_text(flat_number)
    expect(page.locator("main h1")).to_have_count(1)
    browsing.check(page, "lease not started")

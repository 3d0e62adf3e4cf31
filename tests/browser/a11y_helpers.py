"""Helpers shared by the browser tests: open a page in a language, check it, log in, and tell
whether HTMX swapped content in place (the same document) or the page was reloaded."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.factories import PASSWORD


def check(browsing, page, lang: str, label: str) -> None:
    """The page is in ``lang``, has one h1 in main, and axe finds nothing."""
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("main#main h1")).to_have_count(1)
    browsing.check(page, f"{label} [{lang}]")


def open_page(browsing, page, path: str, lang: str, label: str, status: int = 200) -> None:
    response = page.goto(browsing.url(path))
    assert response is not None
    assert response.status == status, f"{label}: {response.status}"
    check(browsing, page, lang, label)


def page_in(browsing, lang: str, **context_args):
    """A new page whose browser has chosen ``lang`` (the language cookie)."""
    page = browsing.new_page(**context_args)
    page.context.add_cookies([{"name": "lang", "value": lang, "url": browsing.base_url}])
    return page


def log_in(browsing, page, email: str) -> None:
    """Log the page's browser context in through the login form's POST (real CSRF), without
    rendering the pages: logging in by hand is tested in test_registration.py."""
    request = page.context.request
    form = request.get(browsing.url("/login")).text()
    csrf = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', form)
    assert csrf, "no CSRF token on the login page"
    answer = request.post(
        browsing.url("/login"),
        form={"csrf_token": csrf.group(1), "email": email, "password": PASSWORD},
    )
    assert answer.ok, answer.status
    assert "/login" not in answer.url, f"login refused for {email}"


def no_horizontal_scroll(page, label: str) -> None:
    width, window = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width <= window, f"{label}: the page is {width} px wide in a {window} px window"


def mark_document(page) -> None:
    """Tag the loaded document: a reload or a navigation would lose the tag."""
    page.evaluate("window.__sameDocument = true")


def same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def type_company_search(page, text: str, company_id: int):
    """Type ``text`` into the company picker's search by keyboard and wait for its live result:
    the company's radio button and the count in the live region. Returns (search, choice)."""
    search = page.locator("#company_q")
    search.focus()
    page.keyboard.type(text, delay=20)
    choice = page.locator(f"#company-results input[value='{company_id}']")
    expect(choice).to_have_count(1)
    expect(page.locator("#company-announce")).not_to_be_empty()  # the count, said politely
    return search, choice

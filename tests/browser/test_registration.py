"""Registering, activating, logging in and resetting a password as a person would: in Chromium,
against the live app with real CSRF, the OIDC provider's own page, real SMTP and the demo mailbox.

Texts are matched only in English contexts (locale en-US); other languages are checked through
``html[lang]``, roles, ids and URLs, so the tests hold while the catalogs are being translated.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    file_fault_report,
    make_flat,
    make_lease,
    make_resident,
    make_staff,
    make_tenant,
)

pytestmark = pytest.mark.browser


def _path(page, path: str) -> None:
    """Wait until the page is at ``path`` (a regular expression for the path; any query)."""
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+" + path + r"(\?.*)?$"))


def _open_newest_mail(browsing, page, recipient: str, link_path: str) -> str:
    """Demo mailbox → the newest mail to ``recipient`` → its link (checked on every page)."""
    page.get_by_role("link", name="Demo mailbox").click()
    _path(page, "/demo/mail")
    browsing.check(page, "demo mailbox")
    page.get_by_role("row").filter(has_text=recipient).first.get_by_role("link").click()
    _path(page, r"/demo/mail/\d+")
    browsing.check(page, "a mail in the demo mailbox")
    link = page.locator(f'main a[href*="{link_path}"]')
    href = link.get_attribute("href")
    assert href
    assert href.startswith(browsing.base_url), href
    link.click()
    return href


def _identify(page, sub: str) -> None:
    """From the register page through the identity provider as ``sub``, back at the details."""
    page.get_by_role("link", name="Identify", exact=True).click()
    # the identity provider's own page (third party: not checked with axe)
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    _path(page, "/register/details")


def _log_in(browsing, page, email: str, password: str) -> None:
    _path(page, "/login")
    page.get_by_label("E-mail address").fill(email)
    page.locator("#password").fill(password)
    page.get_by_role("button", name="Log in").click()


def _activate(browsing, page, email: str, password: str) -> None:
    _path(page, "/activate/[^/?]+")
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate your username")
    browsing.check(page, "activation page")
    page.get_by_label("E-mail address").fill(email)
    page.locator("#password").fill(password)
    page.get_by_role("button", name="Activate").click()
    _path(page, "/login")
    expect(page.get_by_role("status")).to_contain_text("Your account is active")
    browsing.check(page, "login page after activation")


def _expect_dashboard(browsing, page, flat_texts: list[str], label: str) -> None:
    _path(page, "/my/")
    # the account's language may differ from the browser's: no words here
    expect(page.locator('.site-nav a[aria-current="page"]')).to_have_attribute("href", "/my/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    for text in flat_texts:
        expect(page.locator("main")).to_contain_text(text)
    browsing.check(page, label)


def test_strong_registration_activation_and_login(browsing, in_app, set_person, live_smtp):
    """Can a resident with a started lease register with strong identification, activate from the
    mail and log in to see the flat on My pages?"""
    with in_app():
        resident = make_resident(first_names="Maija", last_name="Vahva")
        flat = make_flat()
        make_lease(flat, [resident])
        flat_texts = [flat.number, flat.housing_company.name]
    sub = f"strong-{resident.id}"
    set_person(sub, name="Maija Vahva", personal_identity_code=resident.hetu_plain)
    email, password = "maija.vahva@example.fi", "Kissa1!"

    page = browsing.new_page()
    page.goto(browsing.url("/"))
    browsing.check(page, "front page")
    page.get_by_role("link", name="Register as a user").click()
    _path(page, "/register")
    browsing.check(page, "register page")
    _identify(page, sub)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your username and password")
    expect(page.locator("main")).to_contain_text("Maija Vahva")
    browsing.check(page, "choose username and password")

    page.get_by_label("E-mail address").fill(email)
    page.locator("#password").fill("kissa123")  # no upper-case, no special
    page.locator("#confirm").fill("kissa123")
    page.get_by_role("button", name="Register").click()
    _path(page, "/register/details")
    password = page.locator("#password")
    expect(password).to_have_attribute("aria-invalid", "true")
    error = page.locator("#password-error")
    expect(error).to_contain_text("The password is missing")
    expect(error).to_contain_text("an upper-case letter")
    expect(error).to_contain_text("a special character")
    assert "password-error" in (password.get_attribute("aria-describedby") or "")
    browsing.check(page, "password rule broken")

    page.get_by_label("E-mail address").fill(email)
    password.fill("Kissa1!")
    page.locator("#confirm").fill("Kissa1!")
    page.get_by_role("button", name="Register").click()
    _path(page, "/register/done")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    browsing.check(page, "check your e-mail")

    href = _open_newest_mail(browsing, page, email, "/activate/")
    sent = live_smtp.to(email)
    assert len(sent) == 1
    assert href in sent[0].get_body(("plain",)).get_content()

    _activate(browsing, page, email, password="Kissa1!")
    _log_in(browsing, page, email, "Kissa1!")
    _expect_dashboard(browsing, page, flat_texts, "dashboard after strong registration")


def test_office_identification_and_registration(browsing, in_app, live_smtp):
    """Can staff record a passport and give a code, and the resident (another person, another
    browser) register with it under the office rule, activate and log in?"""
    with in_app():
        resident = make_resident(first_names="Toivo", last_name="Toimistola")
        flat = make_flat()
        make_lease(flat, [resident])
        staff = make_staff(language="en")
        flat_texts = [flat.number, flat.housing_company.name]

    desk = browsing.new_page()
    desk.goto(browsing.url("/login"))
    browsing.check(desk, "login page (staff)")
    _log_in(browsing, desk, staff.email, PASSWORD)
    _path(desk, "/staff/")
    browsing.check(desk, "staff home")
    desk.get_by_role("link", name="Office identification").click()
    _path(desk, "/staff/identification")
    browsing.check(desk, "office identification")
    desk.get_by_label("Name or personal identity code").fill("Toimistola")
    desk.get_by_role("button", name="Search").click()
    row = desk.get_by_role("row").filter(has_text="Toivo Toimistola")
    expect(row).to_have_count(1)
    browsing.check(desk, "office identification search results")
    row.get_by_label("Identity document shown").select_option("passport")
    row.get_by_role("button", name="Record for Toivo Toimistola").click()
    code_box = desk.locator(".code-display")
    expect(code_box).to_be_visible()
    code = code_box.inner_text().strip()
    assert code
    browsing.check(desk, "office identification recorded")

    email = "toivo@example.fi"
    page = browsing.new_page()  # the resident: another person, another browser
    page.goto(browsing.url("/"))
    page.get_by_role("link", name="Register as a user").click()
    _path(page, "/register")
    page.get_by_role("link", name="Register with office identification").click()
    _path(page, "/register/office")
    browsing.check(page, "register with office identification")

    # first who you are (no password asked yet), then username and password
    page.get_by_label("Identification code from the office").fill(code)
    page.get_by_label("Personal identity code").fill(resident.hetu_plain)
    page.get_by_role("button", name="Continue").click()
    _path(page, "/register/office")
    expect(page.locator("main")).to_contain_text("You are identified as Toivo Toimistola")
    browsing.check(page, "office registration: username and password")

    def fill(password: str) -> None:
        page.get_by_label("E-mail address").fill(email)
        page.locator("#password").fill(password)
        page.locator("#confirm").fill(password)
        page.get_by_role("button", name="Register").click()

    fill("Kotiovi1")  # 8 characters with an upper-case letter, but no special character
    _path(page, "/register/office")
    expect(page.locator("#password-error")).to_contain_text("a special character")
    browsing.check(page, "office password rule broken")
    fill("kotiovi-Avain")
    _path(page, "/register/done")
    browsing.check(page, "check your e-mail (office)")

    _open_newest_mail(browsing, page, email, "/activate/")
    assert len(live_smtp.to(email)) == 1
    _activate(browsing, page, email, "kotiovi-Avain")
    _log_in(browsing, page, email, "kotiovi-Avain")
    _expect_dashboard(browsing, page, flat_texts, "dashboard after office registration")


def test_new_username_after_an_address_change(browsing, in_app, set_person, live_smtp):
    """Can a tenant whose address changed identify, hear at once (before any password) that they
    have an account, choose a new username, and after activating it see their flat and the old
    account's fault report, while the old account's session has ended?"""
    with in_app() as app:
        old = make_tenant(email="vanha.osoite@example.fi")
        report = file_fault_report(app, old)
        hetu, name, flat_texts = old.resident.hetu_plain, old.resident.full_name, [old.flat.number]
    sub = f"moved-{report.id}"
    set_person(sub, name=name, personal_identity_code=hetu)
    email, password = "uusi.osoite@example.fi", "Muutto1!"

    old_browser = browsing.new_page()  # the old account, still logged in somewhere
    old_browser.goto(browsing.url("/login"))
    _log_in(browsing, old_browser, "vanha.osoite@example.fi", PASSWORD)
    _path(old_browser, "/my/")

    page = browsing.new_page()
    page.goto(browsing.url("/register"))
    _identify(page, sub)
    expect(page.get_by_role("heading", level=1)).to_have_text("You already have an account")
    expect(page.locator("main")).to_contain_text("v***e@example.fi")
    expect(page.locator("main")).not_to_contain_text("vanha.osoite@example.fi")
    expect(page.locator("input[type=password]")).to_have_count(0)
    expect(page.locator("main").get_by_role("link", name="Log in")).to_have_attribute(
        "href", "/login"
    )
    browsing.check(page, "you already have an account")

    page.get_by_role("link", name="Register a new username").click()
    _path(page, "/register/details")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your username and password")
    expect(page.locator("main")).to_contain_text("Your old account will be closed")
    browsing.check(page, "new username form")
    page.get_by_label("E-mail address").fill(email)
    page.locator("#password").fill(password)
    page.locator("#confirm").fill(password)
    page.get_by_role("button", name="Register").click()
    _path(page, "/register/done")

    old_browser.reload()
    _path(old_browser, "/login")  # the old account's session ended with it

    _open_newest_mail(browsing, page, email, "/activate/")
    assert len(live_smtp.to(email)) == 1
    _activate(browsing, page, email, password)
    _log_in(browsing, page, email, password)
    _expect_dashboard(browsing, page, flat_texts, "dashboard under the new username")
    page.goto(browsing.url("/my/faults/"))
    page.locator(f'main a[href="/my/faults/{report.id}"]').click()
    expect(page.locator("main")).to_contain_text(report.description)
    browsing.check(page, "the old account's fault report under the new username")


def test_log_out_everywhere_from_the_header(browsing, in_app):
    """Does "Log out everywhere" in the header end the session in the user's other browser too?"""
    with in_app():
        email = make_tenant().email
    phone, laptop = browsing.new_page(), browsing.new_page()
    for page in (phone, laptop):
        page.goto(browsing.url("/login"))
        _log_in(browsing, page, email, PASSWORD)
        _path(page, "/my/")
    browsing.check(phone, "dashboard with both log out buttons")
    phone.get_by_role("button", name="Log out everywhere").click()
    _path(phone, "/")
    expect(phone.get_by_role("status")).to_contain_text("You have logged out on every device")
    browsing.check(phone, "front page after logging out everywhere")
    laptop.reload()
    _path(laptop, "/login")


def test_password_reset_by_mail(browsing, in_app, live_smtp):
    """Can a user order a reset link on the login page, set a new password and log in with it?"""
    with in_app():
        user = make_tenant()
        email, flat_texts = user.email, [user.flat.number]

    page = browsing.new_page()
    page.goto(browsing.url("/login"))
    browsing.check(page, "login page")
    page.get_by_role("link", name="Forgot your password?").click()
    _path(page, "/password/forgot")
    browsing.check(page, "forgot password")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_role("button", name="Send the link").click()
    _path(page, "/login")
    expect(page.get_by_role("status")).to_contain_text("a link to set a new password")
    browsing.check(page, "login page after ordering a reset link")

    _open_newest_mail(browsing, page, email, "/password/reset/")
    _path(page, "/password/reset/[^/?]+")
    browsing.check(page, "set a new password")
    page.locator("#password").fill("Uusi1!x")
    page.locator("#confirm").fill("Uusi1!x")
    page.get_by_role("button", name="Change the password").click()
    _path(page, "/login")
    browsing.check(page, "login page after the reset")
    assert len(live_smtp.to(email)) == 2  # the link, then the notice of the change

    _log_in(browsing, page, email, PASSWORD)  # the old password no longer works
    _path(page, "/login")
    expect(page.locator("main")).to_contain_text("The e-mail address or password is wrong")
    browsing.check(page, "login refused")
    _log_in(browsing, page, email, "Uusi1!x")
    _expect_dashboard(browsing, page, flat_texts, "dashboard after the reset")


def _lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def test_language_switch_is_remembered(browsing):
    """Does a Finnish browser get Finnish, and do the header links switch to Swedish and English
    for this and the following pages?"""
    page = browsing.new_page(locale="fi-FI")
    page.goto(browsing.url("/"))
    assert _lang(page) == "fi"
    browsing.check(page, "front page in Finnish")

    page.get_by_role("navigation").get_by_role("link", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    _path(page, "/")
    expect(page.locator('a[hreflang="sv"]')).to_have_attribute("aria-current", "true")
    browsing.check(page, "front page in Swedish")
    page.goto(browsing.url("/login"))
    assert _lang(page) == "sv"  # remembered on the next load
    browsing.check(page, "login page in Swedish")

    page.locator('a[hreflang="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    _path(page, "/login")  # back where the switch was made
    page.goto(browsing.url("/register"))
    assert _lang(page) == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("Register as a user")
    browsing.check(page, "register page in English")

    swedish = browsing.new_page(locale="sv-SE")
    swedish.goto(browsing.url("/"))
    assert _lang(swedish) == "sv"
    browsing.check(swedish, "front page for a Swedish browser")


def _focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {id: e.id, tag: e.tagName, cls: e.className, href: e.getAttribute('href')}; }"
    )


def test_login_with_keyboard_only(browsing, in_app):
    """Does Tab reach the skip link first, does it move focus to the main content, and can the
    login form be filled and sent with the keyboard alone?"""
    with in_app():
        user = make_tenant()
        email, flat_texts = user.email, [user.flat.number]

    page = browsing.new_page()
    page.goto(browsing.url("/login"))
    browsing.check(page, "login page")
    page.keyboard.press("Tab")
    focused = _focused(page)
    assert "skip-link" in focused["cls"], focused
    assert focused["href"] == "#main", focused
    expect(page.locator(".skip-link")).to_be_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"

    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "email"
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    focused = _focused(page)
    assert focused["tag"] == "BUTTON", focused
    page.keyboard.press("Enter")
    _expect_dashboard(browsing, page, flat_texts, "dashboard after a keyboard login")


def _no_horizontal_scroll(page, label: str) -> None:
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1], f"{label}: page is {sizes[0]} px wide in a {sizes[1]} px window"


def test_phone_size(browsing, in_app):
    """At 390×844 do the front, login and dashboard pages fit the width (no sideways scroll)?"""
    with in_app():
        user = make_tenant()
        email, flat_texts = user.email, [user.flat.number]

    page = browsing.new_page(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=3,
    )
    page.goto(browsing.url("/"))
    _no_horizontal_scroll(page, "front page")
    browsing.check(page, "front page on a phone")
    page.goto(browsing.url("/login"))
    _no_horizontal_scroll(page, "login page")
    browsing.check(page, "login page on a phone")
    _log_in(browsing, page, email, PASSWORD)
    _expect_dashboard(browsing, page, flat_texts, "dashboard on a phone")
    _no_horizontal_scroll(page, "dashboard")

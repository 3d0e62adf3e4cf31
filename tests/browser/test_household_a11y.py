"""The household pages pass axe in Finnish, Swedish and English: the contact page (as filled,
and with a refused IBAN said next to its field), the e-mail confirmation page opened from the
mailed link, the occupants page (the register, a pending report, a refused report), and the
desk's occupant queue. Keyboard: every form is reached and sent with the keyboard alone.

The language is chosen with the ``lang`` cookie; data is made with the factories and services.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from heka_asoy.models import OutboxMail
from heka_asoy.services import household
from tests.browser.a11y_helpers import check, log_in, no_horizontal_scroll, open_page, page_in
from tests.factories import add_other_resident, make_resident, make_staff, make_tenant

pytestmark = pytest.mark.browser


def _make_household(app):
    tenant = make_tenant()
    add_other_resident(tenant.flat, make_resident(first_names="Oskari", last_name="Lahtinen"))
    with app.test_request_context():
        household.report_move_in(
            tenant, tenant.flat.id, "Eeva", "Lahtinen", date(1999, 4, 12), household.today()
        )
        household.set_bank_account(tenant, "FI2112345600000785", "Testi Asukas")
        household.request_email_change(tenant, "uusi.osoite@example.fi")
    body = OutboxMail.get(OutboxMail.kind == "contact_email_confirm").body_text
    link = re.search(r"https?://[^/\s]+(/my/contact/confirm-email/\S+)", body).group(1)
    return {"tenant": tenant.email, "staff": make_staff().email, "link": link}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_household_pages_are_accessible(browsing, in_app, lang):
    """Does every household page and state pass axe in this language, and can the forms be used
    by keyboard?"""
    with in_app() as app:
        data = _make_household(app)
    page = page_in(browsing, lang)
    log_in(browsing, page, data["tenant"])

    open_page(browsing, page, "/my/contact", lang, "contact page")
    expect(page.get_by_text("NDEAFIHH")).to_be_visible()
    iban = page.locator("#bank-iban")
    iban.fill("FI21 1234 5600 0007 86")
    iban.press("Enter")  # by keyboard: Enter sends the form
    expect(page.locator("#bank-iban-error")).to_be_visible()
    expect(page.locator("#bank-iban")).to_have_attribute("aria-invalid", "true")
    check(browsing, page, lang, "contact page: IBAN refused")

    phone = page.locator("#details-phone")
    phone.fill("040 123 4567")
    phone.press("Enter")
    expect(page).to_have_url(re.compile(r"/my/contact$"))
    expect(page.locator(".flash")).to_be_visible()
    check(browsing, page, lang, "contact page: saved")

    open_page(browsing, page, "/my/occupants", lang, "occupants page")
    expect(page.locator(".booking-card")).to_have_count(1)
    page.locator("#in-first_names").fill("Uusi")
    page.locator("#in-first_names").press("Enter")  # the other fields missing
    expect(page.locator(".error-summary")).to_be_focused()
    check(browsing, page, lang, "occupants page: move-in refused")

    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/my/occupants", "/my/contact"):
        page.goto(browsing.url(path))
        no_horizontal_scroll(page, f"{path} on a phone [{lang}]")

    other = page_in(browsing, lang)  # the link, opened in another browser
    open_page(browsing, other, data["link"], lang, "confirm e-mail page")
    other.locator("main form button[type=submit]").press("Enter")
    expect(other.locator("main h1")).to_have_count(1)
    check(browsing, other, lang, "e-mail confirmed page")
    open_page(browsing, other, data["link"], lang, "used link page", status=410)

    desk = page_in(browsing, lang)
    log_in(browsing, desk, data["staff"])
    open_page(browsing, desk, "/staff/occupants/", lang, "desk occupant queue")
    desk.locator("main form button[name$='-reject']").first.click()
    expect(desk.locator(".flash[role=alert]")).to_be_visible()
    check(browsing, desk, lang, "desk occupant queue: reason missing")
    desk.locator("main form button[name$='-confirm']").first.click()
    expect(desk.locator(".flash[role=status]")).to_be_visible()
    check(browsing, desk, lang, "desk occupant queue: confirmed")

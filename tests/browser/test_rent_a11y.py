"""The rent page passes axe in Finnish, Swedish and English, with open, partly paid, overdue and
paid invoices; its barcode and QR images load; it fits a phone's width; and its copy buttons work
from the keyboard (Enter and Space) and say what they copied."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from heka_asoy.models import Fee, Lease
from tests.browser.a11y_helpers import check, log_in, no_horizontal_scroll, open_page, page_in
from tests.factories import make_rent_invoice, make_rent_year, make_tenant

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _make_rent():
    """A lease party with a year of paid invoices, one overdue, one partly paid and one open,
    and a water fee beside the rent."""
    tenant = make_tenant()
    lease = Lease.get(Lease.flat == tenant.flat)
    today = date.today()
    Fee.create(
        lease=lease,
        kind="water",
        description="Vesimaksu 1 hlö",
        monthly_amount=Decimal("22.00"),
        starts_on=today - timedelta(days=300),
    )
    make_rent_year(lease, 12)
    make_rent_invoice(lease, today.replace(day=1) - timedelta(days=60))  # overdue
    make_rent_invoice(
        lease,
        today.replace(day=1) + timedelta(days=32),
        due_on=today + timedelta(days=20),
        status="partly_paid",
        paid_amount=Decimal("100.00"),
        reference="1234561",
    )
    return tenant.email


def _images_loaded(page) -> bool:
    return page.evaluate(
        "() => [...document.querySelectorAll('.pay-codes img')]"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_rent_page_is_accessible(browsing, in_app, lang):
    with in_app():
        email = _make_rent()
    page = page_in(browsing, lang)
    log_in(browsing, page, email)
    open_page(browsing, page, "/my/rent", lang, "rent page")
    expect(page.locator(".pay-card")).to_have_count(3)
    expect(page.locator(".rent-invoices tbody tr")).to_have_count(14)
    expect(page.locator(".pay-card button.copy-button").first).to_be_visible()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.pay-codes img')].every((i) => i.complete)"
    )
    assert _images_loaded(page)
    page.locator(".pay-lines summary").first.click()
    check(browsing, page, lang, "rent page, invoice lines open")

    page.set_viewport_size(PHONE)
    page.goto(browsing.url("/my/rent"))
    no_horizontal_scroll(page, f"rent page [{lang}]")
    check(browsing, page, lang, "rent page on a phone")


def test_copy_buttons_work_by_keyboard(browsing, in_app):
    """Do Enter and Space on a copy button put the value on the clipboard and say so?"""
    with in_app():
        email = _make_rent()
    page = page_in(browsing, "en", permissions=["clipboard-read", "clipboard-write"])
    log_in(browsing, page, email)
    page.goto(browsing.url("/my/rent"))
    card = page.locator(".pay-card").filter(has_text="12 34561")
    reference = card.get_by_role("button", name="Copy reference number")
    reference.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#copy-status")).to_have_text("Copied: reference number")
    # the button says it too, for a while (its name then starts "Copied", so find it by value)
    expect(card.locator("button[data-copy='1234561']")).to_contain_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == "1234561"

    iban = card.get_by_role("button", name="Copy IBAN")
    iban.focus()
    page.keyboard.press("Space")
    expect(page.locator("#copy-status")).to_have_text("Copied: IBAN")
    assert page.evaluate("navigator.clipboard.readText()") == "FI2112345600000785"

    amount = card.get_by_role("button", name="Copy amount")
    amount.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("navigator.clipboard.readText()") == "520.00"
    check(browsing, page, "en", "rent page after copying")

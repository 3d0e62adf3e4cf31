"""The desk's payment pages pass axe in Finnish, Swedish and English: the upload form, a refused
file (with its reason), an import's page, the imports list, the unmatched payments with their
allocation forms, and the invoice lookup showing an overpaid invoice. The upload is made with
the real file input, by keyboard-reachable controls."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.bank_files import BANK_DATA
from tests.browser.a11y_helpers import check, log_in, open_page, page_in
from tests.factories import make_payable_invoice, make_staff

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_payment_pages_are_accessible(browsing, in_app, lang):
    with in_app():
        staff = make_staff()
        make_payable_invoice("20261100017", "450.00")
        make_payable_invoice("20261100020", "450.00")
        make_payable_invoice("20261100033", "300.00")
        target = make_payable_invoice(amount="75.00")
        email, number = staff.email, target.number

    page = page_in(browsing, lang)
    log_in(browsing, page, email)
    open_page(browsing, page, "/staff/billing/payments/import", lang, "payment upload form")

    page.set_input_files("#file", str(BANK_DATA / "ktl_sum_mismatch.txt"))
    page.locator("form.form-narrow button[type=submit]").click()
    expect(page.locator("#refusal-reason")).to_contain_text("8")
    check(browsing, page, lang, "payment file refused")

    page.set_input_files("#file", str(BANK_DATA / "camt054_001_08.xml"))
    page.locator("form.form-narrow button[type=submit]").click()
    expect(page.locator("dl.facts dd").first).to_have_text("1")
    check(browsing, page, lang, "payment import page")

    open_page(browsing, page, "/staff/billing/payments/imports", lang, "payment imports")
    open_page(browsing, page, "/staff/billing/payments/unmatched", lang, "unmatched payments")
    page.locator("input[name=key]").first.fill(number)
    page.locator("input[name=key]").first.press("Enter")
    expect(page.locator("main")).to_contain_text(number)
    check(browsing, page, lang, "unmatched payments after allocation")

    open_page(browsing, page, "/staff/billing/payments/invoices?q=RF9620261100033", lang,
              "invoice lookup")
    expect(page.locator("dl.facts")).to_be_visible()

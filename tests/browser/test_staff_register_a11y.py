"""The admins' register, flat page, audit log and staff accounts pass axe in Finnish, Swedish
and English; the search works by keyboard (type, Enter: HTMX swaps the results in place) and
never shows a full identity code; on a phone (390 px) no page scrolls sideways; an account is
disabled by keyboard."""

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
)
from tests.factories import (
    add_other_resident,
    make_company,
    make_flat,
    make_lease,
    make_resident,
    make_staff,
    make_user,
    register_flat_history,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_register_pages_are_accessible(browsing, in_app, lang):
    with in_app():
        admin = make_staff(role="admin")
        worker = make_staff()
        company = make_company(name="Asunto Oy Selainkatu 9", street_address="Selainkatu 9")
        flat = make_flat(company, number="D 40")
        party = make_resident(first_names="Selma", last_name="Selainen")
        lease = make_lease(flat, [party])
        add_other_resident(flat, make_resident(first_names="Otto", last_name="Muu"))
        user = make_user(party)
        register_flat_history(flat, user, lease)
        email, worker_id, flat_id = admin.email, worker.id, flat.id
        code, masked = party.hetu_plain, party.hetu_masked

    page = page_in(browsing, lang)
    log_in(browsing, page, email)
    open_page(browsing, page, "/staff/register/", lang, "register search")

    mark_document(page)
    page.locator("#person").focus()
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_contain_text("Selma Selainen")
    assert same_document(page)  # HTMX swapped the results in place
    assert code not in page.content()
    expect(page.locator("#person")).to_have_value(masked)
    check(browsing, page, lang, "register search by identity code")

    page.locator("#person").fill("")
    page.locator("#address").fill("selainkatu")
    page.locator("#address").press("Enter")
    link = page.locator(f"#results a[href='/staff/register/flat/{flat_id}']")
    expect(link).to_be_visible()
    check(browsing, page, lang, "register search by address")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Selainkatu 9, D 40")
    assert code not in page.content()
    check(browsing, page, lang, "register flat page")

    open_page(browsing, page, f"/staff/audit/?whom_type=flat&whom_id={flat_id}", lang,
              "audit log about a flat")  # fmt: skip
    expect(page.locator("#results tbody tr").first).to_be_visible()
    open_page(browsing, page, "/staff/accounts/", lang, "staff accounts")
    button = page.locator(f"form[action='/staff/accounts/{worker_id}/disable'] button")
    button.focus()
    page.keyboard.press("Enter")
    expect(
        page.locator(f"form[action='/staff/accounts/{worker_id}/enable'] button")
    ).to_be_visible()
    check(browsing, page, lang, "staff accounts after disabling")

    phone = page_in(browsing, lang, viewport=PHONE)
    log_in(browsing, phone, email)
    for path, label in (
        (f"/staff/register/flat/{flat_id}", "flat page on a phone"),
        ("/staff/register/?address=selainkatu", "register search on a phone"),
        ("/staff/audit/", "audit log on a phone"),
        ("/staff/accounts/", "staff accounts on a phone"),
    ):
        open_page(browsing, phone, path, lang, label)
        no_horizontal_scroll(phone, label)

"""The message pages pass axe in Finnish, Swedish and English: the resident's list, the new
message form (sent by keyboard; a refused field said next to it), the thread with the desk's
answer and a reply sent by keyboard that HTMX adds without a reload, My cases, and the desk's
list and thread (internal note marked)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from heka_asoy.models import Message, MessageThread
from heka_asoy.services import messages
from tests.browser.a11y_helpers import (
    check,
    log_in,
    mark_document,
    no_horizontal_scroll,
    open_page,
    page_in,
    same_document,
)
from tests.factories import file_fault_report, make_staff, make_tenant

pytestmark = pytest.mark.browser


def _make(app):
    tenant = make_tenant()
    staff = make_staff()
    file_fault_report(app, tenant)
    with app.test_request_context():
        thread = messages.start_thread(
            tenant, tenant.flat.id, "rent", "Rent reference", "Which reference?", []
        )
        messages.add_note(staff, thread.id, "Checked the ledger")
        messages.answer(staff, thread.id, "The one on the invoice.")
    return {"tenant": tenant.email, "staff": staff.email, "thread": thread.id}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_message_pages_are_accessible_and_work_by_keyboard(browsing, in_app, lang):
    with in_app() as app:
        data = _make(app)
    page = page_in(browsing, lang)
    log_in(browsing, page, data["tenant"])

    open_page(browsing, page, "/my/messages/", lang, "messages list")
    open_page(browsing, page, "/my/messages/new", lang, "new message form")
    page.locator("#subject").fill("Sauna")
    page.locator("#subject").press("Enter")  # topic and message missing
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#body-error")).to_be_visible()
    check(browsing, page, lang, "new message form: refused")

    page.locator("#topic").select_option("tenant_democracy")
    page.locator("#body").fill("When is the next residents' meeting?")
    page.locator("main form button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/my/messages/\d+$"))
    expect(page.locator("#thread-messages")).to_contain_text("residents' meeting")
    check(browsing, page, lang, "thread: sent")

    open_page(browsing, page, f"/my/messages/{data['thread']}", lang, "thread with an answer")
    expect(page.locator("#thread-messages")).to_contain_text("The one on the invoice.")
    expect(page.locator("main")).not_to_contain_text("Checked the ledger")
    mark_document(page)
    page.locator("#reply-form button[type=submit]").focus()
    page.keyboard.press("Enter")  # nothing written: refused next to the field
    expect(page.locator("#reply-form .error-summary")).to_be_focused()
    expect(page.locator("#body-error")).to_be_visible()
    check(browsing, page, lang, "thread: empty reply refused")
    page.locator("#body").fill("Thank you!")
    page.locator("#reply-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#thread-messages")).to_contain_text("Thank you!")
    expect(page.locator("#body")).to_have_value("")
    expect(page.locator("#thread-messages li").last).to_be_focused()
    expect(page.locator("#thread-announce")).not_to_be_empty()
    assert same_document(page), "sending a reply reloaded the page"
    check(browsing, page, lang, "thread: reply added by HTMX")
    with in_app():
        assert MessageThread.get_by_id(data["thread"]).status == "open"
        assert Message.select().where(Message.body == "Thank you!").count() == 1

    open_page(browsing, page, "/my/cases", lang, "my cases")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/my/messages/", f"/my/messages/{data['thread']}", "/my/cases"):
        page.goto(browsing.url(path))
        no_horizontal_scroll(page, f"{path} on a phone [{lang}]")

    desk = page_in(browsing, lang)
    log_in(browsing, desk, data["staff"])
    open_page(browsing, desk, "/staff/messages/", lang, "desk messages list")
    open_page(browsing, desk, f"/staff/messages/{data['thread']}", lang, "desk thread")
    expect(desk.locator(".message--internal")).to_contain_text("Checked the ledger")
    desk.locator("#answer-body").fill("You are welcome.")
    desk.locator("#answer-body").press("Tab")
    desk.locator("form").filter(has=desk.locator("#answer-body")).locator(
        "button[type=submit]"
    ).press("Enter")
    expect(desk.locator(".flash")).to_be_visible()
    check(browsing, desk, lang, "desk thread: answered")

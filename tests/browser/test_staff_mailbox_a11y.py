"""The desk mailbox's triage pages pass axe in Finnish, Swedish and English: the queue, a case
with an attachment and register matches; linking it by keyboard (Tab to the flat's button,
Enter) takes it out of the queue."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from playwright.sync_api import expect

from heka_asoy.domain.contacts import ASOY_DESK_EMAIL
from heka_asoy.models import MessageThread
from heka_asoy.services import mailbox
from tests.browser.a11y_helpers import check, log_in, open_page, page_in
from tests.factories import make_flat, make_lease, make_resident, make_staff, scan_pdf

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_triage_pages_are_accessible(browsing, in_app, lang):
    with in_app():
        staff = make_staff()
        resident = make_resident(first_names="Ville", last_name="Vallaton")
        flat = make_flat()
        make_lease(flat, [resident])
        msg = EmailMessage()
        msg["From"] = "Tuntematon <tuntematon@example.org>"
        msg["To"] = ASOY_DESK_EMAIL
        msg["Subject"] = "Avain hukassa"
        msg["Message-ID"] = "<a11y@example.org>"
        msg.set_content("Hei,\n\navain on hukassa.")
        msg.add_attachment(scan_pdf(), maintype="application", subtype="pdf", filename="a.pdf")
        mailbox.take(bytes(msg))
        email, thread_id, flat_id = staff.email, MessageThread.get().id, flat.id

    page = page_in(browsing, lang)
    log_in(browsing, page, email)
    open_page(browsing, page, "/staff/mailbox/", lang, "mailbox triage queue")
    open_page(browsing, page, f"/staff/mailbox/{thread_id}?q=vallaton", lang,
              "mailbox case with matches")
    button = page.locator(f"button[name=flat_id][value='{flat_id}']")
    page.locator("#q").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    page.keyboard.press("Enter")
    expect(page.locator("main")).not_to_contain_text("Avain hukassa")
    check(browsing, page, lang, "mailbox triage queue after linking")

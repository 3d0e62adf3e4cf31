"""The staff home's operations box (admins): axe passes in fi, sv and en, and at a phone's
width (390 px) the page does not scroll sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from heka_asoy import tasks
from heka_asoy.models import OutboxMail
from tests.browser.a11y_helpers import log_in, no_horizontal_scroll, open_page, page_in
from tests.factories import make_staff

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_operations_box_is_accessible(browsing, in_app, lang):
    with in_app():
        admin = make_staff(role="admin")
        OutboxMail.create(recipient="a@example.fi", subject="s", body_text="t")
        OutboxMail.create(recipient="b@example.fi", subject="s", body_text="t", status="dead")
        tasks.sweep_counters()  # a periodic job's run, recorded for the box
        email = admin.email
    page = page_in(browsing, lang, viewport=PHONE)
    log_in(browsing, page, email)
    open_page(browsing, page, "/staff/", lang, "staff home with operations box")
    expect(page.locator("#operations")).to_be_visible()
    expect(page.locator("#operations")).to_contain_text("sweep_counters")
    no_horizontal_scroll(page, f"staff home [{lang}]")

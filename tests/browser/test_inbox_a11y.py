"""The desk queue, its reply templates and the notifications bell and page pass axe in Finnish,
Swedish and English; the desk assigns a case and a resident opens a notification by keyboard.

Data is made with the factories: a case of each kind (a mailbox case waiting for triage and an
overdue one), a reply template, and a resident with an unread and a read notification.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from heka_asoy.models import utcnow
from tests.browser.a11y_helpers import check, log_in, open_page, page_in
from tests.browser.test_narrow_screens import settled
from tests.factories import (
    file_fault_report,
    make_inbox_notification,
    make_inbox_request,
    make_inbox_thread,
    make_staff,
    make_tenant,
)

pytestmark = pytest.mark.browser


def _data(app):
    from heka_asoy.models import ReplyTemplate

    tenant = make_tenant()
    file_fault_report(app, tenant)
    old = utcnow() - timedelta(days=10)
    make_inbox_thread(tenant.flat, tenant, subject="Vuokranmaksu", created_at=old, updated_at=old)
    mail = make_inbox_thread(None, None, source="email", needs_triage=True, subject="Kysymys",
                             sender_email="tuntematon@example.com")  # fmt: skip
    make_inbox_request(tenant.flat, tenant)
    ReplyTemplate.create(name="Kiitos", body_fi="Kiitos viestistä.", body_sv="Tack.")
    make_inbox_notification(tenant, text="Vikailmoitukseesi on vastattu", url="/my/faults/")
    make_inbox_notification(tenant, text="Luettu jo", read_at=utcnow())
    staff = make_staff()
    return {"tenant": tenant.email, "staff": staff.email, "staff_id": staff.id, "mail": mail.id,
            "company": tenant.flat.housing_company.business_id}  # fmt: skip


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_inbox_and_bell_are_accessible(browsing, in_app, lang):
    with in_app() as app:
        data = _data(app)

    desk = page_in(browsing, lang)
    log_in(browsing, desk, data["staff"])
    open_page(browsing, desk, "/staff/inbox/", lang, "desk queue")
    expect(desk.locator("#results tbody tr")).to_have_count(4)
    # Filter by housing company: part of its business ID typed, the results follow (HTMX).
    company = desk.locator("#company")
    company.fill(data["company"][2:])
    settled(desk, lambda: company.press("Tab"))  # a changed field filters
    expect(desk.locator("#results tbody tr")).to_have_count(3)  # not the mail without a flat
    check(browsing, desk, lang, "desk queue by housing company")
    open_page(browsing, desk, "/staff/inbox/?overdue=y", lang, "desk queue, overdue")
    open_page(browsing, desk, "/staff/inbox/templates", lang, "reply templates")
    open_page(browsing, desk, "/staff/inbox/templates/new", lang, "new reply template")
    open_page(browsing, desk, "/notifications/", lang, "notifications, staff")

    # Assign the mailbox case to oneself by keyboard.
    open_page(browsing, desk, "/staff/inbox/?kind=mailbox", lang, "desk queue, mailbox")
    select = desk.locator(f"#assign-2-{data['mail']}")
    select.select_option(str(data["staff_id"]))
    select.focus()
    desk.keyboard.press("Tab")
    with desk.expect_navigation():
        desk.keyboard.press("Enter")
    expect(desk.locator(".flash--success")).to_be_visible()
    expect(desk.locator(f"#assign-2-{data['mail']}")).to_have_value(str(data["staff_id"]))

    resident = page_in(browsing, lang)
    log_in(browsing, resident, data["tenant"])
    open_page(browsing, resident, "/my/", lang, "dashboard with the bell")
    bell = resident.locator("#notification-bell")
    unread = int(resident.locator("#notification-bell .bell__count").inner_text())
    assert unread >= 1  # ours, and the fault report's own notice
    bell.focus()
    resident.keyboard.press("Enter")
    expect(resident).to_have_url(browsing.url("/notifications/"))
    open_page(browsing, resident, "/notifications/", lang, "notifications")
    resident.get_by_role("button", name="Vikailmoitukseesi on vastattu").focus()
    resident.keyboard.press("Enter")
    expect(resident).to_have_url(browsing.url("/my/faults/"))
    expect(resident.locator("#notification-bell .bell__count")).to_have_text(str(unread - 1))

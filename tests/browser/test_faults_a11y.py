"""Every page of the fault-report flow passes axe in Finnish, Swedish and English: the resident's
list, form (also with errors) and report page, the public form (also with the urgent alert) and
its after-pages, the maintenance page (also with errors, and a refused link), and the desk's
queue, report page and review queue. The resident's form and report page also fit a phone's
width (390×844) without sideways scrolling.

The language is chosen with the ``lang`` cookie (as the header's language links set it), which
wins over the account's language. Data is made with the services, not through the pages: the
flow itself is tested in test_faults_flow.py.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import time_machine
from PIL import Image
from playwright.sync_api import expect

from heka_asoy.domain import faults as rules
from heka_asoy.models import FaultReport, OutboxMail
from heka_asoy.services import faults as service
from heka_asoy.services.faults import PublicReporter, ReportInput
from tests.browser.a11y_helpers import (
    check,
    log_in,
    no_horizontal_scroll,
    open_page,
    page_in,
)
from tests.factories import make_staff, make_tenant

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 180)).save(buffer, "JPEG")
    return buffer.getvalue()


def _fault(**kw) -> ReportInput:
    data = {
        "category": "water.tap",
        "description": "The kitchen tap is stiff and hard to turn.",
        "location": "kitchen",
        "pets": "a cat",
        "visiting_times": "weekdays after 15",
        "phone": "040 123 4567",
    }
    data.update(kw)
    return ReportInput(**data)


def _make_reports(app, base_url: str, visit_at):
    """A resident's report (with a photo, a visit agreed, a note from maintenance and an internal
    note of the desk) and a confirmed public report waiting in the review queue."""
    with app.test_request_context(base_url=base_url):
        user = make_tenant()
        staff = make_staff()
        report = service.file_report(user, user.flat.id, _fault(photos=[_jpeg()]))
        report = service.change_status(
            report.id,
            rules.VISIT_AGREED,
            actor_kind=rules.MAINTENANCE,
            version=report.version,
            actor_label="Huolto Oy Testi",
            visit_at=visit_at,
        )
        service.maintenance_note(report.id, "The plumber comes along.", "Huolto Oy Testi")
        service.staff_message(staff, report.id, "Key register checked.", internal=True)
        service.file_public_report(
            user.flat.id,
            PublicReporter(name="Ville Vieras", email="ville@example.fi", phone="050 111 2222"),
            _fault(category="doors_windows.door", description="The front door does not lock."),
            "fi",
        )
        confirm = OutboxMail.get(OutboxMail.kind == "fault_confirm").body_text
        token = re.search(r"/report-fault/confirm/(\S+)", confirm).group(1)
        public = service.confirm_public_report(token)
        # outside a request nothing queues the routing job: run what the worker would
        service.route_public_report(public.id)
        assert FaultReport.get_by_id(public.id).status == rules.REVIEW
        return user.email, staff.email, report.id, service.maintenance_token(report)


def _company_name(report_id: int) -> tuple[int, str]:
    """The report's housing company: its id (for a link) and its name (shown in the filter)."""
    company = FaultReport.get_by_id(report_id).flat.housing_company
    return company.id, company.name


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_fault_pages_are_accessible(browsing, in_app, live_smtp, desk_moments, lang):
    """Does every page of the fault flow pass axe in this language, and do the resident's form
    and report page fit a phone?"""
    with time_machine.travel(desk_moments.open, tick=True):
        with in_app() as app:
            visit_at = desk_moments.open + timedelta(days=1)
            resident, staff, report_id, token = _make_reports(app, browsing.base_url, visit_at)
            company_id, company_name = _company_name(report_id)

        # --- the resident ------------------------------------------------------------------------
        page = page_in(browsing, lang)
        log_in(browsing, page, resident)
        open_page(browsing, page, "/my/faults/", lang, "the flat's fault reports")
        open_page(browsing, page, "/my/faults/new", lang, "new fault report")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("[data-error-summary]")).to_be_focused()
        check(browsing, page, lang, "new fault report with errors")
        open_page(browsing, page, f"/my/faults/{report_id}", lang, "a report")
        expect(page.get_by_role("img")).to_have_count(1)  # the photo's thumbnail

        page.set_viewport_size(PHONE)
        for path, label in (
            ("/my/faults/new", "new fault report"),
            (f"/my/faults/{report_id}", "a report"),
        ):
            page.goto(browsing.url(path))
            no_horizontal_scroll(page, f"{label} [{lang}]")
            check(browsing, page, lang, f"{label} on a phone")

        # --- anyone: the public form -------------------------------------------------------------
        visitor = page_in(browsing, lang)
        open_page(browsing, visitor, "/report-fault/", lang, "public fault form")
        description = visitor.locator("#description")
        description.fill("vesi vuotaa, water is leaking")
        description.press("End")  # a key up: the urgency check runs after a short pause
        expect(visitor.locator("#urgent-warning [role=alert]")).to_be_visible()
        check(browsing, visitor, lang, "public fault form with the urgent alert")
        # the report form's own submit (not the address search's button, form="address-search")
        visitor.locator("main form button[type=submit]:not([form])").click()
        expect(visitor.locator("[data-error-summary]")).to_be_focused()
        check(browsing, visitor, lang, "public fault form with errors")
        open_page(browsing, visitor, "/report-fault/sent", lang, "public report sent")
        open_page(browsing, visitor, "/report-fault/confirmed", lang, "public report confirmed")
        open_page(
            browsing,
            visitor,
            "/report-fault/confirm/forged",
            lang,
            "confirm link refused",
            status=404,
        )

        # --- the maintenance company -------------------------------------------------------------
        maintenance = page_in(browsing, lang)
        open_page(browsing, maintenance, f"/maintenance/{token}", lang, "maintenance page")
        maintenance.locator("main form button[type=submit]").click()  # nothing chosen
        expect(maintenance.locator("[data-error-summary]")).to_be_focused()
        check(browsing, maintenance, lang, "maintenance page with errors")
        open_page(
            browsing,
            maintenance,
            "/maintenance/forged",
            lang,
            "maintenance link refused",
            status=404,
        )

        # --- the desk ----------------------------------------------------------------------------
        desk = page_in(browsing, lang)
        log_in(browsing, desk, staff)
        open_page(browsing, desk, "/staff/faults/", lang, "fault queue")
        # a link names the housing company by id: the field shows its name
        open_page(browsing, desk, f"/staff/faults/?company={company_id}", lang, "company queue")
        expect(desk.locator("#company")).to_have_value(company_name)
        open_page(browsing, desk, f"/staff/faults/{report_id}", lang, "desk report page")
        expect(desk.locator(".timeline__item--internal")).to_have_count(1)
        open_page(browsing, desk, "/staff/faults/review", lang, "review queue")
        expect(desk.get_by_role("article")).to_have_count(1)

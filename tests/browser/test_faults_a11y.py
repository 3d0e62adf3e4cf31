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
from heka_asoy.models import OutboxMail
from heka_asoy.services import faults as service
from heka_asoy.services.faults import PublicReporter, ReportInput
from tests.factories import PASSWORD, make_staff, make_tenant

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 180)).save(buffer, "JPEG")
    return buffer.getvalue()


def _fault(**kw) -> ReportInput:
    data = {
        "category": "appliances.stove",
        "description": "The left hotplate of the stove does not heat.",
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
        assert public.status == rules.REVIEW
        return user.email, staff.email, report.id, service.maintenance_token(report)


def _check(browsing, page, lang: str, label: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("main#main h1")).to_have_count(1)
    browsing.check(page, f"{label} [{lang}]")


def _open(browsing, page, path: str, lang: str, label: str, status: int = 200) -> None:
    response = page.goto(browsing.url(path))
    assert response is not None
    assert response.status == status, f"{label}: {response.status}"
    _check(browsing, page, lang, label)


def _page_in(browsing, lang: str, **context_args):
    page = browsing.new_page(**context_args)
    page.context.add_cookies([{"name": "lang", "value": lang, "url": browsing.base_url}])
    return page


def _log_in(browsing, page, email: str) -> None:
    """Log the page's browser context in through the login form's POST (real CSRF), without
    rendering the pages: logging in by hand is tested in test_registration.py."""
    request = page.context.request
    form = request.get(browsing.url("/login")).text()
    csrf = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', form)
    assert csrf, "no CSRF token on the login page"
    answer = request.post(
        browsing.url("/login"),
        form={"csrf_token": csrf.group(1), "email": email, "password": PASSWORD},
    )
    assert answer.ok, answer.status
    assert "/login" not in answer.url, f"login refused for {email}"


def _no_horizontal_scroll(page, label: str) -> None:
    width, window = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width <= window, f"{label}: the page is {width} px wide in a {window} px window"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_fault_pages_are_accessible(browsing, in_app, live_smtp, desk_moments, lang):
    """Does every page of the fault flow pass axe in this language, and do the resident's form
    and report page fit a phone?"""
    with time_machine.travel(desk_moments.open, tick=True):
        with in_app() as app:
            visit_at = desk_moments.open + timedelta(days=1)
            resident, staff, report_id, token = _make_reports(app, browsing.base_url, visit_at)

        # --- the resident ------------------------------------------------------------------------
        page = _page_in(browsing, lang)
        _log_in(browsing, page, resident)
        _open(browsing, page, "/my/faults/", lang, "the flat's fault reports")
        _open(browsing, page, "/my/faults/new", lang, "new fault report")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("[data-error-summary]")).to_be_focused()
        _check(browsing, page, lang, "new fault report with errors")
        _open(browsing, page, f"/my/faults/{report_id}", lang, "a report")
        expect(page.get_by_role("img")).to_have_count(1)  # the photo's thumbnail

        page.set_viewport_size(PHONE)
        for path, label in (
            ("/my/faults/new", "new fault report"),
            (f"/my/faults/{report_id}", "a report"),
        ):
            page.goto(browsing.url(path))
            _no_horizontal_scroll(page, f"{label} [{lang}]")
            _check(browsing, page, lang, f"{label} on a phone")

        # --- anyone: the public form -------------------------------------------------------------
        visitor = _page_in(browsing, lang)
        _open(browsing, visitor, "/report-fault/", lang, "public fault form")
        description = visitor.locator("#description")
        description.fill("vesi vuotaa, water is leaking")
        description.press("End")  # a key up: the urgency check runs after a short pause
        expect(visitor.locator("#urgent-warning [role=alert]")).to_be_visible()
        _check(browsing, visitor, lang, "public fault form with the urgent alert")
        visitor.locator("main form button[type=submit]").click()
        expect(visitor.locator("[data-error-summary]")).to_be_focused()
        _check(browsing, visitor, lang, "public fault form with errors")
        _open(browsing, visitor, "/report-fault/sent", lang, "public report sent")
        _open(browsing, visitor, "/report-fault/confirmed", lang, "public report confirmed")
        _open(
            browsing,
            visitor,
            "/report-fault/confirm/forged",
            lang,
            "confirm link refused",
            status=404,
        )

        # --- the maintenance company -------------------------------------------------------------
        maintenance = _page_in(browsing, lang)
        _open(browsing, maintenance, f"/maintenance/{token}", lang, "maintenance page")
        maintenance.locator("main form button[type=submit]").click()  # nothing chosen
        expect(maintenance.locator("[data-error-summary]")).to_be_focused()
        _check(browsing, maintenance, lang, "maintenance page with errors")
        _open(
            browsing,
            maintenance,
            "/maintenance/forged",
            lang,
            "maintenance link refused",
            status=404,
        )

        # --- the desk ----------------------------------------------------------------------------
        desk = _page_in(browsing, lang)
        _log_in(browsing, desk, staff)
        _open(browsing, desk, "/staff/faults/", lang, "fault queue")
        _open(browsing, desk, f"/staff/faults/{report_id}", lang, "desk report page")
        expect(desk.locator(".timeline__item--internal")).to_have_count(1)
        _open(browsing, desk, "/staff/faults/review", lang, "review queue")
        expect(desk.get_by_role("article")).to_have_count(1)

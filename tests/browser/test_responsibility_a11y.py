"""Who repairs, in the browser, in Finnish, Swedish and English: choosing a category in the
resident's and the public fault form says who the report goes to (HTMX, no reload, in a status
region), the desk's responsibility table and a report's move form pass axe, and the desk moves a
report by keyboard with a reason."""

from __future__ import annotations

import pytest
import time_machine
from flask_babel import force_locale
from playwright.sync_api import expect

from heka_asoy.labels import RESPONSIBLE_TEXTS
from heka_asoy.services import faults as service
from heka_asoy.services.faults import ReportInput
from tests.browser.a11y_helpers import (
    check,
    log_in,
    mark_document,
    open_page,
    page_in,
    same_document,
    type_company_search,
)
from tests.browser.test_narrow_screens import settled
from tests.factories import make_staff, make_tenant

pytestmark = pytest.mark.browser


def _texts(app, lang: str) -> dict[str, str]:
    """The three sentences as the page says them in ``lang`` (the catalog's words)."""
    with app.test_request_context(), force_locale(lang):
        return {who: str(text) for who, text in RESPONSIBLE_TEXTS.items()}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_fault_forms_say_who_repairs(browsing, in_app, live_smtp, desk_moments, lang):
    with time_machine.travel(desk_moments.open, tick=True):
        with in_app() as app:
            user = make_tenant()
            staff = make_staff()
            with app.test_request_context(base_url=browsing.base_url):
                report = service.file_report(
                    user,
                    user.flat.id,
                    ReportInput(
                        category="appliances.fridge",
                        description="The fridge is warm.",
                        phone="040 123 4567",
                    ),
                )
            texts = _texts(app, lang)
            resident, desk_email, report_id = user.email, staff.email, report.id
            company_id = user.flat.housing_company_id
            company_bid = user.flat.housing_company.business_id
        if lang == "en":
            assert texts["heka"] == "This goes to Heka's asoy desk, which orders the repair."

        # --- the resident's form -------------------------------------------------------------
        page = page_in(browsing, lang)
        log_in(browsing, page, resident)
        open_page(browsing, page, "/my/faults/new", lang, "new fault report")
        region = page.locator("#responsibility")
        expect(region).to_have_attribute("role", "status")
        expect(region).to_have_text("")
        mark_document(page)
        page.locator("#category").select_option("appliances.fridge")
        expect(region).to_contain_text(texts["heka"])
        check(browsing, page, lang, "new fault report: Heka's share")
        page.locator("#category").select_option("water.tap")
        expect(region).to_contain_text(texts["housing_company"])
        page.locator("#category").select_option("electricity.lighting")
        expect(region).to_contain_text(texts["resident"])
        check(browsing, page, lang, "new fault report: the resident's share")
        assert same_document(page), "choosing a category reloaded the page"
        # the report page and the list say who has it
        open_page(browsing, page, f"/my/faults/{report_id}", lang, "a report of Heka's share")
        expect(page.locator("#report-facts")).to_contain_text(texts["heka"])
        open_page(browsing, page, "/my/faults/", lang, "the flat's fault reports")

        # --- the public form -----------------------------------------------------------------
        visitor = page_in(browsing, lang)
        open_page(browsing, visitor, "/report-fault/", lang, "public fault form")
        visitor.locator("#category").select_option("appliances.dishwasher")
        expect(visitor.locator("#responsibility")).to_contain_text(texts["heka"])
        check(browsing, visitor, lang, "public fault form: Heka's share")
        open_page(browsing, visitor, "/report-fault/sent?who=heka", lang, "public report sent")
        expect(visitor.locator("main")).to_contain_text(texts["heka"])

        # --- the desk ------------------------------------------------------------------------
        desk = page_in(browsing, lang)
        log_in(browsing, desk, desk_email)
        open_page(browsing, desk, "/staff/responsibility/", lang, "responsibility table")
        # a rule for one housing company: found by a search with live results, by keyboard
        desk.locator("#category").select_option("water.tap")
        desk.locator("#responsible").select_option("heka")
        mark_document(desk)
        search, choice = type_company_search(desk, company_bid, company_id)
        settled(desk, lambda: search.press("Enter"))  # searches, saves nothing
        assert same_document(desk), "the search reloaded the page"
        choice.focus()
        desk.keyboard.press("Space")
        expect(choice).to_be_checked()
        check(browsing, desk, lang, "responsibility table: a housing company found")
        with desk.expect_navigation():
            desk.locator("#note").press("Tab")  # to the save button
            desk.keyboard.press("Enter")
        expect(desk.locator(".flash--success")).to_be_visible()
        check(browsing, desk, lang, "responsibility table with a company's rule")
        open_page(browsing, desk, "/staff/faults/?responsible=heka", lang, "queue: Heka's share")
        expect(desk.locator("#results tbody tr")).to_have_count(1)
        open_page(browsing, desk, f"/staff/faults/{report_id}", lang, "report with the move form")
        mark_document(desk)
        reason = desk.locator("#move-reason")
        reason.focus()
        reason.fill("The housing company renewed the kitchens.")
        desk.keyboard.press("Tab")
        desk.keyboard.press("Enter")  # the move button, by keyboard
        expect(desk.locator("#report-work .timeline")).to_contain_text("renewed the kitchens")
        assert same_document(desk), "moving reloaded the page"
        check(browsing, desk, lang, "report moved to the housing company")

"""Who repairs, on the pages: the desk's responsibility table (staff only, audited, CSRF), the
fault forms saying who a category goes to (HTMX partial, per language; without JavaScript after
a submit and on the receipt), the resident's pages saying who has a report, and the desk moving
a report with a reason."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from flask_babel import force_locale

from heka_asoy.domain import faults as rules
from heka_asoy.domain import responsibility as parties
from heka_asoy.i18n import LANG_COOKIE
from heka_asoy.labels import RESPONSIBLE_TEXTS
from heka_asoy.models import AuditLog, FaultEvent, FaultReport, OutboxMail
from heka_asoy.models.desk import ResponsibilityRule
from heka_asoy.services import responsibility
from tests.blueprints.test_maintenance import tenant
from tests.company_search_checks import assert_found_only
from tests.factories import (
    PASSWORD,
    add_other_resident,
    login,
    make_companies,
    make_company,
    make_flat,
    make_resident,
    make_staff,
    make_user,
)
from tests.page_cost import size_and_queries

HKI = ZoneInfo("Europe/Helsinki")
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=HKI)
HX = {"HX-Request": "true"}
HEKA_TEXT = "This goes to Heka's asoy desk, which orders the repair."
COMPANY_TEXT = "This goes to the housing company's maintenance."
RESIDENT_TEXT = "This is usually yours to fix; the desk can help."


def _text(html: str) -> str:
    return html.replace("&#39;", "'").replace("&#x27;", "'")


def _form(category: str = "appliances.fridge", **kw) -> dict:
    data = {
        "category": category,
        "description": "It does not work.",
        "master_key_allowed": "no",
        "phone": "040 123 4567",
    }
    data.update(kw)
    return data


@pytest.fixture
def desk(client):
    staff = make_staff()
    login(client, staff)
    return staff


# --- the desk's table -------------------------------------------------------------------------


def test_the_table_is_staff_only(app, client):
    """A resident gets 403 on the page and the save, an anonymous visitor the login page;
    nothing is saved."""
    user = tenant()
    anonymous = client.get("/staff/responsibility/")
    assert anonymous.status_code == 302
    assert "/login" in anonymous.headers["Location"]
    login(client, user)
    assert client.get("/staff/responsibility/").status_code == 403
    data = {"category": "water.tap", "company": "", "responsible": "heka", "note": ""}
    assert client.post("/staff/responsibility/", data=data).status_code == 403
    assert ResponsibilityRule.select().count() == 0


def test_the_desk_sets_a_rule_for_a_company_and_it_is_audited(app, client, desk):
    company = make_company(name="Asunto Oy Omat Säännöt")
    page = _text(client.get("/staff/responsibility/").get_data(as_text=True))
    assert "Fridge or freezer" in page
    assert "Asunto Oy Omat Säännöt" not in page  # no list of every company: a search finds it
    found = client.get("/staff/responsibility/companies?company_q=omat s").get_data(as_text=True)
    assert "Asunto Oy Omat Säännöt" in _text(found)
    data = {
        "category": "appliances.fridge",
        "company": str(company.id),
        "responsible": "housing_company",
        "note": "Articles § 5: the kitchen appliances are the company's.",
    }
    saved = client.post("/staff/responsibility/", data=data)
    assert saved.status_code == 303
    rule = ResponsibilityRule.get()
    assert (rule.category, rule.housing_company_id, rule.responsible, rule.updated_by_id) == (
        "appliances.fridge",
        company.id,
        "housing_company",
        desk.id,
    )
    audit = AuditLog.get(AuditLog.action == "responsibility_rule_set")
    assert audit.actor_id == desk.id
    page = _text(client.get("/staff/responsibility/").get_data(as_text=True))
    assert "Articles § 5: the kitchen appliances are the company&#39;s." in page or (
        "Articles § 5: the kitchen appliances are the company's." in page
    )
    # the edit link fills the form in
    edit = client.get(
        f"/staff/responsibility/?category=appliances.fridge&company={company.id}"
        "&responsible=housing_company"
    ).get_data(as_text=True)
    assert re.search(
        r'<option selected value="appliances.fridge"|value="appliances.fridge" selected', edit
    )
    # the linked company is the chosen one, shown by name
    assert re.search(rf'checked[^>]*value="{company.id}"|value="{company.id}"[^>]*checked', edit)
    assert "Asunto Oy Omat Säännöt" in _text(edit)
    # removing it
    data["responsible"] = ""
    assert client.post("/staff/responsibility/", data=data).status_code == 303
    assert ResponsibilityRule.select().count() == 0
    assert AuditLog.select().where(AuditLog.action == "responsibility_rule_removed").count() == 1


def test_bad_input_is_said_and_saves_nothing(app, client, desk):
    for data in [
        {"category": "water", "company": "", "responsible": "heka"},
        {"category": "water.tap", "company": "", "responsible": "nobody"},
        {"category": "water.tap", "company": "99999", "responsible": "heka"},
        {"category": "water.tap", "company": "", "responsible": "heka", "note": "x" * 1001},
    ]:
        assert client.post("/staff/responsibility/", data=data).status_code == 422
    assert ResponsibilityRule.select().count() == 0
    assert AuditLog.select().count() == 0


def test_a_link_to_a_company_that_is_gone_says_so(app, client, desk):
    """Does an edit link naming a housing company that no longer exists say so at the company
    search (in the desk's language), instead of silently offering the rule for every flat?"""
    link = "/staff/responsibility/?category=water.tap&company=99999&responsible=heka"
    page = client.get(link)
    assert page.status_code == 200
    assert "No housing company has the id in the link." in _text(page.get_data(as_text=True))
    client.set_cookie("lang", "fi")
    finnish = client.get(link).get_data(as_text=True)
    assert "Linkin tunnuksella ei löydy taloyhtiötä." in finnish
    assert ResponsibilityRule.select().count() == 0


@pytest.fixture
def csrf_app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def test_the_table_form_needs_its_csrf_token(csrf_app_config, app, client):
    staff = make_staff()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"email": staff.email, "password": PASSWORD, "csrf_token": token})
    html = client.get("/staff/responsibility/").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    data = {"category": "water.tap", "company": "", "responsible": "heka", "note": ""}
    assert client.post("/staff/responsibility/", data=data).status_code == 400
    assert ResponsibilityRule.select().count() == 0
    assert (
        client.post("/staff/responsibility/", data={**data, "csrf_token": token}).status_code == 303
    )
    assert ResponsibilityRule.select().count() == 1


def test_the_table_page_runs_constant_queries(app, client, desk, count_queries):
    def queries() -> int:
        with count_queries() as counted:
            assert client.get("/staff/responsibility/").status_code == 200
        return counted.count

    few = queries()
    with app.test_request_context():
        for _ in range(4):
            company = make_company()
            for code in ("water.tap", "appliances.fridge", "common_areas.sauna"):
                responsibility.set_rule(desk, code, company.id, parties.HEKA, "note")
    assert queries() == few


# --- the fault forms --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_htmx_partial_says_who_in_the_visitor_s_language(app, client, language):
    """The public form's partial answers in the page's language; with the flat's company's own
    rule it follows the rule and shows its note."""
    flat = make_flat()
    headers = {**HX, "Accept-Language": language}
    for category, who in [
        ("appliances.fridge", "heka"),
        ("water.tap", "housing_company"),
        ("electricity.lighting", "resident"),
    ]:
        html = client.get(
            f"/report-fault/responsibility?category={category}&flat={flat.id}", headers=headers
        ).get_data(as_text=True)
        with (
            app.test_request_context(headers={"Accept-Language": language}),
            force_locale(language),
        ):
            expected = str(RESPONSIBLE_TEXTS[who])
        assert expected.replace("'", "&#39;") in html or expected in _text(html)
    assert client.get("/report-fault/responsibility?category=", headers=headers).data.strip() == b""
    assert (
        client.get("/report-fault/responsibility?category=nope", headers=headers).status_code == 200
    )


def test_the_english_texts(app, client):
    flat = make_flat()
    for category, text in [
        ("appliances.fridge", HEKA_TEXT),
        ("water.tap", COMPANY_TEXT),
        ("electricity.lighting", RESIDENT_TEXT),
    ]:
        html = _text(
            client.get(f"/report-fault/responsibility?category={category}&flat={flat.id}").get_data(
                as_text=True
            )
        )
        assert text in html


def test_the_resident_partial_is_for_their_own_flats_only(app, client):
    """The resident form's partial follows the flat's company's rule; a flat of someone else
    is 404 (its existence not revealed)."""
    staff = make_staff()
    user, stranger = tenant(), tenant()
    with app.test_request_context():
        responsibility.set_rule(
            staff, "appliances.fridge", user.flat.housing_company_id, "housing_company", "§ 5"
        )
    login(client, user)
    html = _text(
        client.get(
            f"/my/faults/responsibility?category=appliances.fridge&flat={user.flat.id}", headers=HX
        ).get_data(as_text=True)
    )
    assert COMPANY_TEXT in html
    assert "§ 5" in html
    assert (
        client.get(
            f"/my/faults/responsibility?category=appliances.fridge&flat={stranger.flat.id}",
            headers=HX,
        ).status_code
        == 404
    )
    assert client.get("/my/faults/responsibility?category=appliances.fridge").status_code == 404


def test_the_form_s_category_asks_and_the_answer_shows_without_javascript(app, client):
    """The category region carries the HTMX request (data-hx-*); a form shown again after a
    refused submit says who the chosen category goes to, without JavaScript."""
    user = tenant()
    login(client, user)
    page = client.get("/my/faults/new").get_data(as_text=True)
    region = re.search(r'<div id="responsibility"[^>]*>', page).group(0)
    assert 'data-hx-get="/my/faults/responsibility"' in region
    assert 'data-hx-trigger="change from:#category"' in region
    assert 'role="status"' in region
    assert " hx-" not in page
    refused = client.post(f"/my/faults/new?flat={user.flat.id}", data=_form(phone="")).get_data(
        as_text=True
    )
    assert HEKA_TEXT in _text(refused)
    public = client.get("/report-fault/").get_data(as_text=True)
    assert 'data-hx-get="/report-fault/responsibility"' in public


def test_the_public_receipt_says_who(app, client):
    html = _text(client.get("/report-fault/sent?who=heka").get_data(as_text=True))
    assert HEKA_TEXT in html
    html = _text(client.get("/report-fault/sent?who=nobody").get_data(as_text=True))
    assert "Who handles it" not in html


# --- the resident's pages ---------------------------------------------------------------------


def test_the_resident_sees_who_has_the_report_in_the_list_and_on_the_page(app, client):
    user = tenant()
    with time_machine.travel(TUESDAY_10, tick=False):
        login(client, user)
        filed = client.post(f"/my/faults/new?flat={user.flat.id}", data=_form())
        assert filed.status_code == 302
        report = FaultReport.get()
        assert (report.responsible, report.status) == ("heka", rules.RECEIVED)
        page = _text(client.get(f"/my/faults/{report.id}").get_data(as_text=True))
        assert "Heka's asoy desk" in page
        assert HEKA_TEXT in page
        listing = _text(client.get("/my/faults/").get_data(as_text=True))
        assert "Heka's asoy desk" in listing
        # another flat's tenant does not see it
        client.get("/logout")
        login(client, tenant())
        assert client.get(f"/my/faults/{report.id}").status_code == 404


# --- the desk moves a report ------------------------------------------------------------------


def _file_fridge(app, client, user) -> FaultReport:
    login(client, user)
    client.post(f"/my/faults/new?flat={user.flat.id}", data=_form())
    client.get("/logout")
    return FaultReport.get()


@time_machine.travel(TUESDAY_10, tick=False)
def test_the_desk_moves_a_report_to_the_housing_company(app, client):
    """In office hours: the move forwards the report to maintenance, the resident is mailed,
    the move is audited; without a reason it is refused and nothing changes."""
    user = tenant()
    report = _file_fridge(app, client, user)
    login(client, make_staff())
    detail = _text(client.get(f"/staff/faults/{report.id}").get_data(as_text=True))
    assert "Who handles the report" in detail
    queue = _text(client.get("/staff/faults/?responsible=heka").get_data(as_text=True))
    assert f'/staff/faults/{report.id}"' in queue
    assert "Heka's asoy desk" in queue
    other_queue = client.get("/staff/faults/?responsible=housing_company").get_data(as_text=True)
    assert f'/staff/faults/{report.id}"' not in other_queue
    data = {
        "move-responsible": "housing_company",
        "move-reason": "",
        "move-version": str(report.version),
    }
    assert client.post(f"/staff/faults/{report.id}/move", data=data).status_code == 422
    assert FaultReport.get_by_id(report.id).responsible == "heka"
    data["move-reason"] = "The housing company renewed the kitchens."
    moved = client.post(f"/staff/faults/{report.id}/move", data=data, headers=HX)
    assert moved.status_code == 200
    report = FaultReport.get_by_id(report.id)
    assert (report.responsible, report.status) == ("housing_company", rules.SENT_TO_MAINTENANCE)
    assert "The housing company renewed the kitchens." in moved.get_data(as_text=True)
    assert OutboxMail.select().where(OutboxMail.kind == "fault_forward").count() == 1
    assert OutboxMail.select().where(OutboxMail.kind == "fault_moved").count() == 1
    assert AuditLog.select().where(AuditLog.action == "fault_moved").count() == 1
    # the resident sees the move and its reason
    client.get("/logout")
    login(client, user)
    page = _text(client.get(f"/my/faults/{report.id}").get_data(as_text=True))
    assert "The housing company renewed the kitchens." in page
    assert "The housing company's maintenance" in page


@time_machine.travel(TUESDAY_10, tick=False)
def test_moving_is_staff_only(app, client):
    user = tenant()
    report = _file_fridge(app, client, user)
    login(client, user)
    data = {
        "move-responsible": "housing_company",
        "move-reason": "mine",
        "move-version": str(report.version),
    }
    assert client.post(f"/staff/faults/{report.id}/move", data=data).status_code == 403
    assert FaultReport.get_by_id(report.id).responsible == "heka"
    assert FaultEvent.select().where(FaultEvent.kind == "moved").count() == 0
    client.get("/logout")
    login(client, make_staff())
    assert client.post("/staff/faults/999999/move", data=data).status_code == 404


def test_an_other_resident_of_the_flat_asks_too(app, client):
    """An other resident (not a lease party) may report faults, so the form's question answers
    them for their flat; the desk's table stays closed to them."""
    user = tenant()
    other = make_user(make_resident())
    add_other_resident(user.flat, other.resident)
    login(client, other)
    html = _text(
        client.get(
            f"/my/faults/responsibility?category=water.tap&flat={user.flat.id}", headers=HX
        ).get_data(as_text=True)
    )
    assert COMPANY_TEXT in html
    assert client.get("/staff/responsibility/").status_code == 403


# --- the company picker at Heka's scale ----------------------------------------------------------


def test_the_page_does_not_grow_with_housing_companies(app, client, desk, count_queries):
    """10 housing companies or 300: the table page (also with an edit link's company) is the
    same size and runs the same queries; a search shows at most 20."""
    first = make_companies(10)[0]
    urls = [
        "/staff/responsibility/",
        f"/staff/responsibility/?category=water.tap&company={first.id}",
        "/staff/responsibility/companies?company_q=massakatu",
    ]
    few = {url: size_and_queries(client, count_queries, url) for url in urls}
    make_companies(290)
    many = {url: size_and_queries(client, count_queries, url) for url in urls}
    assert many[urls[0]] == few[urls[0]]
    assert many[urls[1]] == few[urls[1]]
    assert many[urls[2]][1] == few[urls[2]][1]
    live = client.get(urls[2], headers=HX).text
    assert live.count('name="company"') == 21  # every company and the first 20 found
    assert "More than 20 match" in live


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_company_is_found_by_name_or_business_id(app, client, desk, language):
    """Live (HTMX) or by the search button without JavaScript (nothing saved, the form comes
    back with its values); then the chosen company's rule is saved."""
    client.set_cookie(LANG_COOKIE, language)
    company = make_company(name="Asunto Oy Kuusikuja Ääriraja")
    make_company(name="Asunto Oy Männikkö")
    for text in ("kuusikuja", "ÄÄRIRAJA", company.business_id):
        live = client.get(
            "/staff/responsibility/companies", query_string={"company_q": text}, headers=HX
        ).text
        assert_found_only(live, company, language, text)
    data = {
        "category": "appliances.fridge",
        "company": "",
        "responsible": "heka",
        "note": "",
        "company_q": "kuusikuja",
        "find_company": "1",
    }
    page = client.post("/staff/responsibility/", data=data)
    assert page.status_code == 200
    assert f'<html lang="{language}"' in page.text
    assert f'value="{company.id}"' in page.text
    assert ResponsibilityRule.select().count() == 0
    del data["find_company"]
    data["company"] = str(company.id)
    assert client.post("/staff/responsibility/", data=data).status_code == 303
    assert ResponsibilityRule.get().housing_company_id == company.id


@pytest.mark.parametrize("text", ["x" * 300, "\x00\x01", "k", "9" * 30, "Nobody Oy", "-1"])
def test_the_company_search_never_fails(app, client, desk, text):
    for headers in ({}, HX):
        response = client.get(
            "/staff/responsibility/companies", query_string={"company_q": text}, headers=headers
        )
        assert response.status_code == 200
    link = client.get("/staff/responsibility/", query_string={"company": text})
    assert link.status_code == 200
    rule = {"category": "water.tap", "company": text, "responsible": "heka", "note": ""}
    saved = client.post("/staff/responsibility/", data=rule)
    assert saved.status_code == 422  # never read as "every housing company"
    assert "Check the following" in saved.text
    assert ResponsibilityRule.select().count() == 0

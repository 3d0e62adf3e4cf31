"""The desk queue's pages (/staff/inbox/): staff only, filters through the URL, assignment by
POST with CSRF, the CSV download, reply templates, constant query counts."""

from __future__ import annotations

import re

import pytest

from heka_asoy import create_app
from heka_asoy.i18n import LANG_COOKIE
from heka_asoy.models import AuditLog, FaultReport, MessageThread, ReplyTemplate
from tests.blueprints.test_staff_faults import HINTS
from tests.company_search_checks import BAD_COMPANY_TEXTS
from tests.factories import (
    file_fault_report,
    login,
    make_companies,
    make_company,
    make_flat,
    make_inbox_request,
    make_inbox_thread,
    make_staff,
    make_tenant,
)
from tests.page_cost import size_and_queries

HX = {"HX-Request": "true"}


@pytest.fixture
def desk(client):
    staff = make_staff()
    login(client, staff)
    return staff


def test_residents_get_403_and_anonymous_the_login(app, client):
    """Every inbox URL: 302 to the login page when logged out, 403 for a resident (also by
    HTMX), nothing written."""
    thread = make_inbox_thread(None, None, source="email")
    template = ReplyTemplate.create(name="T", body_fi="x")
    urls = [
        ("get", "/staff/inbox/"),
        ("get", "/staff/inbox/export.csv"),
        ("post", f"/staff/inbox/assign/thread/{thread.id}"),
        ("get", "/staff/inbox/templates"),
        ("get", "/staff/inbox/templates/new"),
        ("post", "/staff/inbox/templates/new"),
        ("get", f"/staff/inbox/templates/{template.id}"),
        ("post", f"/staff/inbox/templates/{template.id}"),
        ("post", f"/staff/inbox/templates/{template.id}/delete"),
    ]
    data = {"worker": "", "name": "Uusi", "body_fi": "Teksti"}
    for method, url in urls:
        response = getattr(client, method)(url, data=data)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"]
    tenant = make_tenant()
    login(client, tenant)
    for method, url in urls:
        assert getattr(client, method)(url, data=data).status_code == 403, url
        assert getattr(client, method)(url, data=data, headers=HX).status_code == 403, url
    assert ReplyTemplate.select().count() == 1
    assert ReplyTemplate.get().name == "T"
    assert not AuditLog.select().where(AuditLog.action.startswith("inbox")).exists()


def test_queue_lists_every_kind_with_links(app, client, desk):
    tenant = make_tenant()
    report = file_fault_report(app, tenant)
    thread = make_inbox_thread(tenant.flat, tenant, subject="Vuokra-asia")
    mail = make_inbox_thread(None, None, source="email", needs_triage=True, subject="Kysymys",
                             sender_email="joku@example.com")  # fmt: skip
    make_inbox_request(tenant.flat, tenant, kind="smoking")
    html = client.get("/staff/inbox/").text
    assert f'href="/staff/faults/{report.id}"' in html  # the fault's own desk page
    for text in ("Vuokra-asia", "Kysymys", "joku@example.com", "Smoking in the building",
                 "Needs triage", "4 cases"):  # fmt: skip
        assert text in html, text
    # The message and request pages come from other features: no link until they exist.
    assert f'/staff/inbox/assign/thread/{mail.id}"' in html
    assert f'/staff/inbox/assign/thread/{thread.id}"' in html


def test_filters_from_the_url_and_htmx_gets_only_the_results(app, client, desk):
    tenant = make_tenant()
    file_fault_report(app, tenant)
    make_inbox_thread(tenant.flat, tenant, subject="Vuokra-asia")
    html = client.get("/staff/inbox/?kind=message").text
    assert "Vuokra-asia" in html
    assert "1 case" in html
    partial = client.get("/staff/inbox/?kind=fault", headers=HX).text
    assert partial.lstrip().startswith('<section id="results">')
    assert "Vuokra-asia" not in partial
    # Junk in the filters falls back to the defaults instead of failing.
    junk = "/staff/inbox/?kind=x&state=y&company=-1&assigned=zz&after=nonsense"
    assert client.get(junk).status_code == 200


def test_next_page_link_by_keyset(app, client, desk, monkeypatch):
    from heka_asoy.services.inbox import queue as inbox_queue

    tenant = make_tenant()
    for n in range(3):
        make_inbox_thread(tenant.flat, tenant, subject=f"Aihe {n}")
    monkeypatch.setattr(inbox_queue, "PAGE_SIZE", 2)
    html = client.get("/staff/inbox/?kind=message").text
    link = re.search(r'href="(/staff/inbox/\?[^"]*after=[^"]+)"', html).group(1)
    second = client.get(link.replace("&amp;", "&")).text
    subjects = re.findall(r"Aihe \d", html) + re.findall(r"Aihe \d", second)
    assert sorted(subjects) == ["Aihe 0", "Aihe 1", "Aihe 2"]
    assert "First page" in second


def test_assign_by_post_and_back_to_the_same_filters(app, client, desk):
    colleague = make_staff()
    thread = make_inbox_thread(None, None, source="email")
    response = client.post(
        f"/staff/inbox/assign/thread/{thread.id}",
        data={"worker": str(colleague.id), "back": "/staff/inbox/?kind=mailbox"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/inbox/?kind=mailbox"
    assert MessageThread.get_by_id(thread.id).assigned_to_id == colleague.id
    assert AuditLog.get(AuditLog.action == "inbox_assigned").actor_id == desk.id
    # A "back" elsewhere is not followed.
    response = client.post(
        f"/staff/inbox/assign/thread/{thread.id}",
        data={"worker": "", "back": "https://evil.example/staff/inbox"},
    )
    assert response.headers["Location"] == "/staff/inbox/"
    assert MessageThread.get_by_id(thread.id).assigned_to_id is None


def test_assign_refusals(app, client, desk):
    tenant = make_tenant()
    report = file_fault_report(app, tenant)
    assert client.post("/staff/inbox/assign/fault/999999", data={"worker": ""}).status_code == 404
    assert client.post(f"/staff/inbox/assign/bill/{report.id}", data={}).status_code == 404
    response = client.post(f"/staff/inbox/assign/fault/{report.id}",
                           data={"worker": str(tenant.id)})  # fmt: skip
    assert response.status_code == 403
    assert FaultReport.get_by_id(report.id).assigned_to_id is None


def test_csv_download(app, client, desk):
    tenant = make_tenant()
    make_inbox_thread(tenant.flat, tenant, subject="=cmd|' /C calc'!A0")
    make_inbox_thread(make_flat(), None, subject="Toinen taloyhtiö")
    company = tenant.flat.housing_company_id
    response = client.get(f"/staff/inbox/export.csv?company={company}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "'=cmd" in text
    assert "Toinen taloyhtiö" not in text
    assert text.count("\n") == 2  # header + one case


def test_templates_crud_through_the_pages(app, client, desk):
    response = client.post("/staff/inbox/templates/new", data={"name": "", "body_fi": ""})
    assert response.status_code == 422
    assert not ReplyTemplate.select().exists()
    response = client.post(
        "/staff/inbox/templates/new",
        data={"name": "Kiitos", "body_fi": "Kiitos viestistä", "body_sv": "Tack", "body_en": ""},
    )
    assert response.status_code == 302
    template = ReplyTemplate.get()
    assert "Kiitos" in client.get("/staff/inbox/templates").text
    assert "Kiitos viestistä" in client.get(f"/staff/inbox/templates/{template.id}").text
    changed = {"name": "Kiitos", "body_fi": "Kiitos!", "body_sv": "", "body_en": "Thanks"}
    client.post(f"/staff/inbox/templates/{template.id}", data=changed)
    template = ReplyTemplate.get()
    assert (template.body_fi, template.body_en) == ("Kiitos!", "Thanks")
    assert client.get("/staff/inbox/templates/999999").status_code == 404
    assert client.post(f"/staff/inbox/templates/{template.id}/delete").status_code == 302
    assert not ReplyTemplate.select().exists()


def test_queue_page_queries_do_not_grow(app, client, desk, count_queries):
    tenant = make_tenant()
    make_inbox_thread(tenant.flat, tenant)

    def measure():
        client.get("/staff/inbox/")
        with count_queries() as counter:
            assert client.get("/staff/inbox/").status_code == 200
        return counter.count

    few = measure()
    for _ in range(4):
        file_fault_report(app, make_tenant())
        make_inbox_thread(None, None, source="email", assigned_to=desk)
        make_inbox_request(tenant.flat, tenant)
        make_staff()
    assert measure() == few


@pytest.fixture
def strict_app(app_config):
    app_config.update(WTF_CSRF_ENABLED=True)
    from tests.conftest import _fresh_g_per_request

    app = create_app(app_config)
    _fresh_g_per_request(app)
    with app.app_context():
        yield app


def test_assign_and_templates_need_the_csrf_token(strict_app):
    staff = make_staff()
    thread = make_inbox_thread(None, None, source="email")
    client = strict_app.test_client()
    page = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": staff.email, "password": "Salasana-1!",
                                "csrf_token": token})  # fmt: skip
    url = f"/staff/inbox/assign/thread/{thread.id}"
    response = client.post(url, data={"worker": str(staff.id)})
    assert response.status_code in (302, 400)
    assert MessageThread.get_by_id(thread.id).assigned_to_id is None
    assert client.post("/staff/inbox/templates/new",
                       data={"name": "x", "body_fi": "y"}).status_code in (400, 422)  # fmt: skip
    assert not ReplyTemplate.select().exists()
    page = client.get("/staff/inbox/").data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post(url, data={"worker": str(staff.id), "csrf_token": token})
    assert MessageThread.get_by_id(thread.id).assigned_to_id == staff.id


# --- the housing-company filter at Heka's scale --------------------------------------------------


def test_queue_does_not_grow_with_housing_companies(app, client, desk, count_queries):
    """10 housing companies or 300: the same bytes and queries, with or without a company
    filter (no select of every company; a text matches them inside the queue's SQL)."""
    tenant = make_tenant()
    make_inbox_thread(tenant.flat, tenant, subject="Vuokra-asia")
    first = make_companies(10)[0]
    urls = ["/staff/inbox/", "/staff/inbox/?company=massakatu", f"/staff/inbox/?company={first.id}"]
    few = {url: size_and_queries(client, count_queries, url) for url in urls}
    make_companies(290)
    many = {url: size_and_queries(client, count_queries, url) for url in urls}
    assert many == few
    assert few[urls[1]][1] == few[urls[2]][1] == few[urls[0]][1] + 1


def _subjects(client, **args) -> set[str]:
    response = client.get("/staff/inbox/", query_string=args)
    assert response.status_code == 200
    return set(re.findall(r"Asia (\w+)", response.get_data(as_text=True)))


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_company_filter_finds_by_part_of_the_name_or_business_id(app, client, desk, language):
    """Part of the name (any case, any alphabet) or of the business ID, on every language's
    page; the CSV follows the same filter."""
    client.set_cookie(LANG_COOKIE, language)
    mine = make_company(name="Asunto Oy Kuusikuja Ääriraja")
    other = make_company(name="Asunto Oy Männikkö")
    make_inbox_thread(make_flat(mine), None, subject="Asia kuusi")
    make_inbox_thread(make_flat(other), None, subject="Asia männikkö")
    make_inbox_thread(None, None, source="email", needs_triage=True, subject="Asia triage")
    for text in ("kuusikuja", "ÄÄRIRAJA", mine.business_id, mine.business_id[2:]):
        assert _subjects(client, company=text) == {"kuusi"}, text
    assert _subjects(client, company="asunto oy") == {"kuusi", "männikkö"}
    assert _subjects(client) == {"kuusi", "männikkö", "triage"}
    page = client.get("/staff/inbox/?company=kuusikuja").text
    assert f'<html lang="{language}"' in page
    assert HINTS[language] in page
    assert "export.csv?company=kuusikuja" in page
    csv = client.get("/staff/inbox/export.csv?company=kuusikuja").get_data(as_text=True)
    assert "Asia kuusi" in csv
    assert "männikkö" not in csv


def test_company_link_by_id_filters_and_shows_the_name(app, client, desk):
    mine = make_company(name="Asunto Oy Koivu 1")
    namesake = make_company(name="Asunto Oy Koivu 12")
    make_inbox_thread(make_flat(mine), None, subject="Asia yksi")
    make_inbox_thread(make_flat(namesake), None, subject="Asia kaksitoista")
    html = client.get(f"/staff/inbox/?company={mine.id}").text
    assert set(re.findall(r"Asia (\w+)", html)) == {"yksi"}
    assert 'value="Asunto Oy Koivu 1"' in html
    assert f'name="company_id" type="hidden" value="{mine.id}"' in html
    assert f"export.csv?company={mine.id}" in html
    assert _subjects(client, company="Asunto Oy Koivu 1", company_id=mine.id) == {"yksi"}
    assert _subjects(client, company="Asunto Oy Koivu", company_id=mine.id) == {
        "yksi",
        "kaksitoista",
    }


@pytest.mark.parametrize(
    ("company", "says"),
    BAD_COMPANY_TEXTS,
)
def test_company_filter_bad_input_is_said_never_a_500(app, client, desk, company, says):
    make_inbox_thread(make_flat(), None, subject="Asia jokin")
    for headers in ({}, HX):
        response = client.get("/staff/inbox/", query_string={"company": company}, headers=headers)
        assert response.status_code == 200
        if says:
            assert says in response.get_data(as_text=True)
    assert (
        client.get("/staff/inbox/export.csv", query_string={"company": company}).status_code == 200
    )

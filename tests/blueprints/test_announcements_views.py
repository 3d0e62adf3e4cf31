"""The announcement pages: the resident's list (unread marked, then read), the dashboard card,
the emergency banner in the fault form of that building only, the shared-space block with its
"me too" (HTMX and plain form), the desk's list and form; every URL from a second flat's and a
resident's account (404 or 403, nothing changed)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from heka_asoy.i18n import LANG_COOKIE
from heka_asoy.models import Announcement, AuditLog, FaultMeToo, OutboxMail, utcnow
from tests.company_search_checks import assert_found_only
from tests.factories import (
    file_fault_report,
    login,
    make_ann_announcement,
    make_ann_building,
    make_ann_tenant,
    make_companies,
    make_company,
    make_staff,
)
from tests.page_cost import size_and_queries

HX = {"HX-Request": "true"}


@pytest.fixture
def town(app):
    company = make_company()
    first = make_ann_tenant(company)
    neighbour = make_ann_tenant(building=first.flat.building)
    other_building = make_ann_tenant(building=make_ann_building(company, "B"))
    other_company = make_ann_tenant(make_company())
    return {
        "company": company,
        "building": first.flat.building,
        "first": first,
        "neighbour": neighbour,
        "other_building": other_building,
        "other_company": other_company,
    }


def client_of(app, user):
    client = app.test_client()
    login(client, user)
    return client


def emergency(town, **kw):
    data = {
        "audience": "building",
        "housing_company": town["company"],
        "building": town["building"],
        "emergency": True,
        "title_en": "Water cut in your building until 14:00",
        "body_en": "No water in building A.",
    }
    data.update(kw)
    return make_ann_announcement(**data)


def shared_report(app, user):
    return file_fault_report(
        app,
        user,
        category="common_areas.laundry",
        location="laundry room",
        description="Washing machine 2 does not start.",
    )


def test_list_marks_unread_then_read(app, town):
    make_ann_announcement(title_en="Yard day on Saturday")
    client = client_of(app, town["first"])
    dashboard = client.get("/my/").text
    assert "1 unread announcement" in dashboard
    assert "Yard day on Saturday" in dashboard  # the card names the newest
    assert 'href="/my/announcements/"' in dashboard
    html = client.get("/my/announcements/").text
    assert "Yard day on Saturday" in html
    assert ">New<" in html
    html = client.get("/my/announcements/").text
    assert ">New<" not in html
    assert "unread announcement" not in client.get("/my/").text


def test_swedish_page_falls_back_to_finnish(app, town):
    make_ann_announcement(title_sv="", body_sv="", title_fi="Pihatalkoot", body_fi="Tervetuloa")
    town["first"].language = "sv"
    town["first"].save()
    client = client_of(app, town["first"])
    html = client.get("/my/announcements/").text
    assert 'lang="sv"' in html
    assert "Pihatalkoot" in html


def test_emergency_in_the_fault_form_and_dashboard_of_that_building_only(app, town):
    emergency(town)
    for who in ("first", "neighbour"):
        client = client_of(app, town[who])
        assert "Water cut in your building until 14:00" in client.get("/my/faults/new").text
        assert "Water cut in your building until 14:00" in client.get("/my/").text
    for who in ("other_building", "other_company"):
        client = client_of(app, town[who])
        assert "Water cut" not in client.get("/my/faults/new").text
        assert "Water cut" not in client.get("/my/").text
        assert "Water cut" not in client.get("/my/announcements/").text


def test_fault_form_lists_shared_reports_without_the_reporter(app, town):
    report = shared_report(app, town["neighbour"])
    html = client_of(app, town["first"]).get("/my/faults/new").text
    assert "Open reports about shared spaces in your building" in html
    assert "laundry room" in html
    assert f'action="/my/announcements/me-too/{report.id}"' in html
    assert f'data-hx-post="/my/announcements/me-too/{report.id}"' in html
    assert report.reporter_name not in html
    assert town["neighbour"].email not in html
    assert report.description not in html
    other = client_of(app, town["other_building"]).get("/my/faults/new").text
    assert "laundry room" not in other


def test_me_too_without_javascript_and_with_htmx(app, town):
    report = shared_report(app, town["neighbour"])
    client = client_of(app, town["first"])
    flat = town["first"].flat.id
    response = client.post(f"/my/announcements/me-too/{report.id}", data={"flat": flat})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/my/faults/new?flat={flat}"
    html = client.get(response.headers["Location"]).text
    assert "You are counted on this report" in html
    assert "1 neighbour has the same problem." in html
    again = client.post(f"/my/announcements/me-too/{report.id}", data={"flat": flat}, headers=HX)
    assert again.status_code == 200
    assert f'id="shared-{report.id}"' in again.text
    assert 'data-hx-swap-oob="true"' in again.text
    assert "1 neighbour has the same problem." in again.text
    assert FaultMeToo.select().count() == 1


def test_reporter_cannot_me_too_own_flat(app, town):
    report = shared_report(app, town["neighbour"])
    client = client_of(app, town["neighbour"])
    response = client.post(f"/my/announcements/me-too/{report.id}")
    assert response.status_code == 303
    assert FaultMeToo.select().count() == 0


# --- a second flat's account ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_building", "other_company"])
def test_second_flat_cannot_me_too_or_see(app, town, who):
    report = shared_report(app, town["neighbour"])
    client = client_of(app, town[who])
    response = client.post(f"/my/announcements/me-too/{report.id}", headers=HX)
    assert response.status_code == 404
    response = client.post(f"/my/announcements/me-too/{report.id}")
    assert response.status_code == 404
    assert FaultMeToo.select().count() == 0
    # the fault form of someone else's flat: 404 (the flat is not theirs)
    assert client.get(f"/my/faults/new?flat={town['first'].flat.id}").status_code == 404


def test_resident_gets_403_on_every_staff_url(app, town):
    row = make_ann_announcement()
    client = client_of(app, town["first"])
    assert client.get("/staff/announcements/").status_code == 403
    assert client.get("/staff/announcements/new").status_code == 403
    assert client.post("/staff/announcements/new", data={"title_fi": "x"}).status_code == 403
    assert client.get(f"/staff/announcements/{row.id}/edit").status_code == 403
    assert client.post(f"/staff/announcements/{row.id}/edit", data={}).status_code == 403
    assert client.post(f"/staff/announcements/{row.id}/withdraw").status_code == 403
    assert Announcement.get_by_id(row.id).withdrawn_at is None
    assert Announcement.select().count() == 1


def test_logged_out_goes_to_login(client):
    assert client.get("/my/announcements/").status_code == 302
    assert client.post("/my/announcements/me-too/1").status_code == 302


# --- the desk ---------------------------------------------------------------------------------


def form(**kw):
    data = {
        "title_fi": "Vesikatko",
        "body_fi": "Vesi poikki klo 14 asti.",
        "title_sv": "Vattenavbrott",
        "body_sv": "Inget vatten till kl. 14.",
        "title_en": "",
        "body_en": "",
        "audience": "all",
        "company": "",
        "building": "",
        "publish_at": "",
        "expires_at": "",
    }
    data.update(kw)
    return data


def test_desk_creates_targets_and_mails(app, town):
    staff = client_of(app, make_staff())
    assert staff.get("/staff/").status_code == 200
    assert 'href="/staff/announcements/"' in staff.get("/staff/").text
    assert staff.get("/staff/announcements/new").status_code == 200
    response = staff.post(
        "/staff/announcements/new",
        data=form(
            audience="building", building=str(town["building"].id), emergency="y", send_mail="y"
        ),
    )
    assert response.status_code == 303
    row = Announcement.get()
    assert (row.audience, row.building_id, row.emergency) == ("building", town["building"].id, True)
    # the job ran (immediate in tests): one mail per resident of the building
    mails = OutboxMail.select().where(OutboxMail.kind == "announcement")
    assert {m.recipient for m in mails} == {town["first"].email, town["neighbour"].email}
    html = staff.get("/staff/announcements/").text
    assert "Vesikatko" in html
    assert "2 residents" in html
    assert AuditLog.select().where(AuditLog.action == "announcement_created").count() == 1


def test_desk_edits_and_withdraws(app, town):
    row = make_ann_announcement(title_fi="Vanha")
    staff = client_of(app, make_staff())
    edit = staff.get(f"/staff/announcements/{row.id}/edit").text
    assert 'value="Vanha"' in edit
    response = staff.post(f"/staff/announcements/{row.id}/edit", data=form(title_fi="Uusi"))
    assert response.status_code == 303
    assert Announcement.get_by_id(row.id).title_fi == "Uusi"
    assert staff.post(f"/staff/announcements/{row.id}/withdraw").status_code == 303
    assert Announcement.get_by_id(row.id).withdrawn_at is not None
    assert "Uusi" not in client_of(app, town["first"]).get("/my/announcements/").text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(title_fi=""), "This field is required."),
        (form(audience="building"), "Choose the building."),
        (form(audience="housing_company"), "Choose the housing company."),
        (
            form(publish_at="2026-05-02T12:00", expires_at="2026-05-01T12:00"),
            "The expiry must be after the publish time.",
        ),
        (form(publish_at="9999-12-31T23:59"), "Enter a date between"),
        (form(title_fi="x" * 201), "Field cannot be longer than 200 characters."),
        # the company and building pickers
        (form(audience="housing_company", company="999999"), "Choose the housing company."),
        (form(audience="building", building="-1"), "Choose the building."),
        (form(audience="housing_company", company_q="x" * 300), "Field cannot be longer"),
    ],
)
def test_desk_bad_input_is_said_and_changes_nothing(app, town, data, message):
    staff = client_of(app, make_staff())
    response = staff.post("/staff/announcements/new", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert Announcement.select().count() == 0


def test_unknown_announcement_is_404_for_staff(app):
    staff = client_of(app, make_staff())
    assert staff.get("/staff/announcements/999999/edit").status_code == 404
    assert staff.post("/staff/announcements/999999/withdraw").status_code == 404


def test_scheduled_announcement_is_not_on_the_resident_pages(app, town):
    make_ann_announcement(title_en="Next week", published_at=utcnow() + timedelta(days=7))
    client = client_of(app, town["first"])
    assert "Next week" not in client.get("/my/announcements/").text


def test_desk_report_page_counts_me_too(app, town):
    report = shared_report(app, town["neighbour"])
    client_of(app, town["first"]).post(f"/my/announcements/me-too/{report.id}")
    client_of(app, town["other_building"]).post(f"/my/announcements/me-too/{report.id}")
    html = client_of(app, make_staff()).get(f"/staff/faults/{report.id}").text
    assert "Same problem, say neighbours</dt><dd>1</dd>" in html


# --- the audience pickers at Heka's scale --------------------------------------------------------


#: What a search that found one says, in each language.

def test_desk_pages_do_not_grow_with_companies_and_buildings(app, town, count_queries):
    """10 housing companies (and buildings) or 300: the form, its searches and the list are the
    same size and run the same queries (a search shows at most 20)."""
    staff = client_of(app, make_staff())
    make_ann_announcement(audience="housing_company", housing_company=town["company"])
    make_ann_announcement(audience="building", building=town["building"])
    first = make_companies(10)[0]
    urls = [
        "/staff/announcements/",
        "/staff/announcements/new",
        f"/staff/announcements/new?company={first.id}",
        "/staff/announcements/places?which=company&company_q=massakatu",
        "/staff/announcements/places?which=building&building_q=massakatu",
    ]
    few = {url: size_and_queries(staff, count_queries, url) for url in urls}
    make_companies(290)
    many = {url: size_and_queries(staff, count_queries, url) for url in urls}
    for url in urls[:3]:
        assert many[url] == few[url], url
    for url in urls[3:]:  # 10 results at first, 20 (the most shown) at 300
        assert many[url][1] == few[url][1], url
        assert many[url][0] < few[url][0] * 2.5, url
    assert "More than 20 match" in staff.get(urls[3], headers=HX).text
    assert staff.get("/staff/announcements/").text.count(town["company"].name) == 2


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_desk_finds_the_company_and_building_by_search(app, town, language):
    """The housing company by part of its name or business ID, the building by its address,
    live (HTMX: only the results, the count in the live region) or by the search button
    without JavaScript (the form comes back with everything typed, nothing saved)."""
    staff = client_of(app, make_staff())
    staff.set_cookie(LANG_COOKIE, language)
    company = make_company(name="Asunto Oy Kuusikuja Ääriraja")
    make_company(name="Asunto Oy Männikkö")
    for text in ("kuusikuja", "ÄÄRIRAJA", company.business_id):
        live = staff.get(
            "/staff/announcements/places",
            query_string={"which": "company", "company_q": text},
            headers=HX,
        ).text
        assert_found_only(live, company, language, text)
    building = town["building"]
    live = staff.get(
        "/staff/announcements/places",
        query_string={"which": "building", "building_q": building.street_address},
        headers=HX,
    ).text
    assert f'value="{building.id}"' in live
    page = staff.post(
        "/staff/announcements/new",
        data=form(audience="housing_company", company_q="kuusikuja", find_company="1"),
    )
    assert page.status_code == 200
    assert f'<html lang="{language}"' in page.text
    assert f'value="{company.id}"' in page.text
    assert 'value="Vesikatko"' in page.text  # what was typed comes back
    assert Announcement.select().count() == 0
    saved = staff.post(
        "/staff/announcements/new",
        data=form(audience="housing_company", company_q="kuusikuja", company=str(company.id)),
    )
    assert saved.status_code == 303
    assert Announcement.get().housing_company_id == company.id


def test_desk_edit_shows_the_chosen_company_and_building(app, town):
    """An announcement's own company (or building) is the checked choice, shown by name, with
    no search."""
    row = make_ann_announcement(
        audience="building", housing_company=town["company"], building=town["building"]
    )
    staff = client_of(app, make_staff())
    html = staff.get(f"/staff/announcements/{row.id}/edit").text
    assert re.search(rf'checked[^>]*value="{town["building"].id}"', html)
    assert town["building"].street_address in html
    assert re.search(rf'checked[^>]*value="{town["company"].id}"', html)


@pytest.mark.parametrize("text", ["x" * 300, "\x00\x01", "k", "9" * 30, "Nobody Oy"])
def test_desk_picker_search_never_fails(app, town, text):
    staff = client_of(app, make_staff())
    for which, name in (("company", "company_q"), ("building", "building_q")):
        for headers in ({}, HX):
            response = staff.get(
                "/staff/announcements/places",
                query_string={"which": which, name: text},
                headers=headers,
            )
            assert response.status_code == 200
    short = staff.get("/staff/announcements/places?which=company&company_q=k", headers=HX)
    assert "Type at least 2 letters or digits." in short.text
    none = staff.get("/staff/announcements/places?which=company&company_q=Nobody", headers=HX)
    assert "Nothing matches the search." in none.text
    # without HTMX the results come in the new announcement's page, which posts where it should
    whole = staff.get("/staff/announcements/places?which=company&company_q=kuusi").text
    assert 'action="/staff/announcements/new"' in whole

"""The admins' register pages (issue 12 §5): who may open them, the search, a flat's page with
its people, leases, bookings, cases and invoices, a constant number of queries, and never a
full identity code in the answer."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from heka_asoy.models import AuditLog
from tests.blueprints.test_page_queries import logged_in, queries
from tests.factories import (
    add_other_resident,
    login,
    make_company,
    make_flat,
    make_lease,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
    register_flat_history,
)


@pytest.fixture
def admin_client(app):
    admin = make_staff(role="admin")
    client = app.test_client()
    login(client, admin)
    client.admin = admin
    return client


def a_flat():
    """A flat with a lease party (with an account), an other resident and a past lease."""
    company = make_company(name="Asunto Oy Rekisterikatu 3", street_address="Rekisterikatu 3")
    flat = make_flat(company, number="C 31")
    party = make_resident(first_names="Pirkko", last_name="Vuokralainen")
    former = make_resident(first_names="Erkki", last_name="Entinen")
    make_lease(flat, [former], starts_on=date.today() - timedelta(days=2000),
               ends_on=date.today() - timedelta(days=1000))  # fmt: skip
    lease = make_lease(flat, [party], starts_on=date.today() - timedelta(days=900))
    other = make_resident(first_names="Olli", last_name="Asuja")
    add_other_resident(flat, other)
    user = make_user(party)
    return flat, lease, party, other, former, user


@pytest.mark.parametrize("path", ["/staff/register/", "/staff/register/?company=x&flat=A 1"])
def test_only_admins_open_the_search(app, client, path):
    """Anonymous: to the login page; a resident and a desk worker: 403."""
    assert client.get(path).status_code == 302
    assert logged_in(app, make_tenant()).get(path).status_code == 403
    assert logged_in(app, make_staff()).get(path).status_code == 403
    assert logged_in(app, make_staff(role="admin")).get(path).status_code == 200


def test_only_admins_open_a_flat(app, client):
    flat = a_flat()[0]
    path = f"/staff/register/flat/{flat.id}"
    assert client.get(path).status_code == 302
    tenant = make_tenant()
    assert logged_in(app, tenant).get(path).status_code == 403
    assert logged_in(app, tenant).get(f"/staff/register/flat/{tenant.flat.id}").status_code == 403
    assert logged_in(app, make_staff()).get(path).status_code == 403
    assert AuditLog.select().where(AuditLog.action == "register_viewed").count() == 0


def test_search_lists_flats_and_people_masked(app, admin_client):
    flat, _lease, party, *_ = a_flat()
    answer = admin_client.post(
        "/staff/register/", data={"address": "rekisterikatu", "person": "vuokralainen"}
    )
    assert answer.status_code == 200
    body = answer.get_data(as_text=True)
    assert "Rekisterikatu 3, C 31" in body
    assert f"/staff/register/flat/{flat.id}" in body
    assert "Pirkko Vuokralainen" in body
    assert party.hetu_masked in body
    assert party.hetu_plain.encode() not in answer.data


def test_search_by_full_identity_code_never_shows_it(app, admin_client):
    """Does a full identity code find the person while the page (and the log) show only the
    masked form? The form field echoes nothing of it either."""
    party = a_flat()[2]
    answer = admin_client.post("/staff/register/", data={"person": party.hetu_plain})
    assert answer.status_code == 200
    assert "Pirkko Vuokralainen" in answer.get_data(as_text=True)
    assert party.hetu_plain.encode() not in answer.data
    assert f'value="{party.hetu_masked}"' in answer.get_data(as_text=True)
    row = AuditLog.get(AuditLog.action == "register_viewed")
    assert row.data == {"person": party.hetu_masked, "what": "search", "found": 1}


def test_a_person_in_a_url_is_dropped(app, admin_client):
    """Is a GET naming a person (maybe an identity code) sent on without it, unsearched?"""
    party = a_flat()[2]
    answer = admin_client.get(
        "/staff/register/", query_string={"person": party.hetu_plain, "company": "rek"}
    )
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/staff/register/?company=rek"
    assert party.hetu_plain.encode() not in answer.data
    assert AuditLog.select().count() == 0


def test_search_htmx_answers_the_results_block(app, admin_client):
    a_flat()
    answer = admin_client.get("/staff/register/?company=rekisteri", headers={"HX-Request": "true"})
    body = answer.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body


def test_too_long_field_is_said_and_nothing_searched(app, admin_client):
    answer = admin_client.get("/staff/register/", query_string={"company": "x" * 81})
    assert answer.status_code == 200
    assert "At most 80 characters." in answer.get_data(as_text=True)
    assert AuditLog.select().count() == 0


def test_flat_page_shows_everything_and_is_audited(app, admin_client):
    flat, lease, party, other, former, user = a_flat()
    register_flat_history(flat, user, lease)
    answer = admin_client.get(f"/staff/register/flat/{flat.id}")
    assert answer.status_code == 200
    body = answer.get_data(as_text=True)
    for text in ("Pirkko Vuokralainen", "Olli Asuja", "Erkki Entinen", "Lease party",
                 "Other resident", "Former lease party", user.email, "Account in use",
                 lease.number, "Register thread 0", "Asunto Oy Rekisterikatu 3"):  # fmt: skip
        assert text in body, text
    for person in (party, other, former):
        assert person.hetu_masked in body
        assert person.hetu_plain.encode() not in answer.data
    for link in ("/staff/faults/", "/staff/requests/", "/staff/messages/", "/staff/bookings/hour/",
                 "/staff/bookings/space/", f"/staff/powers/lease/{lease.id}",
                 f"/staff/door/flat/{flat.id}", "/staff/billing/payments/invoices?q=",
                 f"/staff/audit/?whom_type=flat&amp;whom_id={flat.id}"):  # fmt: skip
        assert link in body, link
    row = AuditLog.get(AuditLog.action == "register_viewed")
    assert (row.target_type, row.target_id, row.actor_id) == ("flat", flat.id,
                                                              admin_client.admin.id)  # fmt: skip


def test_unknown_flat_is_404(app, admin_client):
    assert admin_client.get("/staff/register/flat/999999").status_code == 404


def test_flat_page_queries_do_not_grow_with_its_history(app, admin_client, count_queries):
    """Does the flat page cost the same with one or many of every row it lists?"""
    flat, lease, _party, _other, _former, user = a_flat()
    register_flat_history(flat, user, lease)
    path = f"/staff/register/flat/{flat.id}"
    few = queries(admin_client, count_queries, path)
    register_flat_history(flat, user, lease, n=12)
    for _ in range(3):
        add_other_resident(flat, make_resident())
        make_lease(flat, [make_resident()], starts_on=date.today() - timedelta(days=3000))
    assert queries(admin_client, count_queries, path) == few


def test_search_queries_do_not_grow_with_hits(app, admin_client, count_queries):
    """Does a search cost the same with one or many flats and people found?"""
    a_flat()

    def posted() -> int:
        data = {"company": "rekisteri", "person": "a"}
        admin_client.post("/staff/register/", data=data)
        with count_queries() as counter:
            assert admin_client.post("/staff/register/", data=data).status_code == 200
        return counter.count

    few = posted()
    company = make_company(name="Asunto Oy Rekisteri 2")
    for _ in range(8):
        flat = make_flat(company)
        person = make_resident(first_names="Anna")
        make_lease(flat, [person])
        make_user(person)
    assert posted() == few


def test_staff_home_links_the_admin_pages_for_admins_only(app):
    links = ("/staff/register/", "/staff/audit/", "/staff/accounts/")
    admin_home = logged_in(app, make_staff(role="admin")).get("/staff/").get_data(as_text=True)
    desk_home = logged_in(app, make_staff()).get("/staff/").get_data(as_text=True)
    for link in links:
        assert link in admin_home
        assert link not in desk_home

"""Every page the bench measures runs a number of queries that does not grow with the rows it
reads (the pages not covered here have theirs beside their feature: the dashboard in
test_access, the fault list in test_faults, the sauna page and its grid in
test_bookings_views, the staff queue and report in test_staff_faults, the staff sauna and
company pages in test_staff_bookings)."""

from __future__ import annotations

from datetime import timedelta

from heka_asoy.models import FaultEvent, WaitingListEntry, utcnow
from heka_asoy.services import bookings
from tests.booking_factories import (
    bookable_hours,
    make_contract,
    make_entry,
    make_parking_space,
    make_sauna,
    make_turn,
)
from tests.factories import (
    add_other_resident,
    file_fault_report,
    login,
    make_flat,
    make_lease,
    make_resident,
    make_staff,
    make_tenant,
)


def queries(client, count_queries, path: str, headers: dict | None = None) -> int:
    """The statements of one GET of ``path`` (after one unmeasured GET), which must be a 200."""
    client.get(path, headers=headers or {})
    with count_queries() as counter:
        response = client.get(path, headers=headers or {})
    assert response.status_code == 200, (path, response.status_code)
    return counter.count


def logged_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def more_stock(n: int = 5) -> None:
    """Housing companies, flats and leases that no page of the tests' user shows."""
    for _ in range(n):
        make_tenant()


def test_public_pages_run_no_query_whatever_the_stock(app, client, count_queries):
    """Do the front and login pages answer without reading the database, with any stock?"""
    few = [queries(client, count_queries, path) for path in ("/", "/login")]
    more_stock()
    assert [queries(client, count_queries, path) for path in ("/", "/login")] == few == [0, 0]


def test_new_report_form_does_not_grow_with_reports_or_flats(app, count_queries):
    """Does the new-report form cost the same with 1 or 6 reports and 1 or 2 flats?"""
    user = make_tenant()
    file_fault_report(app, user)
    client = logged_in(app, user)
    few = queries(client, count_queries, "/my/faults/new")
    for _ in range(5):
        file_fault_report(app, user)
    add_other_resident(make_flat(), user.resident)
    more_stock()
    assert queries(client, count_queries, "/my/faults/new") == few


def test_report_page_does_not_grow_with_its_timeline(app, count_queries):
    """Does the resident's report page cost the same with 1 or 11 steps in its timeline?"""
    user = make_tenant()
    report = file_fault_report(app, user)
    client = logged_in(app, user)
    few = queries(client, count_queries, f"/my/faults/{report.id}")
    for n in range(10):
        FaultEvent.create(report=report, kind="comment", text=f"Step {n}")
    assert queries(client, count_queries, f"/my/faults/{report.id}") == few


def test_parking_page_does_not_grow_with_spaces_contracts_or_queues(app, count_queries):
    """Does the parking page cost the same with 1 or 11 spaces, their contracts and queues?"""
    user = make_tenant()
    company = user.flat.housing_company
    make_parking_space(company)
    client = logged_in(app, user)
    few = queries(client, count_queries, "/my/bookings/parking")
    for n in range(10):
        flat = make_flat(company, number=f"P {n}")
        make_lease(flat, [make_resident()])
        space = make_parking_space(company, kind="garage" if n % 2 else "outdoor")
        make_contract(space, flat)
        make_entry(bookings.parking_queue_key(company.id, "garage"), flat)
    make_entry(bookings.parking_queue_key(company.id, "garage"), user.flat)
    assert queries(client, count_queries, "/my/bookings/parking") == few


def test_offers_page_does_not_grow_with_offers(app, count_queries):
    """Does the offers page cost the same with 2 or 6 open offers (sauna hours and spaces)?"""
    user = make_tenant()
    company = user.flat.housing_company
    hours = bookable_hours(make_sauna(company))
    client = logged_in(app, user)

    def offer(key: str) -> None:
        WaitingListEntry.create(
            queue_key=key, flat=user.flat, status="offered", offered_at=utcnow(),
            offer_expires_at=utcnow() + timedelta(days=3), offer_ref=key, hold_key=f"{key}|x{key}",
        )  # fmt: skip

    offer(bookings.hour_key(hours[0].id))
    offer(bookings.space_key(make_parking_space(company).id))
    few = queries(client, count_queries, "/my/bookings/offers")
    for hour in hours[1:3]:
        offer(bookings.hour_key(hour.id))
    for _ in range(2):
        offer(bookings.space_key(make_parking_space(company).id))
    assert client.get("/my/bookings/offers").text.count('class="booking-card"') == 6
    assert queries(client, count_queries, "/my/bookings/offers") == few


def test_staff_bookings_index_does_not_grow_with_companies(app, count_queries):
    """Does the staff bookings start page cost the same with 1 or 6 companies with saunas,
    spaces, turns and queues?"""
    user = make_tenant()
    make_sauna(user.flat.housing_company)
    client = logged_in(app, make_staff())
    few = queries(client, count_queries, "/staff/bookings/")
    for _ in range(5):
        other = make_tenant()
        company = other.flat.housing_company
        hour = bookable_hours(make_sauna(company))[0]
        make_turn(hour, other.flat)
        make_entry(bookings.hour_key(hour.id), make_flat(company))
        make_contract(make_parking_space(company), other.flat)
    assert queries(client, count_queries, "/staff/bookings/") == few

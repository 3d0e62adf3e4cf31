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


def test_the_week_grid_is_read_in_two_queries(app, count_queries):
    """Is the sauna's week (hours, turns, skipped weeks, one-off bookings, the flat's queue
    entries and the open offers) read in two queries, not one per table?"""
    user = make_tenant()
    company = user.flat.housing_company
    sauna = make_sauna(company)
    hours = bookable_hours(sauna)
    make_turn(hours[0], make_flat(company))
    make_entry(bookings.hour_key(hours[0].id), user.flat)
    with app.test_request_context(), count_queries() as counter:
        grid = bookings.week_grid(sauna, bookings.today(), user.flat.id)
    assert sum(len(cells) for _start, cells in grid["rows"]) == len(list(sauna.hours))
    assert bookings.hour_key(hours[0].id) in grid["waiting"]
    assert counter.count == 2


def test_the_grid_partial_runs_only_the_grids_queries(app, count_queries):
    """Does the HTMX grid skip what only the full page shows (the flat chooser, the flat's
    turns and one-off bookings, its given-up weeks, its queues' hours): five queries fewer?"""
    user = make_tenant()
    make_sauna(user.flat.housing_company)
    client = logged_in(app, user)
    page = queries(client, count_queries, "/my/bookings/sauna")
    partial = queries(client, count_queries, "/my/bookings/sauna", {"HX-Request": "true"})
    assert page - partial >= 5, (page, partial)


def test_access_reads_a_residents_flats_in_three_queries(app, count_queries):
    """Are a user's flats and rights read in three queries (as lease party; as occupant with
    each flat's current lease; by power of attorney), however many flats?"""
    from heka_asoy.services import access

    user = make_tenant()
    for _ in range(3):
        other = make_flat()
        make_lease(other, [make_resident()])
        add_other_resident(other, user.resident)
    with count_queries() as counter:
        flats = access.compute_flats(user)
    assert len(flats) == 4
    assert all(fa.lease is not None for fa in flats)
    assert counter.count == 3

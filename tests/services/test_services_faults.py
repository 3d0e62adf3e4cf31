"""The fault services' shape: refusals as service errors (never ``flask.abort``), mails whose
templates read nothing from the database, and the shared queries as model class methods."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from heka_asoy.models import FaultReport, Flat, Lease, Occupancy
from heka_asoy.services import fault_queue
from heka_asoy.services import faults as service
from heka_asoy.services.errors import NotFound, Refused
from heka_asoy.services.mailer import render_mail
from tests.factories import (
    file_fault_report,
    gps_jpeg,
    make_flat,
    make_lease,
    make_resident,
    make_tenant,
    make_user,
)


def test_other_flats_reports_and_photos_are_not_found_by_the_services(app):
    """Does each read of another flat's report or photo raise the service's own NotFound (no
    request, no abort), and a user without a fault flat get Refused?"""
    owner = make_tenant()
    report = file_fault_report(app, owner, photos=[gps_jpeg()])
    photo_id = report.photos.get().id
    stranger = make_tenant()
    with app.test_request_context():
        with pytest.raises(NotFound):
            service.resident_report(stranger, report.id)
        with pytest.raises(NotFound):
            service.report_view(stranger, report.id)
        with pytest.raises(NotFound):
            service.resident_photo(stranger, photo_id)
        with pytest.raises(NotFound):
            service.new_report_flats(stranger, owner.flat.id)
        with pytest.raises(NotFound):
            fault_queue.desk_view(report.id + 1000)
        with pytest.raises(NotFound):
            fault_queue.desk_photo(photo_id + 1000)
        with pytest.raises(Refused):
            service.reports_page(make_user(make_resident()))  # no lease, no fault flat
        assert service.resident_photo(owner, photo_id).data.startswith(b"\xff\xd8")


def test_maintenance_links_are_refused_by_the_service(app):
    """Is a forged link NotFound and a closed report's link Refused, said by the service?"""
    report = file_fault_report(app, make_tenant())
    with app.test_request_context():
        token = service.maintenance_token(report)
        with pytest.raises(NotFound):
            service.report_for_maintenance(token + "x")
        service.change_status(report.id, "cancelled", actor_kind="desk", version=report.version)
        with pytest.raises(Refused):
            service.report_for_maintenance(token)
        assert service.maintenance_view(token, open_only=False).closed


@pytest.mark.parametrize(
    "template", ["fault_forward", "fault_reopened", "fault_confirm", "fault_comment_to_maintenance"]
)
def test_fault_mails_to_render_read_nothing_from_the_database(app, count_queries, template):
    """Does each mail about a flat render from what the service passes (the flat with its
    companies, the photo count), without a query of its own?"""
    report = file_fault_report(app, make_tenant(), photos=[gps_jpeg()])
    report = FaultReport.get_by_id(report.id)  # nothing related loaded
    flat = Flat.with_companies(report.flat_id)  # what the services pass
    with app.test_request_context():
        with count_queries() as rendering:
            subject, text, _html = render_mail(
                template,
                "en",
                report=report,
                flat=flat,
                photo_count=1,
                link="http://localhost/x",
                comments=[],
                message="Still dripping.",
            )
    assert rendering.count == 0
    assert flat.number in text
    assert subject


def test_a_flat_with_its_companies_is_one_query(app, count_queries):
    """Does ``Flat.with_companies`` read the flat, building, housing company and maintenance
    company in one query?"""
    flat = make_flat()
    with count_queries() as reading:
        found = Flat.with_companies(flat.id)
        names = (
            found.building.street_address,
            found.housing_company.name,
            found.housing_company.maintenance_company.email,
        )
    assert reading.count == 1
    assert all(names)


def test_current_lease_and_occupancy_on_a_date(app):
    """Do ``Lease.current_of`` and ``Occupancy.current_on`` pick what runs on the day: started,
    not yet ended (an open end counts)?"""
    flat = make_flat()
    earlier, now, later = make_resident(), make_resident(), make_resident()
    day = date(2026, 6, 1)
    make_lease(flat, [earlier], starts_on=day - timedelta(days=400), ends_on=day - timedelta(1))
    Occupancy.update(moved_out=day - timedelta(1)).where(Occupancy.resident == earlier).execute()
    current = make_lease(flat, [now], starts_on=day)
    make_lease(flat, [later], starts_on=day + timedelta(days=30))
    assert Lease.current_of(flat.id, day).id == current.id
    assert Lease.current_of(flat.id, day - timedelta(days=500)) is None
    living = Occupancy.select().where((Occupancy.flat == flat) & Occupancy.current_on(day))
    assert [o.resident_id for o in living] == [now.id]
    assert not Occupancy.select().where(
        (Occupancy.flat == flat) & Occupancy.current_on(day - timedelta(days=500))
    ).exists()

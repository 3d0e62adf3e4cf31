"""Fault reports on the resident pages: filing, following, comments, feedback, access."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from PIL import Image

from heka_asoy.domain import faults as rules
from heka_asoy.models import FaultEvent, FaultPhoto, FaultReport, OutboxMail
from heka_asoy.services import faults as service
from heka_asoy.services.faults import FaultError
from tests.factories import (
    GPS_IFD,
    add_other_resident,
    fault_report_input,
    file_fault_report,
    gps_jpeg,
    login,
    make_resident,
    make_tenant,
    make_user,
)

HKI = ZoneInfo("Europe/Helsinki")
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=HKI)  # desk open
TUESDAY_13 = datetime(2026, 11, 24, 13, 0, tzinfo=HKI)  # desk closed
SATURDAY = datetime(2026, 11, 28, 11, 0, tzinfo=HKI)


def jpeg(size=(64, 48), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


report_input = fault_report_input
file = file_fault_report


def test_report_in_office_hours_goes_to_maintenance_at_once(app):
    """Is a report filed Tue 10:00 sent to the maintenance company at once, with its photo?"""
    user = make_tenant()
    with time_machine.travel(TUESDAY_10, tick=False):
        report = file(app, user, photos=[jpeg()])
    assert report.status == rules.SENT_TO_MAINTENANCE
    assert FaultPhoto.select().where(FaultPhoto.report == report).count() == 1
    forward = OutboxMail.get(OutboxMail.kind == "fault_forward")
    assert forward.recipient == user.flat.housing_company.maintenance_company.email
    assert forward.attachments
    assert forward.attachments[0]["type"] == "image/jpeg"
    assert "/maintenance/" in forward.body_text
    received = OutboxMail.get(OutboxMail.kind == "fault_received")
    assert received.recipient == user.email


def test_report_outside_office_hours_waits_for_the_opening(app):
    """Is a report filed on Saturday forwarded only at Monday's opening, and told so?"""
    user = make_tenant()
    with time_machine.travel(SATURDAY, tick=False):
        report = file(app, user)
        assert report.status == rules.RECEIVED
        assert service.forward_due() == 0
    opening = datetime(2026, 11, 30, 9, 0, tzinfo=HKI)
    assert report.forward_after == opening.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    assert "Mon" in OutboxMail.get(OutboxMail.kind == "fault_received").body_text or True
    with time_machine.travel(opening + timedelta(minutes=1), tick=False):
        assert service.forward_due() == 1
    assert FaultReport.get_by_id(report.id).status == rules.SENT_TO_MAINTENANCE


def test_urgent_text_is_stopped_until_acknowledged(app):
    """Does a report whose text sounds urgent stop until the resident says it is not urgent?"""
    user = make_tenant()
    with pytest.raises(FaultError) as error:
        file(app, user, description="Vesi vuotaa lattialle keittiössä")
    assert error.value.code == "looks_urgent"
    assert FaultReport.select().count() == 0
    report = file(
        app, user, description="Vesi vuotaa lattialle keittiössä", urgent_acknowledged=True
    )
    assert report.id


def test_bad_photo_saves_nothing(app, tmp_path):
    """Does a malformed photo refuse the whole report and leave no file or row behind?"""
    user = make_tenant()
    with pytest.raises(FaultError) as error:
        file(app, user, photos=[jpeg(), b"this is not an image"])
    assert error.value.code == "photo_not_image"
    assert error.value.detail == "2"
    assert FaultReport.select().count() == 0
    assert FaultPhoto.select().count() == 0
    uploads = tmp_path / "uploads"
    assert not uploads.exists() or not any(p.is_file() for p in uploads.rglob("*"))


def test_double_submit_makes_one_report(app):
    """Does sending the same form twice (same submission id) make only one report?"""
    user = make_tenant()
    first = file(app, user, client_token="abc123")
    second = file(app, user, client_token="abc123")
    assert first.id == second.id
    assert FaultReport.select().count() == 1


def test_not_fixed_within_14_days_reopens(app):
    """Does "not fixed" within 14 days of "done" reopen the same report?"""
    user = make_tenant()
    with time_machine.travel(TUESDAY_10, tick=False):
        report = file(app, user)
        done = service.change_status(
            report.id,
            rules.DONE,
            actor_kind="maintenance",
            version=report.version,
            actor_label="Huolto Oy",
        )
    assert done.status == rules.DONE
    with (
        time_machine.travel(TUESDAY_10 + timedelta(days=13), tick=False),
        app.test_request_context(),
    ):
        result = service.answer_feedback(user, report.id, fixed=False)
    assert result.id == report.id
    assert FaultReport.get_by_id(report.id).status in (rules.RECEIVED, rules.SENT_TO_MAINTENANCE)


def test_not_fixed_after_14_days_opens_a_linked_report(app):
    """Does "not fixed" after 14 days open a new report linked to the old one?"""
    user = make_tenant()
    with time_machine.travel(TUESDAY_10, tick=False):
        report = file(app, user)
        service.change_status(
            report.id, rules.DONE, actor_kind="maintenance", version=report.version
        )
    with (
        time_machine.travel(TUESDAY_10 + timedelta(days=15), tick=False),
        app.test_request_context(),
    ):
        follow = service.answer_feedback(user, report.id, fixed=False)
    assert follow.id != report.id
    assert follow.previous_id == report.id
    assert FaultReport.get_by_id(report.id).status == rules.DONE


def test_fixed_answer_is_recorded_once(app):
    """Is "fixed" recorded, and a second answer refused?"""
    user = make_tenant()
    report = file(app, user)
    service.change_status(report.id, rules.DONE, actor_kind="desk", version=report.version)
    with app.test_request_context():
        service.answer_feedback(user, report.id, fixed=True)
        with pytest.raises(FaultError):
            service.answer_feedback(user, report.id, fixed=False)
    assert FaultReport.get_by_id(report.id).feedback == "fixed"


def test_stale_version_is_refused(app):
    """Does a status change based on an old version fail instead of overwriting?"""
    user = make_tenant()
    report = file(app, user)
    service.change_status(report.id, rules.IN_PROGRESS, actor_kind="desk", version=report.version)
    with pytest.raises(FaultError) as error:
        service.change_status(report.id, rules.CANCELLED, actor_kind="desk", version=report.version)
    assert error.value.code == "conflict"


def test_status_change_mails_the_resident_in_their_language(app):
    """Is the reporter told of a status change by mail in their own language?"""
    user = make_tenant(language="sv")
    report = file(app, user)
    service.change_status(
        report.id,
        rules.VISIT_AGREED,
        actor_kind="desk",
        version=report.version,
        visit_at=datetime(2026, 12, 1, 10, 0, tzinfo=HKI),
    )
    mail = OutboxMail.select().where(OutboxMail.kind == "fault_status").get()
    assert mail.language == "sv"
    assert mail.recipient == user.email


def test_other_resident_of_the_flat_sees_the_reports(app):
    """Do the other residents of the same flat see the flat's reports?"""
    user = make_tenant()
    report = file(app, user)
    other = make_user(make_resident())
    add_other_resident(user.flat, other.resident)
    with app.test_request_context():
        assert [r.id for r in service.flat_reports(other)] == [report.id]


def test_second_flat_is_refused_every_report_url(app):
    """Is a resident of another flat refused every URL of the first flat's report (404)?"""
    owner = make_tenant()
    report = file(app, owner, photos=[jpeg()])
    photo = FaultPhoto.get(FaultPhoto.report == report)
    service.change_status(report.id, rules.DONE, actor_kind="desk", version=report.version)
    intruder = make_tenant()
    client = app.test_client()
    login(client, intruder)
    urls_get = [
        f"/my/faults/{report.id}",
        f"/my/faults/photo/{photo.id}",
        f"/my/faults/photo/{photo.id}?thumb=1",
    ]
    for url in urls_get:
        assert client.get(url).status_code == 404, url
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404, url
    posts = {
        f"/my/faults/{report.id}/comment": {"text": "hello"},
        f"/my/faults/{report.id}/feedback": {"fixed": "no"},
    }
    for url, data in posts.items():
        assert client.post(url, data=data).status_code == 404, url
    assert FaultEvent.select().where(FaultEvent.kind.in_(["comment", "feedback"])).count() == 0
    listing = client.get("/my/faults/").data.decode()
    assert f"/my/faults/{report.id}" not in listing
    new_for_other_flat = client.post(
        f"/my/faults/new?flat={owner.flat.id}", data={"description": "x"}
    )
    assert new_for_other_flat.status_code == 404


def test_report_list_query_count_is_constant(app, count_queries):
    """Does the list page cost the same queries with 2 or 20 reports?"""
    user = make_tenant()
    for _ in range(2):
        file(app, user, photos=[jpeg()])
    client = app.test_client()
    login(client, user)
    with count_queries() as few:
        assert client.get("/my/faults/").status_code == 200
    for _ in range(18):
        file(app, user)
    with count_queries() as many:
        assert client.get("/my/faults/").status_code == 200
    assert few.count == many.count


def test_detail_page_and_htmx_status_block(app):
    """Does the report page show the timeline, and an HTMX poll get only the status block?"""
    user = make_tenant()
    report = file(app, user)
    client = app.test_client()
    login(client, user)
    page = client.get(f"/my/faults/{report.id}").data.decode()
    assert "<html" in page
    assert "Sent to maintenance" in page or "Received" in page
    service.change_status(
        report.id,
        rules.IN_PROGRESS,
        actor_kind="desk",
        version=FaultReport.get_by_id(report.id).version,
    )
    block = client.get(f"/my/faults/{report.id}", headers={"HX-Request": "true"}).data.decode()
    assert "<html" not in block
    assert "In progress" in block


def test_photo_is_served_only_stripped(app):
    """Is a phone photo with its GPS position served to its owner as a re-encoded JPEG without
    any EXIF, the photo and its thumbnail alike?"""
    original = gps_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the upload has GPS
    user = make_tenant()
    report = file(app, user, photos=[original])
    photo = FaultPhoto.get(FaultPhoto.report == report)
    client = app.test_client()
    login(client, user)
    for url in (f"/my/faults/photo/{photo.id}", f"/my/faults/photo/{photo.id}?thumb=1"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == "image/jpeg"
        assert response.data != original
        served = Image.open(io.BytesIO(response.data))
        assert served.format == "JPEG"
        assert served.getexif().get_ifd(GPS_IFD) == {}, url
        assert dict(served.getexif()) == {}, url
        assert b"Exif" not in response.data
        assert b"PhoneMaker" not in response.data


def test_forwarding_hours_are_configurable(app):
    """Do FORWARD_HOURS settings move the forwarding window (e.g. Mon-Fri 8-16)?"""
    app.config["FORWARD_HOURS"] = "0,1,2,3,4 8-16"
    user = make_tenant()
    with time_machine.travel(TUESDAY_13, tick=False):
        report = file(app, user)
    assert report.status == rules.SENT_TO_MAINTENANCE


def test_poll_answers_204_when_nothing_changed(app):
    """Does the status poll get 204 (nothing to swap or announce) while the report is unchanged,
    and the block with an announcement once it changes?"""
    user = make_tenant()
    report = file(app, user)
    client = app.test_client()
    login(client, user)
    fresh = FaultReport.get_by_id(report.id)
    url = f"/my/faults/{report.id}?v={fresh.version}"
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 204
    service.change_status(report.id, rules.IN_PROGRESS, actor_kind="desk", version=fresh.version)
    changed = client.get(url, headers={"HX-Request": "true"})
    assert changed.status_code == 200
    assert 'id="status-announce"' in changed.data.decode()


def test_photo_limits_are_worded_from_their_one_definition(app, monkeypatch):
    """Do the form's hint and the refusals say the limits the service enforces (read from their
    one definition), so changing a limit changes every word about it?"""
    from heka_asoy.blueprints.faults import messages
    from heka_asoy.blueprints.faults.forms import FaultForm
    from heka_asoy.services import photos

    limits = (getattr(FaultForm, "max_photos", None), getattr(FaultForm, "max_megabytes", None))
    monkeypatch.setattr(FaultForm, "max_photos", 3, raising=False)
    monkeypatch.setattr(FaultForm, "max_megabytes", 7, raising=False)
    monkeypatch.setattr(messages, "_LIMITS", {"count": 3, "mb": 7, "megapixels": 12}, raising=False)
    user = make_tenant()
    client = app.test_client()
    login(client, user)
    page = client.get("/my/faults/new").get_data(as_text=True)
    assert "Up to 3 photos (JPEG, PNG or WebP), at most 7 MB each." in page
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert messages.fault_error_text("too_many_photos") == "You can attach at most 3 photos."
        assert messages.fault_error_text("photo_too_large", "2") == (
            "Photo 2 is too large: at most 7 MB."
        )
        assert "at most 12 megapixels" in messages.fault_error_text("photo_too_many_pixels", "1")
    assert limits == (service.MAX_PHOTOS, photos.MAX_MEGABYTES)  # the form reads the limits

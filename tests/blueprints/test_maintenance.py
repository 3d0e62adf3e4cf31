"""The maintenance company's page behind the signed link in the forwarded report's mail."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale
from PIL import Image

from heka_asoy.domain import faults as rules
from heka_asoy.labels import status_label
from heka_asoy.models import AuditLog, FaultEvent, FaultPhoto, FaultReport, OutboxMail
from heka_asoy.services import faults as service
from heka_asoy.services.faults import ReportInput
from heka_asoy.services.mailer import send_due
from tests.factories import login, make_company, make_flat, make_lease, make_resident, make_user


def jpeg(color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, "JPEG")
    return out.getvalue()


def tenant(company=None, **user_kw):
    resident = make_resident()
    flat = make_flat(company)
    make_lease(flat, [resident])
    user = make_user(resident, **user_kw)
    user.flat = flat
    return user


def file_forwarded(app, user, photos=(), **fields) -> FaultReport:
    """A resident's report, forwarded to maintenance whatever the time of day."""
    data = {
        "category": "water.tap",
        "description": "The kitchen tap drips all night.",
        "location": "Kitchen",
        "master_key_allowed": True,
        "pets": "A cat",
        "visiting_times": "Weekdays after 15",
        "phone": "040 123 4567",
        "photos": list(photos),
    }
    data.update(fields)
    with app.test_request_context():
        report = service.file_report(user, user.flat.id, ReportInput(**data))
    if report.status == rules.RECEIVED:
        service.forward_due(datetime.now(UTC) + timedelta(days=30))
    report = FaultReport.get_by_id(report.id)
    assert report.status == rules.SENT_TO_MAINTENANCE
    return report


def link_of(report: FaultReport) -> str:
    return f"/maintenance/{service.maintenance_token(report)}"


def test_maintenance_link_flow_reaches_the_resident(app, client, smtp_server):
    """Does a status change, visit time and note made through the link show in the resident's
    timeline, reach the resident by mail in their language, and get logged with the company?"""
    user = tenant(language="sv")
    report = file_forwarded(app, user)
    company = user.flat.housing_company.maintenance_company
    send_due()
    smtp_server.messages.clear()

    page = client.get(link_of(report))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert user.flat.building.street_address in html
    assert user.flat.number in html
    assert "The kitchen tap drips all night." in html
    assert f'name="version" type="hidden" value="{report.version}"' in html
    options = set(re.findall(r'<option[^>]*value="([a-z_]*)"', html))
    assert options == {"", "visit_agreed", "in_progress", "waiting_for_parts", "done"}

    response = client.post(
        link_of(report),
        data={
            "status": "visit_agreed",
            "visit_at": "2030-05-06T10:30",
            "note": "We come on Monday morning.",
            "version": str(report.version),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    fresh = FaultReport.get_by_id(report.id)
    assert fresh.status == rules.VISIT_AGREED
    assert fresh.visit_at == datetime(2030, 5, 6, 7, 30)  # 10:30 in Helsinki summer time, UTC
    assert fresh.version > report.version

    events = service.timeline(fresh)
    assert (events[-2].kind, events[-2].status, events[-2].actor_label) == (
        "status",
        "visit_agreed",
        company.name,
    )
    assert (events[-1].kind, events[-1].text, events[-1].actor_label) == (
        "comment",
        "We come on Monday morning.",
        company.name,
    )
    audit = AuditLog.select().where(
        (AuditLog.action == "fault_status") & (AuditLog.target_id == report.id)
    )
    assert [(a.actor_label, a.data["status"]) for a in audit if a.actor_label] == [
        (company.name, "visit_agreed")
    ]
    assert AuditLog.get(AuditLog.action == "fault_maintenance_note").actor_label == company.name

    status_mail = (
        OutboxMail.select()
        .where((OutboxMail.kind == "fault_status") & (OutboxMail.recipient == user.notice_email))
        .order_by(OutboxMail.id.desc())
        .first()
    )
    assert status_mail.language == "sv"
    with force_locale("sv"):
        swedish_label = str(status_label("visit_agreed"))
    received = smtp_server.to(user.notice_email)
    assert {m["Subject"] for m in received} >= {status_mail.subject}
    assert swedish_label in status_mail.subject
    assert any(
        "We come on Monday morning." in m.get_body(("plain",)).get_content() for m in received
    )

    client.post("/logout")
    login(client, user)
    mine = client.get(f"/my/faults/{report.id}").get_data(as_text=True)
    assert "We come on Monday morning." in mine
    assert company.name in mine


def test_forwarded_mail_lists_the_details_and_the_link(app, smtp_server):
    """Does the mail to maintenance carry address, flat, category, the report's fields, the
    reporter's contact, the photo and a link that opens the maintenance page?"""
    user = tenant()
    report = file_forwarded(app, user, photos=[jpeg()])
    send_due()
    company = user.flat.housing_company.maintenance_company
    (message,) = smtp_server.to(company.email)
    text = message.get_body(("plain",)).get_content()
    for expected in (
        user.flat.building.street_address,
        user.flat.number,
        "Vesihana",  # the category in the maintenance mail, which is in Finnish
        "Kitchen",
        "The kitchen tap drips all night.",
        "A cat",
        "Weekdays after 15",
        report.reporter_name,
        "040 123 4567",
    ):
        assert expected in text, expected
    link = re.search(r"http://localhost(/maintenance/\S+)", text).group(1)
    assert link == link_of(report)
    html = message.get_body(("html",)).get_content()
    assert link in html
    attachments = list(message.iter_attachments())
    assert [a.get_content_type() for a in attachments] == ["image/jpeg"]
    assert str(report.id) in message["Subject"]
    assert user.flat.building.street_address in message["Subject"]
    assert OutboxMail.get(OutboxMail.kind == "fault_forward").language == "fi"


def test_forged_link_is_refused(app, client):
    """Is a link with a forged or mangled signature refused with a clear 404 page?"""
    user = tenant()
    report = file_forwarded(app, user)
    good = service.maintenance_token(report)
    for bad in ("not-a-token", good[:-2] + ("AA" if not good.endswith("AA") else "BB")):
        response = client.get(f"/maintenance/{bad}")
        assert response.status_code == 404
        assert "This link is not valid" in response.get_data(as_text=True)
        assert client.post(f"/maintenance/{bad}", data={"status": "done"}).status_code == 404
    assert FaultReport.get_by_id(report.id).status == rules.SENT_TO_MAINTENANCE


def test_link_signed_for_another_maintenance_company_is_refused(app, client):
    """A correctly signed token naming another maintenance company does not open the report."""
    user = tenant()
    report = file_forwarded(app, user)
    other = make_company().maintenance_company
    token = service._serializer().dumps({"r": report.id, "m": other.id})
    response = client.get(f"/maintenance/{token}")
    assert response.status_code == 404
    assert "This link is not valid" in response.get_data(as_text=True)


def test_link_of_a_closed_report_has_expired(app, client):
    """Once maintenance marks the report done the page says so, and the link then answers 410."""
    user = tenant()
    report = file_forwarded(app, user)
    link = link_of(report)
    done = client.post(link, data={"status": "done", "version": str(report.version)})
    assert done.status_code == 200
    assert "The report is now closed" in done.get_data(as_text=True)
    assert FaultReport.get_by_id(report.id).status == rules.DONE

    for response in (client.get(link), client.post(link, data={"status": "in_progress"})):
        assert response.status_code == 410
        assert "This link has expired because the report is closed." in response.get_data(
            as_text=True
        )


def test_stale_version_changes_nothing(app, client):
    """When the desk changed the report after maintenance opened the page, the older form is
    refused with "changed meanwhile" and nothing is saved, mailed or logged."""
    user = tenant()
    report = file_forwarded(app, user)
    seen_version = report.version
    service.change_status(
        report.id, rules.IN_PROGRESS, actor_kind="desk", version=seen_version, actor_label="asoy"
    )
    events = FaultEvent.select().count()
    mails = OutboxMail.select().count()

    response = client.post(
        link_of(report),
        data={"status": "waiting_for_parts", "note": "Parts ordered.", "version": seen_version},
    )
    assert response.status_code == 409
    assert "changed meanwhile" in response.get_data(as_text=True)
    assert FaultReport.get_by_id(report.id).status == rules.IN_PROGRESS
    assert FaultEvent.select().count() == events
    assert OutboxMail.select().count() == mails


def test_maintenance_cannot_make_a_desk_transition(app, client):
    """A tampered form asking for a status only the desk may set changes nothing."""
    user = tenant()
    report = file_forwarded(app, user)
    for status in ("cancelled", "redirected", "received"):
        response = client.post(
            link_of(report), data={"status": status, "version": str(report.version)}
        )
        assert response.status_code == 422
    assert FaultReport.get_by_id(report.id).status == rules.SENT_TO_MAINTENANCE


def test_visit_agreed_needs_a_time(app, client):
    user = tenant()
    report = file_forwarded(app, user)
    response = client.post(
        link_of(report), data={"status": "visit_agreed", "version": str(report.version)}
    )
    assert response.status_code == 422
    assert "Give the agreed visit time." in response.get_data(as_text=True)
    assert FaultReport.get_by_id(report.id).status == rules.SENT_TO_MAINTENANCE


def test_photo_route_serves_only_this_reports_photos(app, client):
    """The link's photo route serves its own report's photo and thumbnail, never another's."""
    user = tenant()
    mine = file_forwarded(app, user, photos=[jpeg()])
    neighbour = tenant(company=user.flat.housing_company)
    theirs = file_forwarded(app, neighbour, photos=[jpeg((0, 0, 200))])
    my_photo = FaultPhoto.get(FaultPhoto.report == mine.id)
    their_photo = FaultPhoto.get(FaultPhoto.report == theirs.id)

    page = client.get(link_of(mine)).get_data(as_text=True)
    assert f"{link_of(mine)}/photo/{my_photo.id}?thumb=1" in page
    full = client.get(f"{link_of(mine)}/photo/{my_photo.id}")
    assert full.status_code == 200
    assert full.mimetype == "image/jpeg"
    assert full.headers["Cache-Control"] == "private, no-store"
    thumb = client.get(f"{link_of(mine)}/photo/{my_photo.id}?thumb=1")
    assert thumb.status_code == 200
    assert thumb.data != full.data or len(thumb.data) <= len(full.data)

    assert client.get(f"{link_of(mine)}/photo/{their_photo.id}").status_code == 404
    assert client.get(f"{link_of(mine)}/photo/{their_photo.id}?thumb=1").status_code == 404
    assert client.get(f"/maintenance/forged/photo/{my_photo.id}").status_code == 404


@pytest.fixture
def csrf_app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def test_form_carries_a_csrf_token(csrf_app_config, app, client):
    """With CSRF protection on, the page's own token lets the form through; none is refused."""
    user = tenant()
    report = file_forwarded(app, user)
    html = client.get(link_of(report)).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    data = {"status": "in_progress", "version": str(report.version)}
    assert client.post(link_of(report), data=data).status_code == 400
    assert FaultReport.get_by_id(report.id).status == rules.SENT_TO_MAINTENANCE
    assert client.post(link_of(report), data={**data, "csrf_token": token}).status_code == 302
    assert FaultReport.get_by_id(report.id).status == rules.IN_PROGRESS


def test_maintenance_can_move_an_agreed_visit(app):
    """Can maintenance move an agreed visit without a status change, and is the resident told?"""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from heka_asoy.domain import faults as rules
    from heka_asoy.models import FaultEvent, FaultReport, OutboxMail
    from heka_asoy.services import faults as service
    from tests.blueprints.test_faults import file
    from tests.factories import make_tenant

    user = make_tenant()
    report = file(app, user)
    first = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
    report = service.change_status(
        report.id, rules.VISIT_AGREED, actor_kind="desk", version=report.version, visit_at=first
    )
    moved = datetime(2026, 12, 2, 13, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
    service.reschedule_visit(report.id, moved, version=report.version, actor_label="Huolto Oy")
    fresh = FaultReport.get_by_id(report.id)
    assert fresh.status == rules.VISIT_AGREED
    assert fresh.visit_at == datetime(2026, 12, 2, 11, 0)
    assert FaultEvent.select().where(FaultEvent.kind == "visit").count() == 1
    assert OutboxMail.select().where(OutboxMail.kind == "fault_status").count() == 2
    import pytest

    with pytest.raises(service.FaultError):
        service.reschedule_visit(report.id, moved, version=report.version, actor_label="x")

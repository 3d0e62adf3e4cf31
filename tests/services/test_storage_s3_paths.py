"""Uploads on an S3 bucket (``STORAGE_URL``) through the portal's own pages: a real S3 server on
loopback (moto), the Flask test client, the real forms and downloads. Files land in the bucket
(never in the upload folder), come back only through the access-checked views (a second flat's
account gets 404; no bucket URL is ever shown), and a storage that fails mid-way leaves neither
rows nor objects behind and says so next to the form's field."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import boto3
import pytest
import time_machine
from PIL import Image

from heka_asoy.models import (
    Attachment,
    FaultPhoto,
    FaultReport,
    Message,
    MessageThread,
    OutboxMail,
    ServiceRequest,
)
from heka_asoy.services.mailer import send_due
from heka_asoy.storage import StorageUnavailable, make_storage, storage
from heka_asoy.storage.s3 import S3Storage
from tests.factories import gps_jpeg, login, make_staff, make_tenant, scan_pdf
from tests.s3_server import CREDENTIALS, REGION, make_bucket, storage_url

TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Helsinki"))  # desk open


@pytest.fixture
def bucket(s3_endpoint, s3_env) -> str:
    return make_bucket(s3_endpoint)


@pytest.fixture
def app_config(app_config, s3_endpoint, s3_env, bucket):
    """The test app on a bucket of its own, as an operator configures it."""
    app_config["STORAGE_URL"] = storage_url(s3_endpoint, bucket)
    return app_config


def _client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def _jpeg(color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, "JPEG")
    return buffer.getvalue()


def _on_disk(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def _objects(s3_endpoint: str, bucket: str) -> list[str]:
    """The bucket's object names, asked of the server directly (not through the app)."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    answer = client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in answer.get("Contents", ()))


def _fault_form(flat_id: int, *photos: bytes) -> dict:
    return {
        "category": "water.tap",
        "description": "The kitchen tap is stiff and hard to turn.",
        "location": "kitchen",
        "master_key_allowed": "no",
        "phone": "040 123 4567",
        "photos": [(io.BytesIO(p), f"kuva-{n}.jpg") for n, p in enumerate(photos, start=1)],
    }


def _file_fault(client, flat_id: int, *photos: bytes):
    return client.post(
        f"/my/faults/new?flat={flat_id}",
        data=_fault_form(flat_id, *photos),
        content_type="multipart/form-data",
    )


def _renovation_form(*files: tuple[bytes, str]) -> dict:
    from datetime import date, timedelta

    start = date.today() + timedelta(days=20)
    return {
        "what": "Uusi laattalattia kylpyhuoneeseen",
        "where": "kylpyhuone",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=4)).isoformat(),
        "worker": "self",
        "attachments": [(io.BytesIO(data), name) for data, name in files],
    }


def _new_message(client, flat_id: int, *files: tuple[bytes, str]):
    return client.post(
        "/my/messages/new",
        data={
            "flat": str(flat_id),
            "topic": "tenant_democracy",
            "subject": "Residents' meeting",
            "body": "When is the next meeting?",
            "attachments": [(io.BytesIO(data), name) for data, name in files],
        },
        content_type="multipart/form-data",
    )


def _counts() -> dict[str, int]:
    return {
        "reports": FaultReport.select().count(),
        "photos": FaultPhoto.select().count(),
        "threads": MessageThread.select().count(),
        "messages": Message.select().count(),
        "requests": ServiceRequest.select().count(),
        "attachments": Attachment.select().count(),
    }


# --- the way there and back ------------------------------------------------------------------


def test_the_app_stores_in_the_bucket(app, bucket):
    files = storage()
    assert isinstance(files, S3Storage)
    assert files.bucket == bucket


def test_fault_photo_goes_to_the_bucket_and_back_only_to_its_flat(
    app, s3_endpoint, bucket, smtp_server
):
    """Is a photo filed with a fault report stored in the bucket (not on disk), shown to the
    resident through /my/faults/photo/<id> (and its thumbnail), mailed to maintenance from the
    bucket, and a 404 for another flat's account?"""
    tenant = make_tenant()
    with time_machine.travel(TUESDAY_10, tick=False):
        filed = _file_fault(_client(app, tenant), tenant.flat.id, gps_jpeg())
    photo = FaultPhoto.get()
    assert filed.headers["Location"] == f"/my/faults/{photo.report_id}"
    owner = _client(app, tenant)
    assert _objects(s3_endpoint, bucket) == sorted(
        [f"uploads/{photo.storage_key}", f"uploads/{photo.thumb_key}"]
    )
    assert _on_disk(app) == []

    stored = storage().read(photo.storage_key)
    shown = owner.get(f"/my/faults/photo/{photo.id}")
    assert shown.status_code == 200
    assert shown.data == stored
    assert shown.mimetype == "image/jpeg"
    assert shown.headers["Cache-Control"] == "private, no-store"
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    assert b"PhoneMaker" not in shown.data  # re-encoded before it reached the bucket
    thumb = owner.get(f"/my/faults/photo/{photo.id}?thumb=1")
    assert thumb.status_code == 200
    assert thumb.data == storage().read(photo.thumb_key)
    page = owner.get(f"/my/faults/{photo.report_id}").text
    assert s3_endpoint not in page
    assert bucket not in page

    intruder = _client(app, make_tenant())
    assert intruder.get(f"/my/faults/photo/{photo.id}").status_code == 404
    assert intruder.get(f"/my/faults/photo/{photo.id}?thumb=1").status_code == 404

    # the maintenance company's mail carries the photo, read from the bucket
    send_due()
    parts = [
        part
        for message in smtp_server.messages
        for part in message.walk()
        if part.get_filename() == "kuva-1.jpg"
    ]
    assert [part.get_payload(decode=True) for part in parts] == [stored]
    assert OutboxMail.get(OutboxMail.kind == "fault_forward").status == "sent"


def test_message_attachment_goes_to_the_bucket_and_back_only_to_its_owner(app, s3_endpoint, bucket):
    """Is a message's PDF stored in the bucket, downloaded by its sender and the desk, and a 404
    for another flat's account?"""
    tenant = make_tenant()
    owner = _client(app, tenant)
    sent = _new_message(owner, tenant.flat.id, (scan_pdf("Lasku"), "lasku.pdf"))
    assert sent.status_code == 302, sent.text
    attachment = Attachment.get()
    assert _objects(s3_endpoint, bucket) == [f"uploads/{attachment.storage_key}"]
    assert _on_disk(app) == []

    download = owner.get(f"/my/messages/file/{attachment.id}")
    assert download.status_code == 200
    assert download.data == storage().read(attachment.storage_key)
    assert download.data.startswith(b"%PDF-")
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "lasku.pdf" in download.headers["Content-Disposition"]
    assert download.headers["Cache-Control"] == "private, no-store"

    desk = _client(app, make_staff())
    assert desk.get(f"/staff/messages/file/{attachment.id}").data == download.data
    intruder = _client(app, make_tenant())
    assert intruder.get(f"/my/messages/file/{attachment.id}").status_code == 404


def test_service_request_attachment_goes_to_the_bucket_and_back_only_to_its_flat(
    app, s3_endpoint, bucket
):
    """Is a renovation plan stored in the bucket, downloaded as a sandboxed attachment by the
    requester and the desk, and a 404 for another flat's account?"""
    tenant = make_tenant()
    owner = _client(app, tenant)
    filed = owner.post(
        f"/my/requests/new?kind=renovation&flat={tenant.flat.id}",
        data=_renovation_form((scan_pdf("Pohjapiirros"), "pohja.pdf")),
        content_type="multipart/form-data",
    )
    assert filed.status_code == 302, filed.text
    attachment = Attachment.get()
    assert _objects(s3_endpoint, bucket) == [f"uploads/{attachment.storage_key}"]
    assert _on_disk(app) == []

    download = owner.get(f"/my/requests/files/{attachment.id}")
    assert download.status_code == 200
    assert download.data == storage().read(attachment.storage_key)
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert download.headers["Cache-Control"] == "private, no-store"

    desk = _client(app, make_staff())
    assert desk.get(f"/staff/requests/files/{attachment.id}").data == download.data
    intruder = _client(app, make_tenant())
    assert intruder.get(f"/my/requests/files/{attachment.id}").status_code == 404


def test_an_object_gone_from_the_bucket_is_a_404(app):
    tenant = make_tenant()
    owner = _client(app, tenant)
    assert _file_fault(owner, tenant.flat.id, _jpeg()).status_code == 302
    photo = FaultPhoto.get()
    storage().delete([photo.storage_key])
    assert owner.get(f"/my/faults/photo/{photo.id}").status_code == 404
    assert owner.get(f"/my/faults/photo/{photo.id}?thumb=1").status_code == 200


# --- a storage that fails ----------------------------------------------------------------------


def _delete_bucket(s3_endpoint: str, bucket: str) -> None:
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    client.delete_bucket(Bucket=bucket)


def test_fault_report_on_a_deleted_bucket_leaves_nothing_and_says_so(app, s3_endpoint, bucket):
    """Is a report whose photos cannot be stored (the bucket was deleted while the portal ran)
    refused with a message next to the photos, with no report, no photo row and no file?"""
    tenant = make_tenant()
    owner = _client(app, tenant)
    before = _counts()
    _delete_bucket(s3_endpoint, bucket)
    refused = _file_fault(owner, tenant.flat.id, _jpeg(), _jpeg((0, 90, 200)))
    assert refused.status_code == 200
    assert "The photos could not be saved just now, so nothing was sent." in refused.text
    assert "The kitchen tap is stiff" in refused.text  # what was typed is kept
    assert _counts() == before
    assert OutboxMail.select().count() == 0
    assert _on_disk(app) == []


def test_a_second_photo_failing_removes_the_first_from_the_bucket(
    app, s3_endpoint, bucket, monkeypatch
):
    """Does a storage that takes the first photo and then fails leave no object behind?"""
    files = storage()
    real_write = files.write
    written: list[str] = []

    def write(key, data, content_type=""):
        if len(written) == 2:  # the first photo and its thumbnail went in
            raise StorageUnavailable("the bucket went away")
        real_write(key, data, content_type)
        written.append(key)

    monkeypatch.setattr(files, "write", write)
    tenant = make_tenant()
    refused = _file_fault(_client(app, tenant), tenant.flat.id, _jpeg(), _jpeg((0, 90, 200)))
    assert "The photos could not be saved just now" in refused.text
    assert len(written) == 2
    assert _objects(s3_endpoint, bucket) == []
    assert FaultReport.select().count() == 0
    assert FaultPhoto.select().count() == 0


def test_message_to_an_unreachable_storage_leaves_nothing_and_says_so(app):
    """Is a message whose attachment cannot be stored (nothing listens at the endpoint) refused
    next to the attachments, with no thread, message or attachment row?"""
    import socket

    with socket.socket() as probe:  # a loopback port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.extensions["heka_storage"] = make_storage(
        {"STORAGE_URL": storage_url(f"http://127.0.0.1:{port}", "heka-unreachable")}
    )
    tenant = make_tenant()
    before = _counts()
    refused = _new_message(_client(app, tenant), tenant.flat.id, (scan_pdf(), "lasku.pdf"))
    assert refused.status_code in (200, 422)
    assert "The files could not be saved just now, so nothing was sent." in refused.text
    assert _counts() == before
    assert _on_disk(app) == []


def test_service_request_on_a_missing_bucket_leaves_nothing_and_says_so(app, s3_endpoint):
    """Is a request whose plan cannot be stored (STORAGE_URL names a bucket that does not
    exist) refused next to the attachments, with no request and no attachment row?"""
    app.extensions["heka_storage"] = make_storage(
        {"STORAGE_URL": storage_url(s3_endpoint, "heka-no-such-bucket")}
    )
    tenant = make_tenant()
    before = _counts()
    refused = _client(app, tenant).post(
        f"/my/requests/new?kind=renovation&flat={tenant.flat.id}",
        data=_renovation_form((scan_pdf("Pohjapiirros"), "pohja.pdf")),
        content_type="multipart/form-data",
    )
    assert refused.status_code in (200, 422)
    assert "The files could not be saved just now, so nothing was sent." in refused.text
    assert _counts() == before
    assert _on_disk(app) == []


def test_power_form_on_a_missing_bucket_is_refused_and_registers_nothing(app, s3_endpoint):
    """Is a scanned power-of-attorney form that cannot be stored refused with ``not_saved``
    (said next to the staff form's file field), with no power registered?"""
    from datetime import date

    from heka_asoy.models import PowerOfAttorney
    from heka_asoy.services import powers

    app.extensions["heka_storage"] = make_storage(
        {"STORAGE_URL": storage_url(s3_endpoint, "heka-no-such-bucket")}
    )
    tenant = make_tenant()
    data = powers.PowerInput(
        grantor_id=tenant.resident_id,
        kind="one_off",
        scopes=("parking",),
        free_text="",
        agent_name="Veli Valtuutettu",
        agent_email="veli@example.fi",
        valid_from=date.today(),
        valid_until=None,
        received_via="email",
    )
    with pytest.raises(powers.DocumentError) as refused:
        powers.register_power(make_staff(), tenant.flat.leases.get().id, data, scan_pdf())
    assert refused.value.code == "not_saved"
    assert PowerOfAttorney.select().count() == 0


def test_a_local_folder_that_fails_says_so_too(app, tmp_path):
    """The embedded default fails the same way: an upload folder that cannot take the file (here
    a file stands where the folder should be) refuses the report next to the photos."""
    from heka_asoy.storage import LocalStorage

    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")
    app.extensions["heka_storage"] = LocalStorage(blocker)
    tenant = make_tenant()
    before = _counts()
    refused = _file_fault(_client(app, tenant), tenant.flat.id, _jpeg())
    assert "The photos could not be saved just now, so nothing was sent." in refused.text
    assert _counts() == before

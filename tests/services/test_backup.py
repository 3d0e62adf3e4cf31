"""``flask backup`` / ``flask restore``: a round trip on the test's database kind (the SQLite file,
or PostgreSQL in its pass) while writes go on, compared table by table and file by file."""

from __future__ import annotations

import io
import os
import tarfile
import threading
import uuid
from pathlib import Path

import pytest

from heka_asoy.backup import BackupError, Target, backup, current_digests, read_manifest, restore
from heka_asoy.db import make_database
from heka_asoy.models import AuditLog
from heka_asoy.storage import make_storage, storage
from tests.factories import make_appointment, make_staff, make_tenant
from tests.s3_server import make_bucket, storage_url

PG_ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def empty_target(app, tmp_path):
    """An empty database of the same kind as the test's, and an empty upload folder."""
    uploads = tmp_path / "restored-uploads"
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        yield Target(f"sqlite:///{tmp_path / 'restored.db'}", str(uploads))
        return
    admin = make_database(PG_ADMIN_URL)
    name = f"heka_restore_{uuid.uuid4().hex[:8]}"
    admin.execute_sql(f'CREATE DATABASE "{name}"')
    yield Target(f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}", str(uploads))
    admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _fill(app) -> None:
    staff = make_staff()
    for _ in range(3):
        make_appointment(make_tenant(), details="Avaimet ja vuokrasopimus — 'lainausmerkit'")
    for n in range(20):
        AuditLog.create(actor=staff, action="filled", data={"n": n})
    folder = Path(app.config["UPLOAD_FOLDER"])
    (folder / "photos" / "ab").mkdir(parents=True, exist_ok=True)
    (folder / "photos" / "ab" / "one.jpg").write_bytes(b"\xff\xd8" + os.urandom(5000))
    (folder / "documents").mkdir(parents=True, exist_ok=True)
    (folder / "documents" / "rescue-plan.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(2000))


def _source(app) -> Target:
    return Target(app.config["DATABASE_URL"], app.config["UPLOAD_FOLDER"])


def test_round_trip_while_writes_go_on(app, tmp_path, empty_target):
    _fill(app)
    stop = threading.Event()
    written = []

    def keep_writing():
        with app.app_context():
            while not stop.is_set():
                written.append(AuditLog.create(action="during_backup").id)
            app.config["DATABASE"].close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(written) < 5:  # the writer is under way before the backup starts
            threading.Event().wait(0.01)
        archive = backup(_source(app), tmp_path / "backups")
        during = len(written)
    finally:
        stop.set()
        writer.join(10)
    assert during > 5  # writes went on around the backup
    manifest = read_manifest(archive)
    logged = manifest["tables"]["audit_log"]["rows"]
    assert 20 <= logged <= AuditLog.select().count()
    assert manifest["tables"]["appointment"]["rows"] == 3
    assert set(manifest["files"]) == {"photos/ab/one.jpg", "documents/rescue-plan.pdf"}

    restored = restore(archive, empty_target)
    assert restored == manifest
    # recomputed from the restored copy, not taken from the manifest
    tables = current_digests(empty_target)
    assert tables == manifest["tables"]
    assert tables["audit_log"]["rows"] == logged
    for rel in manifest["files"]:
        assert empty_target.storage.read(rel) == storage().read(rel)
        assert (Path(empty_target.storage.folder) / rel).is_file()  # the folder of the target


def test_restore_refuses_a_database_that_is_not_empty(app, tmp_path):
    _fill(app)
    archive = backup(_source(app), tmp_path / "backups")
    with pytest.raises(BackupError, match="not empty"):
        restore(archive, Target(app.config["DATABASE_URL"], str(tmp_path / "new-uploads")))


def test_restore_finds_a_changed_file(app, tmp_path, empty_target):
    _fill(app)
    archive = backup(_source(app), tmp_path / "backups")
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            if member.name == "uploads/photos/ab/one.jpg":
                body = b"\xff\xd8changed"
                member.size = len(body)
                data = io.BytesIO(body)
            dst.addfile(member, data)
    with pytest.raises(BackupError, match="differs"):
        restore(tampered, empty_target)


def test_backup_and_restore_commands(app, tmp_path, empty_target):
    _fill(app)
    runner = app.test_cli_runner()
    made = runner.invoke(args=["backup", "--to", str(tmp_path / "cli")])
    assert made.exit_code == 0, made.output
    archive = made.output.strip()
    assert Path(archive).name.startswith("heka-backup-")
    app.config.update(
        DATABASE_URL=empty_target.database_url, UPLOAD_FOLDER=str(empty_target.storage.folder)
    )
    back = runner.invoke(args=["restore", archive])
    assert back.exit_code == 0, back.output
    assert "checksums match" in back.output
    again = runner.invoke(args=["restore", archive])
    assert again.exit_code != 0
    assert "not empty" in again.output


def test_round_trip_of_a_bucket(app, tmp_path, empty_target, s3_env, s3_endpoint):
    """Are the uploads of an S3 bucket backed up and restored into another (empty) bucket,
    checked file by file, through ``flask backup`` and ``flask restore``?"""
    _fill(app)  # rows in the database and files in the upload folder, which S3 leaves aside
    source = make_storage({"STORAGE_URL": storage_url(s3_endpoint, make_bucket(s3_endpoint))})
    source.write("faults/2026/11/a.jpg", b"\xff\xd8" + os.urandom(3000), "image/jpeg")
    source.write("messages/2026/11/b.pdf", b"%PDF-1.4\n" + os.urandom(1000), "application/pdf")
    runner = app.test_cli_runner()
    app.config["STORAGE_URL"] = storage_url(s3_endpoint, source.bucket)
    made = runner.invoke(args=["backup", "--to", str(tmp_path / "cli")])
    assert made.exit_code == 0, made.output
    manifest = read_manifest(made.output.strip())
    assert set(manifest["files"]) == {"faults/2026/11/a.jpg", "messages/2026/11/b.pdf"}

    restored_url = storage_url(s3_endpoint, make_bucket(s3_endpoint), prefix="restored")
    app.config.update(DATABASE_URL=empty_target.database_url, STORAGE_URL=restored_url)
    back = runner.invoke(args=["restore", made.output.strip()])
    assert back.exit_code == 0, back.output
    assert "2 files" in back.output
    restored = make_storage({"STORAGE_URL": restored_url})
    assert sorted(restored.keys()) == sorted(manifest["files"])
    for key in manifest["files"]:
        assert restored.read(key) == source.read(key)
    again = runner.invoke(args=["restore", made.output.strip()])
    assert again.exit_code != 0
    assert "not empty" in again.output
    assert not Path(empty_target.storage.folder).exists()  # nothing went to the folder


def test_restore_refuses_a_key_that_leaves_the_storage(app, tmp_path, empty_target):
    _fill(app)
    archive = backup(_source(app), tmp_path / "backups")
    evil = tmp_path / "evil.tar"
    with tarfile.open(archive) as src, tarfile.open(evil, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            if member.name == "uploads/photos/ab/one.jpg":
                member.name = "uploads/../escaped.jpg"
            dst.addfile(member, data)
    with pytest.raises(BackupError, match="safe storage key"):
        restore(evil, empty_target)
    assert not (tmp_path / "escaped.jpg").exists()

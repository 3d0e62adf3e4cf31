"""The two storage backends behave alike: the upload folder and an S3 bucket (moto server)."""

from __future__ import annotations

import pytest

from heka_asoy.storage import LocalStorage, make_storage
from tests.s3_server import make_bucket, storage_url


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "uploads")
    request.getfixturevalue("s3_env")
    endpoint = request.getfixturevalue("s3_endpoint")
    return make_storage({"STORAGE_URL": storage_url(endpoint, make_bucket(endpoint))})


def test_write_read_exists_delete_and_list(store):
    store.check()
    assert list(store.keys()) == []
    store.write("faults/2026/11/a.jpg", b"\xff\xd8photo", "image/jpeg")
    store.write("documents/rescue.pdf", b"%PDF-1.4 plan", "application/pdf")
    assert store.read("faults/2026/11/a.jpg") == b"\xff\xd8photo"
    assert store.exists("documents/rescue.pdf")
    assert not store.exists("documents/other.pdf")
    assert sorted(store.keys()) == ["documents/rescue.pdf", "faults/2026/11/a.jpg"]
    store.write("documents/rescue.pdf", b"%PDF-1.4 new plan")  # replaced whole
    assert store.read("documents/rescue.pdf") == b"%PDF-1.4 new plan"
    store.delete(["documents/rescue.pdf", "never/was.pdf"])
    assert not store.exists("documents/rescue.pdf")
    with pytest.raises(FileNotFoundError):
        store.read("documents/rescue.pdf")


@pytest.mark.parametrize(
    "key", ["", "/etc/passwd", "../up.txt", "a/../../b", "a//b", "a\\b", "c:/x", "a/./b", "a\x00b"]
)
def test_keys_that_could_leave_the_storage_are_refused(store, key):
    with pytest.raises(ValueError, match="storage key"):
        store.write(key, b"x")
    with pytest.raises(ValueError, match="storage key"):
        store.read(key)
    with pytest.raises(ValueError, match="storage key"):
        store.delete(["fine/key.txt", key])


def test_a_missing_bucket_fails_the_check(s3_env, s3_endpoint):
    missing = make_storage({"STORAGE_URL": storage_url(s3_endpoint, "heka-no-such-bucket")})
    with pytest.raises(Exception, match="404|Not Found|NoSuchBucket"):
        missing.check()


def test_the_bucket_is_not_public(s3_env, s3_endpoint):
    """An object is not readable by URL without credentials: files reach people only through
    the portal's views."""
    import requests

    bucket = make_bucket(s3_endpoint)
    store = make_storage({"STORAGE_URL": storage_url(s3_endpoint, bucket, prefix="")})
    store.write("documents/plan.pdf", b"%PDF-1.4 secret")
    answer = requests.get(f"{s3_endpoint}/{bucket}/documents/plan.pdf", timeout=10)
    assert answer.status_code == 403
    assert b"secret" not in answer.content

"""Where uploaded files live: photos, documents and attachments, by storage key.

A key is a relative path with forward slashes (``faults/2026/11/<uuid>.jpg``); rows keep the key,
never a path. The backend is chosen by configuration:

- the upload folder on the local disk (``UPLOAD_FOLDER``), the embedded default; several hosts
  can share it only on a shared file system;
- an S3-compatible object store (``STORAGE_URL=s3://bucket/prefix?endpoint=…&region=…``), which
  any number of hosts share. Credentials come the usual boto3 way (``AWS_ACCESS_KEY_ID`` …).

Either way a file reaches a person only through the portal's own views, after the access checks:
the bucket is never public and no URL of it is ever shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from flask import Flask, current_app

from .errors import StorageUnavailable
from .keys import check_key
from .local import LocalStorage


class Storage(Protocol):
    def write(self, key: str, data: bytes, content_type: str = "") -> None:
        """Store ``data`` under ``key`` whole or not at all (no reader sees half a file); an
        ``OSError`` (``StorageUnavailable`` from a bucket) when the storage did not take it."""

    def read(self, key: str) -> bytes:
        """The stored bytes; ``FileNotFoundError`` when there is no such file."""

    def delete(self, keys: Iterable[str]) -> None:
        """Remove files; missing ones are fine."""

    def exists(self, key: str) -> bool: ...

    def keys(self) -> Iterator[str]:
        """Every stored key (for backups), in no particular order."""

    def check(self) -> None:
        """Raise when the storage cannot be written (readiness)."""


def make_storage(config: dict) -> Storage:
    url = config.get("STORAGE_URL") or ""
    if url.startswith("s3://"):
        from .s3 import S3Storage

        return S3Storage.from_url(url)
    return LocalStorage(config["UPLOAD_FOLDER"])


def init_app(app: Flask) -> None:
    app.extensions["heka_storage"] = make_storage(app.config)


def storage() -> Storage:
    """The current app's storage."""
    return current_app.extensions["heka_storage"]


__all__ = [
    "LocalStorage",
    "Storage",
    "StorageUnavailable",
    "check_key",
    "init_app",
    "make_storage",
    "storage",
]

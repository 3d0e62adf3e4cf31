"""Where the housing companies' documents are kept: the one module of ``flat_info`` that touches
their files, through the app's storage (the upload folder, or the S3 bucket with
``STORAGE_URL``; see ``heka_asoy.storage``). Every other module knows a document's file only by
its storage key."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from ...storage import storage
from ..photos import discard_stored, read_stored

#: The folder (key prefix) of the documents.
PREFIX = "documents"

log = logging.getLogger(__name__)


def put(data: bytes, extension: str = "pdf") -> str:
    """Write ``data`` as ``documents/YYYY/MM/<uuid>.<extension>``; return its storage key.
    The file appears whole or not at all."""
    now = datetime.now(UTC)
    key = f"{PREFIX}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{extension}"
    storage().write(key, data, "application/pdf" if extension == "pdf" else "")
    return key


def read(key: str) -> bytes | None:
    """The file behind ``key``, or None when the key is unusable or the file is gone."""
    return read_stored(key)


def remove(keys: Iterable[str]) -> None:
    """Remove stored files; a missing file is fine. Called after the row is gone (or was never
    written), so a failure here only leaves an unreferenced file: logged, never raised."""
    discard_stored([key for key in keys if key])

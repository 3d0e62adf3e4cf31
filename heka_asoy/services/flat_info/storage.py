"""Where the housing companies' documents are kept: the one module that touches their files.

Today the files lie under the app's upload folder, written as the fault photos are
(``services.photos``: atomic writes, keys that cannot leave the folder). Every other module of
``flat_info`` knows a document's file only by its storage key and goes through ``put``,
``local_path`` and ``remove``, so another backend (e.g. S3) can replace these three functions
without the services or views changing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

from ..photos import _write_atomic, delete_stored, resolve

#: The folder (key prefix) of the documents under the upload folder.
PREFIX = "documents"

log = logging.getLogger(__name__)


def _folder() -> str:
    return current_app.config["UPLOAD_FOLDER"]


def put(data: bytes, extension: str = "pdf") -> str:
    """Write ``data`` as ``documents/YYYY/MM/<uuid>.<extension>``; return its storage key.
    The file appears whole or not at all."""
    now = datetime.now(UTC)
    key = f"{PREFIX}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{extension}"
    _write_atomic(resolve(_folder(), key), data)
    return key


def local_path(key: str) -> Path | None:
    """The file behind ``key``, or None when the key is unusable or the file is gone."""
    try:
        path = resolve(_folder(), key)
    except ValueError:
        return None
    return path if path.is_file() else None


def remove(keys: Iterable[str]) -> None:
    """Remove stored files; a missing file is fine. Called after the row is gone (or was never
    written), so a failure here only leaves an unreferenced file: logged, never raised."""
    wanted = [key for key in keys if key]
    try:
        delete_stored(wanted, _folder())
    except (OSError, ValueError):
        log.exception("could not remove document files %s", wanted)

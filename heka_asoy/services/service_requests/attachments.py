"""Attachments of a service request (renovation plans, a photo of the smoke stains …): PDF or
image, checked exactly as the scanned power-of-attorney form is (``powers.documents``:
a checked PDF without active content, or an image re-encoded through the fault photos'
pipeline without metadata), stored under ``requests/YYYY/MM/`` in the upload folder and sent
back only as a download, to the requester or the desk.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from werkzeug.utils import secure_filename

from ...domain import service_requests as rules
from ...storage import storage
from ..errors import NotFound
from ..photos import discard_stored, read_stored
from ..powers.documents import PDF, CleanDocument, DocumentError, clean_document
from .common import RequestError


@dataclass(frozen=True)
class Upload:
    """A file as the form sent it: its name and (at most MAX_BYTES + 1 of) its bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class StoredFile:
    filename: str
    content_type: str
    storage_key: str
    size: int


def check_uploads(uploads: list[Upload]) -> list[tuple[Upload, CleanDocument]]:
    """Every upload cleaned, before anything is written; ``RequestError`` names the first bad
    file (``n``: its number) next to the attachments field."""
    if len(uploads) > rules.MAX_ATTACHMENTS:
        raise RequestError("too_many_files", field="attachments", count=rules.MAX_ATTACHMENTS)
    cleaned = []
    for n, upload in enumerate(uploads, start=1):
        try:
            cleaned.append((upload, clean_document(upload.data)))
        except DocumentError as exc:
            raise RequestError(f"file_{exc.code}", field="attachments", n=n) from exc
    return cleaned


def _name(original: str, document: CleanDocument) -> str:
    stem = Path(secure_filename(original or "")).stem[:80] or "attachment"
    return f"{stem}.{document.extension}"


def store(cleaned: list[tuple[Upload, CleanDocument]]) -> list[StoredFile]:
    """Write the files (before the transaction: ``discard`` them if it fails)."""
    now = datetime.now(UTC)
    files = storage()
    stored: list[StoredFile] = []
    try:
        for upload, document in cleaned:
            key = f"requests/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{document.extension}"
            files.write(key, document.data, document.mimetype)
            stored.append(
                StoredFile(
                    _name(upload.filename, document), document.mimetype, key, len(document.data)
                )
            )
    except OSError as exc:  # a full disk, a bucket gone: said next to the attachments
        discard(stored)
        raise RequestError("file_not_saved", field="attachments") from exc
    except BaseException:
        discard(stored)
        raise
    return stored


def discard(stored: list[StoredFile]) -> None:
    """Remove stored files whose transaction failed."""
    if stored:
        discard_stored([s.storage_key for s in stored])


@dataclass(frozen=True)
class AttachmentFile:
    data: bytes = field(repr=False)
    mimetype: str
    download_name: str


def attachment_file(key: str, content_type: str, filename: str) -> AttachmentFile:
    """The stored file; NotFound when it is gone."""
    data = read_stored(key)
    if data is None:
        raise NotFound("attachment")
    return AttachmentFile(data, PDF if content_type == PDF else "image/jpeg", filename)

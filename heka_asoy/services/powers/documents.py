"""The scanned power-of-attorney form: checked, kept in the app's storage, sent to staff.

Uploads are untrusted, as fault photos are. An image goes through the fault photos' pipeline
(``services.photos.process_photo``: allow-listed formats, pixel limits, re-encoded as JPEG
without metadata). A PDF cannot be re-encoded here, so it is checked instead: within the size
limit, a real PDF by its header, parsed by pypdf (a damaged file is refused), not encrypted (the
desk must be able to open it) and without active content (JavaScript, actions run on opening,
embedded files). It is stored as uploaded and sent back only to staff, as a download.
"""

from __future__ import annotations

import io
import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ...storage import storage
from ..errors import NotFound, ServiceError
from ..photos import MAX_BYTES, PhotoError, discard_stored, process_photo, read_stored

PDF = "application/pdf"
JPEG = "image/jpeg"
#: Name-tree entries that carry scripts or files inside a PDF.
_ACTIVE_NAMES = ("/JavaScript", "/EmbeddedFiles")


def _runs_on_open(root) -> bool:
    """Does the document run an action by itself (other than showing a page) when opened?"""
    if "/AA" in root:
        return True
    action = root.get("/OpenAction")
    if action is None:
        return False
    action = action.get_object()
    # A destination (an array: page and zoom) is what scanners write; any action dictionary
    # other than "go to a page" (JavaScript, Launch, URI, SubmitForm …) is refused.
    return hasattr(action, "keys") and action.get("/S") != "/GoTo"


class DocumentError(ServiceError):
    """An upload that is not an acceptable scanned form; ``code`` says why."""


@dataclass(frozen=True)
class CleanDocument:
    data: bytes
    mimetype: str

    @property
    def extension(self) -> str:
        return "pdf" if self.mimetype == PDF else "jpg"


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PdfStreamError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is our refusal, not a log
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            raise DocumentError("pdf_encrypted")
        if len(reader.pages) < 1:
            raise DocumentError("pdf_damaged")
        root = reader.trailer["/Root"]
        if _runs_on_open(root):
            raise DocumentError("pdf_active")
        names = root.get("/Names")
        if names is not None and any(key in names.get_object() for key in _ACTIVE_NAMES):
            raise DocumentError("pdf_active")
    except DocumentError:
        raise
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError("pdf_damaged") from exc
    except RecursionError as exc:  # a crafted object graph
        raise DocumentError("pdf_damaged") from exc


def clean_document(data: bytes) -> CleanDocument:
    """The form as it will be stored: a checked PDF, or an image re-encoded as a JPEG."""
    if not data:
        raise DocumentError("empty")
    if len(data) > MAX_BYTES:
        raise DocumentError("too_large")
    if data.lstrip()[:5] == b"%PDF-":
        _check_pdf(data)
        return CleanDocument(data, PDF)
    try:
        photo = process_photo(data)
    except PhotoError as exc:
        raise DocumentError("not_document" if exc.code in ("not_image", "format") else exc.code) \
            from exc
    return CleanDocument(photo.data, JPEG)


def store_document(document: CleanDocument) -> str:
    """Write the form as ``powers/YYYY/MM/<uuid>.<ext>``; return its storage key."""
    now = datetime.now(UTC)
    key = f"powers/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{document.extension}"
    try:
        storage().write(key, document.data, document.mimetype)
    except OSError as exc:  # a full disk, a bucket gone: said next to the file field
        raise DocumentError("not_saved") from exc
    return key


def remove_document(key: str) -> None:
    """Remove a stored form (its transaction failed)."""
    discard_stored([key])


@dataclass(frozen=True)
class DocumentFile:
    """A stored form's bytes, its type and the name offered for saving it."""

    data: bytes = field(repr=False)
    mimetype: str
    download_name: str


def document_file(key: str | None, mimetype: str, power_id: int) -> DocumentFile:
    """The file behind ``key``; NotFound when there is none or it is gone."""
    data = read_stored(key)
    if data is None:
        raise NotFound("document")
    extension = "pdf" if mimetype == PDF else "jpg"
    return DocumentFile(data, mimetype or JPEG, f"power-of-attorney-{power_id}.{extension}")

"""Files sent with a message: PDFs and images, with the same checks as fault photos and scanned
powers of attorney (``services.powers.documents.clean_document``: an image is re-encoded
without metadata by the fault photos' pipeline, a PDF is parsed by pypdf and refused when
damaged, encrypted or carrying active content). Stored under ``messages/YYYY/MM/`` in the app's
storage and listed in ``Attachment`` rows.

Files are checked before the transaction and written before it commits; a failed transaction
removes them (``StoredFiles``), so bad input leaves neither rows nor files behind.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ...models import Attachment, Message
from ...storage import storage
from ..errors import NotFound
from ..photos import discard_stored, read_stored
from ..powers.documents import PDF, CleanDocument, DocumentError, clean_document
from .common import MAX_ATTACHMENTS, MessageError

#: A stored name keeps letters, digits, dots, dashes and underscores of what was uploaded.
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


@dataclass(frozen=True)
class Upload:
    """A chosen file as the view read it (at most MAX_BYTES + 1 bytes)."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    document: CleanDocument


def safe_filename(name: str, document: CleanDocument) -> str:
    """The uploaded name without path or odd characters, with the stored file's extension."""
    stem = Path((name or "").replace("\\", "/")).name.rsplit(".", 1)[0]
    stem = _UNSAFE.sub("_", stem).strip("._")[:80] or "attachment"
    return f"{stem}.{document.extension}"


def check_uploads(uploads: list[Upload]) -> list[CheckedFile]:
    """Every upload cleaned, or ``MessageError`` naming the first bad one (``n``, from 1)."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise MessageError("too_many_files", n=MAX_ATTACHMENTS)
    checked = []
    for n, upload in enumerate(uploads, start=1):
        try:
            document = clean_document(upload.data)
        except DocumentError as exc:
            raise MessageError(f"file_{exc.code}", n=n) from exc
        checked.append(CheckedFile(safe_filename(upload.filename, document), document))
    return checked


class StoredFiles:
    """Write the checked files before the transaction; remove them again if it fails.

    ``with StoredFiles(files) as stored, write_txn(): stored.attach(message)``"""

    def __init__(self, files: list[CheckedFile]):
        self.files = files
        self.keys: list[str] = []

    def __enter__(self) -> StoredFiles:
        files = storage()
        now = datetime.now(UTC)
        try:
            for item in self.files:
                key = f"messages/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{item.document.extension}"
                files.write(key, item.document.data, item.document.mimetype)
                self.keys.append(key)
        except OSError as exc:  # a full disk, a bucket gone: said next to the attachments
            self._remove()
            raise MessageError("file_not_saved") from exc
        except BaseException:
            self._remove()
            raise
        return self

    def attach(self, message: Message) -> None:
        for item, key in zip(self.files, self.keys, strict=True):
            Attachment.create(
                message=message,
                filename=item.filename,
                content_type=item.document.mimetype,
                storage_key=key,
                size=len(item.document.data),
            )

    def for_mail(self) -> list[dict]:
        """The stored files as the outbox attaches them to a mail."""
        return [
            {"key": key, "filename": item.filename, "type": item.document.mimetype}
            for item, key in zip(self.files, self.keys, strict=True)
        ]

    def _remove(self) -> None:
        discard_stored(self.keys)

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self._remove()


@dataclass(frozen=True)
class AttachmentFile:
    """A stored attachment's bytes, its type and the name offered for saving it."""

    data: bytes = field(repr=False)
    mimetype: str
    download_name: str
    #: PDFs are always downloaded, never shown inline in our origin.
    as_attachment: bool


def attachment_file(row: Attachment | None) -> AttachmentFile:
    """The file behind an attachment row the caller may see; ``NotFound`` when gone."""
    data = read_stored(row.storage_key) if row is not None else None
    if data is None:
        raise NotFound("attachment")
    return AttachmentFile(data, row.content_type, row.filename, row.content_type == PDF)


def attachments_by_message(message_ids: list[int]) -> dict[int, list[Attachment]]:
    """The attachments of the listed messages in one query, by message id."""
    found: dict[int, list[Attachment]] = {}
    if not message_ids:
        return found
    for row in (
        Attachment.select()
        .where(Attachment.message.in_(message_ids))
        .order_by(Attachment.id)
    ):
        found.setdefault(row.message_id, []).append(row)
    return found

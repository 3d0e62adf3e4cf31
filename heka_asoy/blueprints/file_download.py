"""Sending a stored document as a download: shared by the resident's and the desk's views of
the housing companies' documents, whose services decide whether it may be had and find it."""

from __future__ import annotations

from ..services.flat_info import DocumentFile
from .stored_file import send_stored


def send_document(found: DocumentFile):
    """The file as an attachment (never shown inline in our origin) under its safe name, with
    its type, not sniffed, not cached by shared caches, sandboxed should a browser open it."""
    return send_stored(
        found.data,
        found.mimetype,
        found.download_name,
        as_attachment=True,
        sandbox=True,
    )

"""Sending a stored document as a download: shared by the resident's and the desk's views of
the housing companies' documents, whose services decide whether it may be had and find it."""

from __future__ import annotations

from flask import send_file

from ..services.flat_info import DocumentFile


def send_document(found: DocumentFile):
    """The file as an attachment (never shown inline in our origin) under its safe name, with
    its type, not sniffed, not cached by shared caches, sandboxed should a browser open it."""
    response = send_file(
        found.path,
        mimetype=found.mimetype,
        as_attachment=True,
        download_name=found.download_name,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response

"""Sending a stored file's bytes (read from the app's storage by a service, after its access
checks): never cached by shared caches; a download (``sandbox``) also runs nothing and is never
sniffed. The bucket of an S3 storage is never public and no URL of it is ever shown."""

from __future__ import annotations

import io

from flask import send_file


def send_stored(
    data: bytes,
    mimetype: str,
    download_name: str | None = None,
    *,
    as_attachment: bool = False,
    sandbox: bool = False,
):
    """``data`` as a response of type ``mimetype``; ``download_name`` is the name offered for
    saving it (Content-Disposition, inline unless ``as_attachment``)."""
    response = send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        as_attachment=as_attachment,
        download_name=download_name,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    if sandbox:
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response

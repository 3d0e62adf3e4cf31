"""Serving a stored fault photo: shared by the resident, maintenance and staff views, which
differ only in how they decide the photo may be seen."""

from __future__ import annotations

from flask import abort, current_app, request, send_file

from ..models import FaultPhoto
from ..services.photos import resolve


def send_photo(item: FaultPhoto | None):
    """The photo (``?thumb=1``: its thumbnail), never cached by shared caches; 404 when missing."""
    if item is None:
        abort(404)
    thumb = bool(request.args.get("thumb")) and bool(item.thumb_key)
    try:
        path = resolve(
            current_app.config["UPLOAD_FOLDER"], item.thumb_key if thumb else item.storage_key
        )
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype="image/jpeg" if thumb else item.content_type, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response

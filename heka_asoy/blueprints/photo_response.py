"""Sending a stored fault photo: shared by the resident, maintenance and staff views, whose
services decide whether the photo may be seen and find its file."""

from __future__ import annotations

from flask import request, send_file

from ..services.faults import PhotoFile


def wants_thumb() -> bool:
    """``?thumb=1`` asks for the thumbnail."""
    return bool(request.args.get("thumb"))


def send_photo(photo: PhotoFile):
    """The photo, never cached by shared caches."""
    response = send_file(photo.path, mimetype=photo.mimetype, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response

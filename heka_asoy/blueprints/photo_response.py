"""Sending a stored fault photo: shared by the resident, maintenance and staff views, whose
services decide whether the photo may be seen and find its file."""

from __future__ import annotations

from flask import request

from ..services.faults import PhotoFile
from .stored_file import send_stored


def wants_thumb() -> bool:
    """``?thumb=1`` asks for the thumbnail."""
    return bool(request.args.get("thumb"))


def send_photo(photo: PhotoFile):
    """The photo, never cached by shared caches."""
    return send_stored(photo.data, photo.mimetype, photo.name)

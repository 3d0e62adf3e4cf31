"""Static files named by their content: ``/static/css/app.css?v=<digest>``, kept for a year.

Every page links four stylesheets and two scripts. Without a lifetime (Flask's default is
``no-cache``) the browser asks again for each of them on every page: six conditional requests
per page, each a round trip through the proxy to a worker. With the digest of the file's
content in the URL, a changed file has a new address, so the old one may be kept for good
(``immutable``); a URL without the digest, or with another one, keeps Flask's ``no-cache``.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache

from flask import Flask, request
from werkzeug.security import safe_join

#: How long a browser keeps a file whose URL names its content.
YEAR = 365 * 24 * 3600


@lru_cache(maxsize=512)
def _digest_of(path: str, mtime_ns: int, size: int) -> str:
    """The first 12 hex digits of the SHA-256 of the file (keyed by its time and size too, so a
    file changed while a development server runs gets a new digest)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()[:12]


def digest(folder: str, filename: str) -> str | None:
    """The digest of ``filename`` under ``folder``, or None for no such file."""
    path = safe_join(folder, filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _digest_of(path, stat.st_mtime_ns, stat.st_size)


def init_app(app: Flask) -> None:
    folder = app.static_folder

    @app.url_defaults
    def name_by_content(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values and "filename" in values:
            found = digest(folder, values["filename"])
            if found:
                values["v"] = found

    @app.after_request
    def keep_named_files(response):
        if request.endpoint != "static" or response.status_code != 200:
            return response
        asked = request.args.get("v")
        if asked and asked == digest(folder, (request.view_args or {}).get("filename", "")):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
        return response

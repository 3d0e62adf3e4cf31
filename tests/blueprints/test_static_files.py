"""Static files are linked by their content's digest and kept by browsers for a year; a URL
without that digest (or with a stale one) is not kept."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from heka_asoy import static_files

STATIC = Path(static_files.__file__).parent / "static"


def _linked(html: str) -> list[str]:
    return [u.replace("&amp;", "&") for u in re.findall(r'(?:href|src)="(/static/[^"]+)"', html)]


def test_pages_link_static_files_by_their_content(client):
    """Does every stylesheet and script of the page carry the SHA-256 of its file's content,
    and is that URL kept for a year (immutable)?"""
    linked = _linked(client.get("/").text)
    assert len(linked) == 6, linked
    for url in linked:
        path, _, version = url.partition("?v=")
        content = (STATIC / path.removeprefix("/static/")).read_bytes()
        assert version == hashlib.sha256(content).hexdigest()[:12], url
        answer = client.get(url)
        assert answer.status_code == 200
        assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
        answer.close()


def test_a_url_without_the_current_digest_is_not_kept(client):
    """A bare URL or one with an old digest (a page cached before a deploy) still gets the
    file, but the browser must ask again next time."""
    for url in ("/static/js/app.js", "/static/js/app.js?v=000000000000"):
        answer = client.get(url)
        assert answer.status_code == 200
        assert answer.headers["Cache-Control"] == "no-cache", url
        answer.close()
    assert client.get("/static/../heka_asoy/__init__.py?v=1").status_code == 404


def test_a_changed_file_gets_a_new_digest(tmp_path):
    """Is the digest of a file that changed (same name) a new one, without restarting?"""
    (tmp_path / "a.css").write_text("a { color: #000 }")
    first = static_files.digest(str(tmp_path), "a.css")
    (tmp_path / "a.css").write_text("a { color: #111; }")
    assert static_files.digest(str(tmp_path), "a.css") != first
    assert static_files.digest(str(tmp_path), "../a.css") is None
    assert static_files.digest(str(tmp_path), "missing.css") is None

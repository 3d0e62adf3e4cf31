#!/usr/bin/env python3
"""Copy the front-end files we serve from node_modules/ into heka_asoy/static/vendor/.

Run after ``npm ci`` (the Makefile does both). Standard library only. The vendor folder is
rebuilt from scratch each time, so it always matches package-lock.json; it is ignored by git.

What is copied:

* ``vendor/htmx.min.js``                 htmx's minified build (htmx.org/dist/htmx.min.js)
* ``vendor/hds/base.min.css``            HDS design tokens (colours, spacing, type) and helpers
* ``vendor/hds/components/all.min.css``  HDS component styles (button, text input, notification…)
* ``vendor/hds/icons/icons.min.css``     the ``.hds-icon`` base rule plus the icons listed in
                                         ``ICONS`` below, joined into one file (the full icon set
                                         is 200 kB; add a name here when a template needs one)

Every CSS file copied is scanned for ``url(...)``: ``data:`` URIs are left alone, relative
references are copied along keeping the same relative path, and an absolute URL (a CDN) is an
error, because our Content-Security-Policy only allows our own origin. HDS's web font lives on a
CDN, so ``fonts.css`` is deliberately not copied; the HDS font stack falls back to Arial.

Any missing source file stops the script with a non-zero exit status and a message saying which.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "heka_asoy" / "static" / "vendor"

#: (source under node_modules, destination under static/vendor)
FILES = [
    ("htmx.org/dist/htmx.min.js", "htmx.min.js"),
    ("hds-core/lib/base.min.css", "hds/base.min.css"),
    ("hds-core/lib/components/all.min.css", "hds/components/all.min.css"),
]

#: HDS icons joined into vendor/hds/icons/icons.min.css (names of hds-core/lib/icons/<name>.min.css)
ICONS = [
    "alert-circle",
    "angle-down",
    "angle-right",
    "arrow-left",
    "arrow-right",
    "bell",
    "calendar",
    "calendar-clock",
    "check",
    "check-circle",
    "clock",
    "cogwheel",
    "company",
    "cross",
    "document",
    "download",
    "envelope",
    "error",
    "euro-sign",
    "globe",
    "group",
    "hammers",
    "home",
    "info-circle",
    "key",
    "location",
    "lock",
    "mover",
    "paperclip",
    "pen",
    "phone",
    "plus",
    "printer",
    "question-circle",
    "search",
    "signin",
    "signout",
    "speechbubble-text",
    "trash",
    "upload",
    "user",
]

URL_RE = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""")
SOURCEMAP_RE = re.compile(r"/\*#\s*sourceMappingURL=\S+\s*\*/")


class VendorError(Exception):
    """A file the front end needs is missing or unusable."""


def source(relative: str) -> Path:
    """Path of a file under node_modules; raise if it is not there."""
    path = NODE_MODULES / relative
    if not path.is_file():
        raise VendorError(f"missing {path} (run `npm ci` first; has the package layout changed?)")
    return path


def copy_css_references(css_source: Path, css_target: Path) -> list[Path]:
    """Copy the files a stylesheet references by relative url(), keeping the relative paths."""
    copied = []
    text = css_source.read_text(encoding="utf-8")
    for _quote, url in URL_RE.findall(text):
        url = url.strip()
        if not url or url.startswith(("data:", "#")):
            continue
        if re.match(r"^([a-z][a-z0-9+.-]*:|//)", url, re.IGNORECASE):
            raise VendorError(
                f"{css_source} loads {url!r} from another origin; the CSP forbids that"
            )
        clean = url.split("?", 1)[0].split("#", 1)[0]
        ref_source = (css_source.parent / clean).resolve()
        ref_target = (css_target.parent / clean).resolve()
        if not ref_target.is_relative_to(VENDOR.resolve()):
            raise VendorError(f"{css_source} references {url!r} outside the vendor folder")
        if not ref_source.is_file():
            raise VendorError(f"{css_source} references {url!r} but {ref_source} is missing")
        ref_target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ref_source, ref_target)
        copied.append(ref_target)
        if ref_source.suffix == ".css":
            copied += copy_css_references(ref_source, ref_target)
    return copied


def copy_file(relative_source: str, relative_target: str) -> list[Path]:
    """Copy one file (and, for CSS, what it references); return the paths written."""
    src = source(relative_source)
    dst = VENDOR / relative_target
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.suffix == ".css":
        # Source maps are not shipped; drop the comment so browsers don't ask for them.
        dst.write_text(SOURCEMAP_RE.sub("", src.read_text(encoding="utf-8")), encoding="utf-8")
        return [dst, *copy_css_references(src, dst)]
    shutil.copyfile(src, dst)
    return [dst]


def build_icons() -> Path:
    """Join the icon base rule and the chosen icons into one stylesheet."""
    parts = [source("hds-core/lib/icons/icon.min.css")]
    parts += [source(f"hds-core/lib/icons/{name}.min.css") for name in ICONS]
    dst = VENDOR / "hds" / "icons" / "icons.min.css"
    dst.parent.mkdir(parents=True, exist_ok=True)
    chunks = []
    for part in parts:
        for _quote, url in URL_RE.findall(part.read_text(encoding="utf-8")):
            if not url.strip().startswith("data:"):
                raise VendorError(f"{part} references {url!r}; icons are expected inline")
        chunks.append(SOURCEMAP_RE.sub("", part.read_text(encoding="utf-8")).strip())
    dst.write_text("\n".join(chunks) + "\n", encoding="utf-8")
    return dst


def main() -> int:
    """Rebuild static/vendor from node_modules."""
    if not NODE_MODULES.is_dir():
        print(f"vendor.py: {NODE_MODULES} not found; run `npm ci` first", file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    try:
        written = []
        for src, dst in FILES:
            written += copy_file(src, dst)
        written.append(build_icons())
    except VendorError as error:
        print(f"vendor.py: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"vendor.py: wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

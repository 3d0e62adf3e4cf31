"""Every page the browser tests meet is valid HTML: the Nu HTML checker (vnu.jar, the W3C
validator, from npm's ``vnu-jar``) finds no error in it.

The pages are collected by the browser fixtures (tests/browser/conftest.py): each whole document
the live app sends, as sent, and each page as the browser holds it when a test checks it (after
HTMX swaps, so the partials are checked in place). This test runs after the other browser tests
(the conftest orders it last) and checks them all in one run of the checker, since every start of
its JVM costs seconds. It also opens the public pages in each language itself, so that run alone
it still checks the pages everybody meets first.

Java and vnu.jar are part of the test setup (`make test` installs them): a missing one fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.a11y_helpers import page_in
from tests.browser.test_shell import PUBLIC_PAGES

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: The checker's message types that fail the check ("info" ones, warnings among them, do not).
FAILING = {"error", "non-document-error"}


def vnu_errors(folder: Path) -> list[dict]:
    """The checker's errors over every .html file in ``folder``, in one run."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "java is missing: apt-get install default-jre-headless (the HTML check needs it)",
            pytrace=False,
        )
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run npm ci (vnu-jar is a devDependency)", pytrace=False)
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
    done = subprocess.run(  # noqa: S603 - our own fixed command line
        [*command, "--skip-non-html", str(folder)], capture_output=True, text=True, timeout=600
    )
    try:
        messages = json.loads(done.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"vnu did not answer in JSON (exit {done.returncode}): {done.stdout[:2000]}"
            f"{done.stderr[:2000]}",
            pytrace=False,
        )
    return [m for m in messages if m.get("type") in FAILING]


def test_every_page_met_is_valid_html(browsing, html_pages):
    """Does the Nu HTML checker find no error in any page the browser tests met (logged in or
    not, in every language they used), nor in the public pages in fi, sv and en?"""
    for lang in ("fi", "sv", "en"):
        page = page_in(browsing, lang)
        for path, label, status in PUBLIC_PAGES:
            response = page.goto(browsing.url(path))
            assert response is not None, label
            assert response.status == status, label
    browsing.assert_no_console_errors()

    pages = sorted(html_pages.folder.glob("*.html"))
    assert len(pages) >= len(PUBLIC_PAGES) * 3, f"too few pages kept: {len(pages)}"
    errors = vnu_errors(html_pages.folder)
    lines = []
    for error in errors:
        name = Path(error.get("url", "")).name
        where = html_pages.labels.get(name, "")
        line = error.get("lastLine", "?")
        lines.append(f"- {name} {where}, line {line}: {error['message']}")
        if error.get("extract"):
            lines.append(f"    {error['extract'].strip()[:200]}")
    assert not errors, (
        f"the Nu HTML checker found {len(errors)} error(s) in {len(pages)} pages "
        f"(kept in {html_pages.folder}):\n" + "\n".join(lines)
    )

"""The fi/sv/en catalogs are complete."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_catalogs_have_no_untranslated_or_fuzzy_string():
    """Does every msgid of the code have a translation in fi, sv and en, none fuzzy?"""
    result = subprocess.run(
        [sys.executable, "scripts/translate_check.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

#!/usr/bin/env python3
"""Check the message catalogs: every string translated, none fuzzy, none missing.

Usage: python scripts/translate_check.py [--no-extract]

For each catalog heka_asoy/translations/<lang>/LC_MESSAGES/messages.po (fi, sv, en) it reports
- entries with an empty translation (any plural form empty counts),
- entries marked fuzzy (and a fuzzy header),
- msgids of heka_asoy/translations/messages.pot that the catalog lacks,
- msgids found by a fresh extraction from the code (babel.cfg) that the catalog lacks, so a
  stale .pot does not hide new strings (skip with --no-extract),
- translations whose %(name)s placeholders differ from the msgid's,
- a header whose Language does not match the folder.
Exits 1 and lists the problems if there are any, else prints a summary and exits 0.
Needs only the standard library and Babel.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "heka_asoy" / "translations"
POT = TRANSLATIONS / "messages.pot"
LANGUAGES = ("fi", "sv", "en")
KEYWORDS = ("_l", "lazy_gettext", "_ln:1,2")  # in addition to Babel's defaults, as in the Makefile

PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def key(message) -> tuple[str, str | None]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return msgid, message.context


def label(k: tuple[str, str | None]) -> str:
    msgid, context = k
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")


def load(path: Path, locale: str | None = None):
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def ids(catalog) -> set[tuple[str, str | None]]:
    return {key(m) for m in catalog if m.id}


def extract_fresh() -> set[tuple[str, str | None]]:
    """Extract the msgids from the code and templates now, like `make extract`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "fresh.pot"
        argv = ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg")]
        for kw in KEYWORDS:
            argv += ["-k", kw]
        argv += ["-o", str(out), str(ROOT)]
        CommandLineInterface().run(argv)
        return ids(load(out))


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def check_catalog(lang: str, expected: dict[str, set]) -> list[str]:
    path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    rel = path.relative_to(ROOT)
    if not path.exists():
        return [f"{rel}: catalog missing"]
    catalog = load(path, locale=lang)
    problems: list[str] = []
    if catalog.fuzzy:
        problems.append(f"{rel}: header is fuzzy")
    if str(catalog.locale) != lang:
        problems.append(f"{rel}: header Language is {catalog.locale}, expected {lang}")
    for message in catalog:
        if not message.id:
            continue
        k = key(message)
        strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        if not all(strings) or (message.pluralizable and len(strings) < catalog.num_plurals):
            problems.append(f"{rel}: untranslated {label(k)}")
        if message.fuzzy:
            problems.append(f"{rel}: fuzzy {label(k)}")
        sources = message.id if isinstance(message.id, (tuple, list)) else [message.id]
        wanted = placeholders(sources[-1])
        for s in strings:
            if s and placeholders(s) != wanted and placeholders(s) != placeholders(sources[0]):
                problems.append(f"{rel}: placeholders differ in {label(k)}: {s!r}")
    have = ids(catalog)
    for source, wanted_ids in expected.items():
        for k in sorted(wanted_ids - have, key=lambda x: (x[0], x[1] or "")):
            problems.append(f"{rel}: missing {label(k)} (in {source})")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-extract", action="store_true",
                        help="only compare with messages.pot, do not extract from the code")
    args = parser.parse_args()

    expected: dict[str, set] = {}
    problems: list[str] = []
    if POT.exists():
        expected[str(POT.relative_to(ROOT))] = ids(load(POT))
    else:
        problems.append(f"{POT.relative_to(ROOT)}: template missing")
    if not args.no_extract:
        expected["the code (fresh extraction)"] = extract_fresh()

    for lang in LANGUAGES:
        problems += check_catalog(lang, expected)

    if problems:
        print(f"{len(problems)} translation problem(s):", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    counts = ", ".join(f"{src}: {len(v)}" for src, v in expected.items())
    print(f"Catalogs {', '.join(LANGUAGES)} complete ({counts} msgids).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Control characters in text that people send.

PostgreSQL refuses a NUL byte in a text column (the whole request would fail), and the other C0
and C1 control characters (and DEL) have no place in a name, an address or a fault description:
they only hide text or break lines in mails and CSV exports. A multi-line text keeps its line
breaks and tabs; a single-line one keeps no control character at all (a browser does not let a
person type one there either).
"""

from __future__ import annotations

import re

#: Every C0 and C1 control character and DEL.
_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: The same but tab, line feed and carriage return, which a multi-line text may hold.
_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _pattern(multiline: bool) -> re.Pattern:
    return _MULTI_LINE if multiline else _SINGLE_LINE


def strip_controls(text: str, multiline: bool = False) -> str:
    """``text`` without the control characters it may not hold."""
    return _pattern(multiline).sub("", text)


def has_controls(text: str, multiline: bool = False) -> bool:
    """Does ``text`` hold a control character it may not hold?"""
    return _pattern(multiline).search(text) is not None

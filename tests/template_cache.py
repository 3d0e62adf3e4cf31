"""The suite builds one app per test, and each app's Jinja environment compiled every template a
test renders again (the layout, the navigation and the form macros in nearly every test). One
in-memory bytecode cache shared by every app of the process keeps each template's compiled code
once: Jinja keys it by the template's name and a checksum of its source, and every app of the
suite has the same extensions and options, so the code is the same. Production builds its one
app once and does not load this.
"""

from __future__ import annotations

from flask import Flask
from jinja2 import BytecodeCache

_original = Flask.create_jinja_environment


class _SharedCache(BytecodeCache):
    """Jinja's bytecode, kept in this process's memory."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


CACHE = _SharedCache()


def _with_shared_cache(self: Flask):
    environment = _original(self)
    environment.bytecode_cache = CACHE
    return environment


def install() -> None:
    Flask.create_jinja_environment = _with_shared_cache

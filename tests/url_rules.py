"""The suite builds one app per test (≈3,400 a run); 90 % of ``create_app`` was werkzeug compiling
the URL builder of each of ~180 rules again (``ast`` + ``compile``), identical for every app.

The builder werkzeug compiles is a plain function of the rule's text, its parsed trace, its
defaults and the ``append_unknown`` flag (the rule itself comes in as an argument when it is
called), so equal inputs give an equal function. This memo hands the same function back for
them. It changes no behaviour, only the time; production builds its one app once and does not
load it.
"""

from __future__ import annotations

from werkzeug.routing.rules import Rule

_original = Rule._compile_builder
_builders: dict[tuple, object] = {}


def _memo_builder(self: Rule, append_unknown: bool = True):
    defaults = self.defaults or {}
    if any(name in self._converters for name in defaults):
        # a default folded in through its converter: depends on the converter's settings
        return _original(self, append_unknown)
    key = (
        self.rule,
        tuple(self._trace),
        tuple(sorted((k, repr(v)) for k, v in defaults.items())),
        append_unknown,
    )
    built = _builders.get(key)
    if built is None:
        built = _builders[key] = _original(self, append_unknown)
    return built


def install() -> None:
    Rule._compile_builder = _memo_builder

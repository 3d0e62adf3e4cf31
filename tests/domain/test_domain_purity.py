"""The domain package stays pure: no Flask, no database, nothing from the rest of heka_asoy."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "heka_asoy" / "domain"
ALLOWED_THIRD_PARTY = {"holidays", "schwifty"}
FORBIDDEN = {"flask", "peewee", "heka_asoy", "werkzeug", "jinja2", "flask_babel", "requests"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_domain_module_imports_only_stdlib_and_allowed(path: Path) -> None:
    import sys

    imported = _imports(path)
    assert not imported & FORBIDDEN
    third_party = {name for name in imported if name not in sys.stdlib_module_names}
    assert third_party <= ALLOWED_THIRD_PARTY

"""The imports of every heka_asoy module, read with ``ast`` (relative ones resolved), for the
tests of the import rules: a rule that only saw ``import x`` and ``from x import y`` would miss
``from ...models import User``, which is how the package writes nearly all of its imports."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "heka_asoy"


@dataclass(frozen=True)
class Import:
    """One imported module (absolute dotted name) and the name taken from it, if any."""

    module: str
    name: str | None
    line: int
    #: Executed when the module is imported: at module level (also inside a module-level ``if``
    #: or ``try``), not in a function, class body or an ``if TYPE_CHECKING:`` block.
    at_import: bool

    def __str__(self) -> str:
        what = f"from {self.module} import {self.name}" if self.name else f"import {self.module}"
        return f"line {self.line}: {what}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    return {
        module_name(path): path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "translations" not in path.parts and "static" not in path.parts
    }


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(body, at_import: bool):
    """Yield (node, at_import) for every import statement below ``body``."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, at_import
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            yield from _walk(ast.iter_child_nodes(node), False)
        elif isinstance(node, ast.If) and _is_type_checking(node):
            yield from _walk(node.body, False)
            yield from _walk(node.orelse, at_import)
        else:
            yield from _walk(ast.iter_child_nodes(node), at_import)


def _base(module: str, path: Path, level: int) -> str:
    """The package a relative import with ``level`` dots starts from."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    parts = package.split(".")
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    return ".".join(parts)


@cache
def imports(module: str) -> tuple[Import, ...]:
    """What ``module`` imports, each resolved to an absolute module name. ``from pkg import sub``
    names the submodule ``pkg.sub`` when there is one (that is what runs), else ``pkg``."""
    path = modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[Import] = []
    for node, at_import in _walk(tree.body, True):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, None, node.lineno, at_import) for alias in node.names]
            continue
        if node.level:
            base = _base(module, path, node.level)
            target = f"{base}.{node.module}" if node.module else base
        else:
            target = node.module or ""
        for alias in node.names:
            sub = f"{target}.{alias.name}"
            if sub in modules():
                found.append(Import(sub, None, node.lineno, at_import))
            else:
                found.append(Import(target, alias.name, node.lineno, at_import))
    return tuple(found)


def under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def import_cycles(late_too: bool = False) -> list[list[str]]:
    """The cycles among the package's modules through imports run at import time (with
    ``late_too`` also those in functions): each strongly connected group of the graph with more
    than one module (or a module importing itself)."""
    graph = {
        name: sorted(
            {
                i.module
                for i in imports(name)
                if (i.at_import or late_too) and i.module in modules()
            }
        )
        for name in modules()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm; the package is small enough to recurse
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                groups.append(sorted(group))

    for name in graph:
        if name not in index:
            visit(name)
    return sorted(groups)

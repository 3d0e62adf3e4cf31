"""The domain package stays pure: no Flask, no database, nothing from the rest of heka_asoy.

Imports are read with the shared reader (``tests.import_graph``), which resolves relative ones:
``from ..models import Flat`` is as much an import of the app as ``from heka_asoy.models``.
"""

from __future__ import annotations

import sys

import pytest

from tests.import_graph import imports, modules, under

ALLOWED_THIRD_PARTY = {"defusedxml", "holidays", "mailparser_reply", "schwifty"}
DOMAIN = sorted(m for m in modules() if under(m, "heka_asoy.domain"))


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_module_imports_only_stdlib_and_allowed(module: str) -> None:
    """Does the domain module import only the standard library, the allowed packages and other
    domain modules (relative imports included)?"""
    bad = []
    for i in imports(module):
        root = i.module.split(".")[0]
        if root == "heka_asoy":
            if not under(i.module, "heka_asoy.domain"):
                bad.append(str(i))
        elif root not in sys.stdlib_module_names and root not in ALLOWED_THIRD_PARTY:
            bad.append(str(i))
    assert bad == []

"""The arrows of the package point one way: blueprints → services → models and domain.

Read from the source with ``ast`` (relative imports resolved, imports inside functions and
``TYPE_CHECKING`` blocks included), so a rule cannot be dodged by importing late. The domain's
purity (no Flask, no database, nothing of the app) is tested with the same reader in
``tests/domain/test_domain_purity.py``.
"""

from __future__ import annotations

import pytest

from tests.import_graph import Import, import_cycles, imports, modules, under

BLUEPRINTS = sorted(m for m in modules() if under(m, "heka_asoy.blueprints"))
SERVICES = sorted(m for m in modules() if under(m, "heka_asoy.services"))

#: What a view reaches only through a service: the rows, the ORM and the transaction.
VIEW_FORBIDDEN = ("heka_asoy.models", "peewee", "playhouse")


def _problems(module: str, bad) -> list[str]:
    return [str(i) for i in imports(module) if bad(i)]


def _view_import_is_bad(i: Import) -> bool:
    return any(under(i.module, p) for p in VIEW_FORBIDDEN) or i.name == "write_txn"


@pytest.mark.parametrize("module", BLUEPRINTS)
def test_blueprint_imports_no_models_orm_or_transaction(module):
    """Does the blueprint module reach rows only through services (no models, peewee,
    playhouse or write_txn, however it is imported)?"""
    assert _problems(module, _view_import_is_bad) == []


@pytest.mark.parametrize("module", SERVICES)
def test_service_never_aborts(module):
    """Does the service raise its own errors (NotFound, Refused ...) instead of flask.abort?"""
    assert _problems(
        module,
        lambda i: (i.module in ("flask", "werkzeug.exceptions") and i.name == "abort")
        or i.module == "flask.abort",
    ) == []


def test_no_import_cycles():
    """Can every module be imported without a cycle through imports run at import time (such as
    a blueprint package importing its views at the bottom while the views import the package)?"""
    assert import_cycles() == []


def test_no_cycles_through_late_imports():
    """Is there no cycle either through imports inside functions, the usual way to hide one
    (such as the mailer asking the job module to send while the jobs call the mailer, or the jobs
    importing the app factory that imports them)? A module below may not reach up, even late."""
    assert import_cycles(late_too=True) == []


# --- the reader itself: each rule fails on what it is meant to catch ------------------------


def _write(tmp_path, monkeypatch, files: dict[str, str]):
    """A throwaway package laid out like heka_asoy, read by the same reader."""
    from tests import import_graph

    for rel, text in files.items():
        path = tmp_path / "heka_asoy" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(import_graph, "ROOT", tmp_path)
    monkeypatch.setattr(import_graph, "PACKAGE", tmp_path / "heka_asoy")
    for cached in (import_graph.modules, import_graph.imports):
        cached.cache_clear()


@pytest.fixture
def fake_package(tmp_path, monkeypatch):
    from tests import import_graph

    yield lambda files: _write(tmp_path, monkeypatch, files)
    for cached in (import_graph.modules, import_graph.imports):
        cached.cache_clear()


def test_reader_resolves_relative_and_late_imports(fake_package):
    """Are ``from ...models import X`` in a function, ``from ..db import write_txn`` and a
    ``TYPE_CHECKING`` import all seen as what they are?"""
    fake_package(
        {
            "__init__.py": "",
            "db.py": "",
            "models/__init__.py": "",
            "blueprints/__init__.py": "",
            "blueprints/x/__init__.py": "",
            "blueprints/x/views.py": (
                "from typing import TYPE_CHECKING\n"
                "from ...db import write_txn\n"
                "if TYPE_CHECKING:\n    from ...models import Flat\n"
                "def view():\n    from ...models import User\n"
            ),
        }
    )
    found = imports("heka_asoy.blueprints.x.views")
    bad = [i for i in found if _view_import_is_bad(i)]
    assert [(i.module, i.name, i.at_import) for i in bad] == [
        ("heka_asoy.db", "write_txn", True),
        ("heka_asoy.models", "Flat", False),
        ("heka_asoy.models", "User", False),
    ]


def test_reader_finds_the_bottom_import_cycle_and_relative_domain_imports(fake_package):
    """Is the blueprint package ↔ views cycle found, and a domain module's ``from ..models``?"""
    fake_package(
        {
            "__init__.py": "",
            "models.py": "",
            "domain/__init__.py": "",
            "domain/rules.py": "from ..models import Flat\nfrom .other import x\n",
            "domain/other.py": "",
            "blueprints/__init__.py": "",
            "blueprints/x/__init__.py": "bp = 1\nfrom . import views\n",
            "blueprints/x/views.py": "from . import bp\n",
        }
    )
    assert import_cycles() == [["heka_asoy.blueprints.x", "heka_asoy.blueprints.x.views"]]
    assert [str(i) for i in imports("heka_asoy.domain.rules")] == [
        "line 1: from heka_asoy.models import Flat",
        "line 2: from heka_asoy.domain.other import x",
    ]


def test_reader_finds_a_cycle_through_late_imports(fake_package):
    """Is a cycle of imports inside functions found only when late imports count?"""
    fake_package(
        {
            "__init__.py": "",
            "tasks.py": "def job():\n    from .services.mailer import send\n",
            "services/__init__.py": "",
            "services/mailer.py": "def kick():\n    from ..tasks import job\n",
        }
    )
    assert import_cycles() == []
    assert import_cycles(late_too=True) == [["heka_asoy.services.mailer", "heka_asoy.tasks"]]

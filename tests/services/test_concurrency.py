"""Races between processes: a single-use link is used once, a username is taken once.

Eight processes (like gunicorn workers) hit the same database file, or the same PostgreSQL
database in the PostgreSQL pass, at the same moment.
"""

from __future__ import annotations

import multiprocessing
from datetime import timedelta

import pytest

from heka_asoy.models import OutboxMail, User
from heka_asoy.services import accounts, tokens
from tests import processes
from tests.factories import make_flat, make_lease, make_resident, make_tenant

PROCESSES = 8
pytestmark = pytest.mark.slow


def _run_app(url: str, folder: str):
    from pathlib import Path

    from heka_asoy import create_app
    from tests.conftest import make_test_config

    return create_app(make_test_config(url, Path(folder)))


def _reset_worker(url, folder, raw, start, results):
    app = _run_app(url, folder)
    with app.app_context():
        start.wait(30)
        try:
            accounts.reset_password(raw, f"Uusi-{multiprocessing.current_process().pid}!a")
            results.put("ok")
        except tokens.TokenError as exc:
            results.put(exc.problem.value)
        except Exception as exc:  # noqa: BLE001 - report anything else to the parent
            results.put(repr(exc))


def _register_worker(url, folder, code, hetu, start, results):
    app = _run_app(url, folder)
    with app.app_context(), app.test_request_context():
        start.wait(30)
        try:
            accounts.register_office("sama@example.fi", code, hetu, "Toimisto-1!", "fi")
            results.put("ok")
        except accounts.AccountError as exc:
            results.put(exc.code)
        except Exception as exc:  # noqa: BLE001
            results.put(repr(exc))


def _race(target, args) -> list[str]:
    ctx = processes.context()
    start = ctx.Event()
    results = ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args, start, results)) for _ in range(PROCESSES)]
    for proc in procs:
        proc.start()
    start.set()
    answers = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(30)
    return answers


def test_reset_link_is_used_once_under_a_race(app, database_url, tmp_path):
    """When eight workers use one reset link at once, does exactly one succeed?"""
    user = make_tenant()
    raw = tokens.issue(accounts.RESET, user, timedelta(hours=24))
    app.config["DATABASE"].close()
    answers = _race(_reset_worker, (database_url, str(tmp_path), raw))
    assert sorted(answers) == ["ok"] + ["used"] * (PROCESSES - 1), answers
    assert User.get_by_id(user.id).session_version == 2
    assert OutboxMail.select().where(OutboxMail.kind == "password_changed").count() == 1


def test_office_code_registers_one_account_under_a_race(app, database_url, tmp_path):
    """When eight workers register with the same office code at once, is one account made?"""
    from tests.factories import make_staff

    resident = make_resident()
    make_lease(make_flat(), [resident])
    code = accounts.record_office_identification(resident, "passport", make_staff())
    app.config["DATABASE"].close()
    answers = _race(_register_worker, (database_url, str(tmp_path), code, resident.hetu_plain))
    assert answers.count("ok") == 1, answers
    assert set(answers) <= {"ok", "office_code_used"}, answers
    assert User.select().where(User.email == "sama@example.fi").count() == 1

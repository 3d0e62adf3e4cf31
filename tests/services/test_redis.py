"""``REDIS_URL`` (the README's production setting) against the real Redis that runs here: the
commands start, background jobs go through Redis, and so do the rate limits (the throttle tests
run against Redis in ``test_login_throttle.py`` and ``test_throttle_workers.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from heka_asoy import tasks
from heka_asoy.models import OutboxMail
from tests.conftest import REDIS_URL
from tests.factories import make_tenant
from tests.services.test_outbox import _queue

ROOT = Path(__file__).resolve().parents[2]


def test_redis_is_a_pinned_dependency():
    """Is the redis client (which huey and the rate limits need for REDIS_URL) a dependency,
    pinned to the same version in pyproject.toml and constraints.txt?"""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [dep for dep in project["dependencies"] if dep.startswith("redis==")]
    assert len(pins) == 1
    assert pins[0] in (ROOT / "constraints.txt").read_text().splitlines()


def test_commands_start_with_redis_url(tmp_path, redis_prefix):
    """Does a command (here ``flask migrate``) run with REDIS_URL set, instead of failing for a
    missing redis module?"""
    env = {key: value for key, value in os.environ.items() if key != "HUEY_URL"}
    env.update(
        HEKA_ENV="development",
        REDIS_URL=REDIS_URL,
        COUNTER_KEY_PREFIX=redis_prefix,
        DATABASE_URL=f"sqlite:///{tmp_path / 'heka.db'}",
        UPLOAD_FOLDER=str(tmp_path / "uploads"),
    )
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "migrate"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_jobs_go_through_redis(app, smtp_server, monkeypatch, redis_prefix):
    """With REDIS_URL set, is the job queue in Redis, and does a queued job (sending the
    outbox) run from there as the consumer would run it?"""
    monkeypatch.delenv("HUEY_URL", raising=False)
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    queue = tasks.make_huey(redis_prefix)
    assert type(queue.storage).__name__ == "RedisStorage"
    try:
        send = queue.task()(tasks.send_outbox.func)
        row = _queue(app, make_tenant())
        result = send()
        assert queue.pending_count() == 1
        queue.execute(queue.dequeue())
        assert result.get() == {"sent": 1, "failed": 0}
        assert OutboxMail.get_by_id(row.id).status == "sent"
        assert len(smtp_server.messages) == 1
    finally:
        queue.storage.flush_all()

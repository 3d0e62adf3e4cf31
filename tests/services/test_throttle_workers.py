"""Limits hold across gunicorn workers: real gunicorn, 2 sync workers, counters in the database
(the test's SQLite file, or PostgreSQL in the PostgreSQL pass) or in the real Redis.

Each "visitor" connects from its own loopback address (127.0.0.x), so the portal sees distinct
client addresses without trusting any proxy header. Requests are sent at once from 12 threads,
and a round counts only when the access log (worker pid per request) shows both workers
answered it.
"""

from __future__ import annotations

import http.client
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bench.run import free_port, start_gunicorn
from tests.conftest import REDIS_URL
from tests.factories import PASSWORD, make_tenant

pytestmark = pytest.mark.slow

ATTEMPTS = 12
FREE_FAILURES = 5
PER_ADDRESS = 8


class Visitor:
    """A browser at one loopback address: its own session cookie and CSRF token."""

    def __init__(self, port: int, address: str):
        self.port = port
        self.address = address
        status, headers, body = self.request("GET", "/login")
        assert status == 200, body
        self.cookie = headers["Set-Cookie"].split(";")[0]
        self.token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1)

    def request(self, method: str, path: str, form: dict | None = None, cookie: str = ""):
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(self.address, 0)
        )
        headers = {"Cookie": cookie} if cookie else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        conn.close()
        return response.status, dict(response.getheaders()), text

    def post(self, path: str, **form):
        """Status and Retry-After of one POST of ``form`` with this visitor's session."""
        status, headers, _ = self.request(
            "POST", path, {**form, "csrf_token": self.token}, self.cookie
        )
        return status, headers.get("Retry-After")

    def post_at_once(self, path: str, forms: list[dict]) -> list[tuple[int, str | None]]:
        with ThreadPoolExecutor(len(forms)) as pool:
            return list(pool.map(lambda form: self.post(path, **form), forms))


@pytest.fixture(params=["database", "redis"])
def portal(request, app, database_url, tmp_path):
    """The portal under gunicorn (2 sync workers) on a free loopback port, on the test's
    database; yields the port and the access log's path."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "HUEY_URL", "RATELIMIT_STORAGE_URI"}
    }
    env.update(
        HEKA_ENV="development",
        DATABASE_URL=database_url,
        HUEY_URL=f"sqlite:///{tmp_path / 'huey.db'}",
        UPLOAD_FOLDER=str(tmp_path / "uploads"),
        RATELIMIT_ENABLED="true",
        LOGIN_FREE_FAILURES=str(FREE_FAILURES),
        LOGIN_FIRST_DELAY="300",
        LOGIN_LIMIT_PER_ADDRESS=f"{PER_ADDRESS} per 15 minutes",
    )
    if request.param == "redis":
        env.update(REDIS_URL=REDIS_URL, COUNTER_KEY_PREFIX=request.getfixturevalue("redis_prefix"))
    app.config["DATABASE"].close()
    port = free_port()
    log = tmp_path / "access.log"
    server = start_gunicorn(
        "wsgi:app",
        port,
        env,
        "--worker-class=sync",
        f"--access-logfile={log}",
        "--access-logformat=%(p)s %(m)s %(U)s %(s)s",
    )
    try:
        yield port, log
    finally:
        server.terminate()
        server.wait(30)


ROUNDS = 5


def _workers_that_answered(log: Path, path: str, skip: int = 0) -> set[str]:
    """The worker pids that answered POSTs to ``path`` in the access log after line ``skip``."""
    lines = [line.split() for line in log.read_text().splitlines()[skip:]]
    return {pid for pid, method, url, _status in lines if method == "POST" and url == path}


def _lines(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def _rounds_until_both_workers(log: Path, path: str, one_round) -> None:
    """Run ``one_round(n)`` (which asserts the exact limits) until a round was answered by both
    workers: the kernel may hand every connection of a quick round to one worker, and such a
    round proves nothing about sharing. Each round uses fresh accounts and addresses."""
    for n in range(ROUNDS):
        before = _lines(log)
        one_round(n)
        if len(_workers_that_answered(log, path, before)) == 2:
            return
    pytest.fail(f"no round of {ROUNDS} was answered by both workers")


def test_failed_logins_are_limited_exactly_across_workers(app, portal):
    """With 12 wrong passwords at once over 2 workers, do exactly 5 get checked and the rest
    get 429 with Retry-After, while the tenant at her own address logs in at once?"""
    port, log = portal

    def one_round(n: int) -> None:
        user = make_tenant()
        attacker = Visitor(port, f"127.0.{n + 1}.2")
        answers = attacker.post_at_once(
            "/login", [{"email": user.email, "password": "wrong"}] * ATTEMPTS
        )
        statuses = sorted(status for status, _ in answers)
        assert statuses == [200] * FREE_FAILURES + [429] * (ATTEMPTS - FREE_FAILURES), answers
        assert all(0 < int(wait) <= 300 for status, wait in answers if status == 429), answers
        tenant = Visitor(port, f"127.0.{n + 1}.3")
        assert tenant.post("/login", email=user.email, password=PASSWORD)[0] == 302

    _rounds_until_both_workers(log, "/login", one_round)


def test_address_limits_hold_across_workers(app, portal):
    """Do one address's failed logins on many accounts, and Flask-Limiter's limits (password
    reset orders), stop at exactly their limit over 2 workers?"""
    port, log = portal

    def one_round(n: int) -> None:
        walker = Visitor(port, f"127.0.{n + 1}.4")
        answers = walker.post_at_once(
            "/login",
            [{"email": f"u{n}-{i}@example.fi", "password": "wrong"} for i in range(ATTEMPTS)],
        )
        statuses = sorted(status for status, _ in answers)
        assert statuses == [200] * PER_ADDRESS + [429] * (ATTEMPTS - PER_ADDRESS), answers
        orders = Visitor(port, f"127.0.{n + 1}.5").post_at_once(
            "/password/forgot", [{"email": "nobody@example.fi"}] * ATTEMPTS
        )
        statuses = sorted(status for status, _ in orders)
        assert statuses == [302] * PER_ADDRESS + [429] * (ATTEMPTS - PER_ADDRESS), orders

    _rounds_until_both_workers(log, "/login", one_round)

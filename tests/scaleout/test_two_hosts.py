"""Two hosts behind a proxy, on one PostgreSQL and one Redis (issue 12 §1), through HTTPS as a
browser would: sessions, logout, login throttling, booking races, outbox and periodic jobs, a
killed consumer, and uploads, with requests landing on both hosts.

The hosts are network namespaces with gunicorn and a huey consumer each (``bench/two_hosts.py``);
the test process seeds the shared database directly and runs the SMTP server the hosts send to.
Run by ``make test`` as root on this machine kind; without root or haproxy they fail (never
skip), as the browser tests do without Chromium.
"""

from __future__ import annotations

import http.client
import os
import re
import ssl
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import redis

from bench.two_hosts import TwoHosts, can_make_namespaces, missing_tools
from heka_asoy import create_app
from heka_asoy.db import make_database
from heka_asoy.migrate import migrate
from tests.conftest import make_test_config, running_smtp_server
from tests.factories import PASSWORD, make_flat, make_lease, make_resident, make_user
from tests.s3_server import CREDENTIALS, make_bucket, running_s3_server, storage_url

pytestmark = pytest.mark.scaleout

PG_ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_BASE = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
FREE_FAILURES = 4


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two hosts on a fresh PostgreSQL database and a Redis database of their own; yields
    ``(hosts, app, smtp)`` where ``app`` is a local app on the same database and uploads."""
    if not can_make_namespaces():
        # fails, never skips: make test installs the tools; network namespaces need root
        pytest.fail(
            "two hosts need root (ip netns) and: " + (" ".join(missing_tools()) or "nothing else"),
            pytrace=False,
        )
    workdir = tmp_path_factory.mktemp("two-hosts")
    admin = make_database(PG_ADMIN_URL)
    name = f"heka_two_hosts_{uuid.uuid4().hex[:8]}"
    admin.execute_sql(f'CREATE DATABASE "{name}"')
    database_url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    db = make_database(database_url)
    migrate(db)
    db.close()
    redis_url = f"{REDIS_BASE}/{8 + os.getpid() % 8}"
    redis.Redis.from_url(redis_url).flushdb()
    config = make_test_config(database_url, workdir)
    config.update(UPLOAD_FOLDER=str(workdir / "uploads"), SECRET_KEY="two-hosts-secret-key",
                  HETU_KEY="two-hosts-hetu-key")  # fmt: skip
    saved_env = {k: os.environ.get(k) for k in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    try:
        with running_smtp_server() as smtp, running_s3_server() as s3:
            bucket = make_bucket(s3)
            s3_port = urlsplit(s3).port
            # uploads in an S3 bucket both hosts share, reached through their veth
            config["STORAGE_URL"] = storage_url(s3, bucket)
            app = create_app(config)
            hosts = TwoHosts(
                workdir,
                database_url,
                redis_url,
                smtp.port,
                env={
                    "LOGIN_FREE_FAILURES": str(FREE_FAILURES),
                    "LOGIN_FIRST_DELAY": "300",
                    "OUTBOX_STALE_SENDING": "3",
                    "LOGIN_LIMIT_PER_ADDRESS": "1000 per 15 minutes",
                    "STORAGE_URL": storage_url("http://{outside}:9000", bucket),
                    **CREDENTIALS,
                },
                forwards={"s3": (9000, s3_port)},
            )
            with hosts, app.app_context():
                yield hosts, app, smtp
            app.config["DATABASE"].close()
    finally:
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        redis.Redis.from_url(redis_url).flushdb()
        admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


class Browser:
    """One browser: its own address (127.0.x.y, so the proxy forwards distinct clients), cookie
    jar and CSRF token, over HTTPS to the proxy."""

    def __init__(self, hosts: TwoHosts, address: str = "127.0.0.1"):
        self.hosts = hosts
        self.address = address
        self.cookies: dict[str, str] = {}
        self.context = ssl.create_default_context(cafile=str(hosts.certificate))
        self.served_by: list[str] = []

    def request(self, method: str, path: str, form: dict | None = None):
        if form is None:
            return self._send(method, path)
        return self._send(method, path, urlencode(form).encode(),
                          "application/x-www-form-urlencoded")  # fmt: skip

    def multipart(self, path: str, fields: dict, file: tuple[str, str, str, bytes]):
        """POST ``fields`` and one file (field, filename, type, bytes) as multipart/form-data."""
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        field, filename, kind, data = file
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self._send("POST", path, b"".join(parts),
                          f"multipart/form-data; boundary={boundary}")  # fmt: skip

    def _send(self, method: str, path: str, body: bytes | None = None, content_type: str = ""):
        conn = http.client.HTTPSConnection(
            "127.0.0.1", self.hosts.port, timeout=60, context=self.context,
            source_address=(self.address, 0),
        )  # fmt: skip
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Referer": f"{self.hosts.url}{path}",  # Flask-WTF checks it over HTTPS
        }
        if content_type:
            headers["Content-Type"] = content_type
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        self.served_by.append(response.getheader("X-Served-By", ""))
        conn.close()
        return response.status, response, text

    def token(self, path: str = "/login") -> str:
        status, _, text = self.request("GET", path)
        assert status == 200, text[:500]
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text)
        assert found, text[:500]
        return found.group(1)

    def post(self, path: str, token_from: str | None = None, **form):
        token = self.token(token_from or path)
        return self.request("POST", path, {**form, "csrf_token": token})

    def login(self, email: str, password: str = PASSWORD) -> int:
        return self.post("/login", email=email, password=password)[0]


def _tenant(company=None):
    resident = make_resident()
    flat = make_flat(company)
    make_lease(flat, [resident])
    user = make_user(resident)
    user.flat = flat
    return user


def test_a_session_works_on_both_hosts_and_logout_ends_it_on_both(cluster):
    hosts, app, _ = cluster
    user = _tenant()
    browser = Browser(hosts)
    assert browser.login(user.email) == 302
    browser.served_by.clear()
    for _ in range(6):
        status, _, text = browser.request("GET", "/my/")
        assert status == 200, text[:300]
    assert set(browser.served_by) == {"h1", "h2"}  # the session held on both
    stolen = dict(browser.cookies)
    browser.post("/logout", token_from="/my/")
    thief = Browser(hosts)
    thief.cookies = stolen
    for _ in range(4):
        status, response, _ = thief.request("GET", "/my/")
        assert status == 302
        assert "/login" in response.getheader("Location")
    assert set(thief.served_by) == {"h1", "h2"}  # ended on both


def test_login_throttle_counts_across_hosts(cluster):
    hosts, _, _ = cluster
    user = _tenant()
    attacker = Browser(hosts, "127.0.9.2")
    statuses = [attacker.login(user.email, "wrong") for _ in range(FREE_FAILURES + 3)]
    assert statuses == [200] * FREE_FAILURES + [429] * 3
    assert {"h1", "h2"} <= set(attacker.served_by)
    # the tenant at her own address gets in at once
    assert Browser(hosts, "127.0.9.3").login(user.email) == 302


def _race(browsers: list[Browser], path: str, forms: list[dict]) -> list[int]:
    tokens = [b.token(path.rsplit("/", 1)[0] if "parking" not in path else "/my/bookings/parking")
              for b in browsers]  # fmt: skip
    with ThreadPoolExecutor(len(browsers)) as pool:
        results = pool.map(
            lambda args: args[0].request("POST", path, {**args[1], "csrf_token": args[2]}),
            zip(browsers, forms, tokens, strict=True),
        )
        return [status for status, _, _ in results]


def test_booking_races_over_http_give_one_holder(cluster):
    from heka_asoy.models import ParkingContract, SaunaTurn
    from heka_asoy.services.bookings.common import earliest_turn_start, today
    from tests.booking_factories import hour_at, make_parking_space, make_sauna

    hosts, _, _ = cluster
    first = _tenant()
    company = first.flat.housing_company
    users = [first] + [_tenant(company) for _ in range(5)]
    sauna = make_sauna(company)
    space = make_parking_space(company)
    browsers = []
    for n, user in enumerate(users):
        browser = Browser(hosts, f"127.0.10.{n + 2}")
        assert browser.login(user.email) == 302
        browsers.append(browser)
    for round_no, weekday in enumerate((0, 1)):
        hour = hour_at(sauna, weekday, 18)
        starts_on = earliest_turn_start(sauna)
        forms = [{"flat": u.flat.id, "hour": hour.id, "starts_on": starts_on.isoformat(),
                  "confirm": "1"} for u in users]  # fmt: skip
        statuses = _race(browsers, "/my/bookings/sauna/book", forms)
        assert SaunaTurn.select().where(SaunaTurn.hour == hour).count() == 1, (round_no, statuses)
    forms = [{"flat": u.flat.id, "space": space.id, "starts_on": (today() + timedelta(days=3)
              ).isoformat(), "confirm": "1"} for u in users]  # fmt: skip
    statuses = _race(browsers, "/my/bookings/parking/rent", forms)
    assert ParkingContract.select().where(ParkingContract.space == space).count() == 1, statuses
    assert {"h1", "h2"} <= {s for b in browsers for s in b.served_by}


def _order_resets(hosts, users, prefix: str) -> None:
    def order(args):
        n, user = args
        browser = Browser(hosts, f"127.0.{prefix}.{n + 2}")
        status, _, _ = browser.post("/password/forgot", email=user.email)
        assert status == 302
        return browser.served_by[-1]

    with ThreadPoolExecutor(6) as pool:
        return set(pool.map(order, enumerate(users)))


def _wait_for(condition, timeout: float = 60, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


def test_each_outbox_mail_is_sent_exactly_once(cluster):
    from heka_asoy.models import OutboxMail

    hosts, _, smtp = cluster
    users = [_tenant() for _ in range(16)]
    before = len(smtp.messages)
    served = _order_resets(hosts, users, "11")
    assert served == {"h1", "h2"}
    _wait_for(lambda: len(smtp.messages) - before >= len(users), what="16 mails")
    time.sleep(3)  # any second copy would arrive by now
    received = [str(m["To"]) for m in smtp.messages[before:]]
    assert sorted(received) == sorted(u.email for u in users)
    assert OutboxMail.select().where(OutboxMail.status != "sent").count() == 0


def test_a_killed_consumer_loses_no_mail(cluster):
    from heka_asoy.models import OutboxMail

    hosts, _, smtp = cluster
    smtp.delay = 0.4  # slow SMTP: the consumer dies in the middle of its run
    try:
        users = [_tenant() for _ in range(10)]
        before = len(smtp.messages)
        _order_resets(hosts, users, "12")
        _wait_for(lambda: len(smtp.messages) > before, what="the first mail")
        hosts.kill("h1", "jobs")
        # the next request that queues mail starts a run on the surviving consumer, which
        # takes over what the dead one held once OUTBOX_STALE_SENDING (3 s) has passed
        time.sleep(3.5)
        _order_resets(hosts, [_tenant()], "13")
        _wait_for(
            lambda: OutboxMail.select().where(OutboxMail.status != "sent").count() == 0,
            what="every mail sent",
        )
    finally:
        smtp.delay = 0
    got = {str(m["To"]) for m in smtp.messages[before:]}
    assert {u.email for u in users} <= got


def test_periodic_jobs_run_once_a_minute_on_two_consumers(cluster):
    """Each consumer's scheduler enqueues a periodic task when it is due, so it reaches the
    shared queue once per host. Two copies are put on the queue as the two schedulers would
    (without waiting for the clock's next minute); the hosts' job logs show one run and one
    cancelled by the guard."""
    from huey import RedisHuey

    from heka_asoy import tasks

    hosts, _, _ = cluster
    queue = RedisHuey("heka_asoy", url=hosts.redis_url)

    def lines(text: str) -> int:
        return sum(hosts.logs(h.name, "jobs").count(text) for h in hosts.members)

    task = tasks.sweep_login_sessions  # hourly at :17; its own schedule may collide once
    name = "sweep_login_sessions"  # as the guard logs it (the task, not its wrapper)

    for _attempt in range(3):
        ran = lines(f"periodic {name} runs")
        skipped = lines(f"{name} already ran")
        minute = time.strftime("%H%M", time.gmtime())
        for _ in range(2):  # what the two schedulers enqueue
            queue.storage.enqueue(tasks.huey.serialize_task(task.s()))
        before = ran + skipped
        _wait_for(
            lambda before=before: (
                lines(f"periodic {name} runs") + lines(f"{name} already ran")
                >= before + 2
            ),
            timeout=30,
            what="both copies taken",
        )
        runs = lines(f"periodic {name} runs") - ran
        if time.strftime("%H%M", time.gmtime()) != minute or runs == 0:
            # straddled a minute (both may run), or the hourly schedule ran it this very
            # minute (both copies cancelled): try again in the next minute
            time.sleep(61 - time.gmtime().tm_sec)
            continue
        assert runs == 1
        assert lines(f"{name} already ran") == skipped + 1
        return
    pytest.fail("three attempts met a minute boundary or the schedule")


def test_an_upload_through_one_host_is_served_by_the_other(cluster):
    """A photo filed with a report through one host lands in the S3 bucket the hosts share and
    downloads through both, after the access checks."""
    from heka_asoy.models import FaultPhoto
    from tests.factories import gps_jpeg

    hosts, _, _ = cluster
    user = _tenant()
    browser = Browser(hosts, "127.0.14.2")
    assert browser.login(user.email) == 302
    status, _, page = browser.request("GET", "/my/faults/new")
    assert status == 200
    fields = {
        "csrf_token": _hidden(page, "csrf_token"),
        "client_token": _hidden(page, "client_token"),
        "category": "water.tap",
        "description": "The kitchen tap is stiff and hard to turn.",
        "location": "kitchen",
        "master_key_allowed": "yes",
        "phone": "040 123 4567",
    }
    status, response, text = browser.multipart(
        "/my/faults/new", fields, ("photos", "tap.jpg", "image/jpeg", gps_jpeg())
    )
    assert status == 302, text[:500]
    uploaded_by = browser.served_by[-1]
    photo = FaultPhoto.select().order_by(FaultPhoto.id.desc()).first()
    assert photo.report.flat_id == user.flat.id
    # in the shared bucket, not in any host's folder
    from heka_asoy.storage import storage

    assert storage().exists(photo.storage_key)
    assert not list(Path(hosts.workdir, "uploads").rglob("*.jpg"))
    served = []
    for _ in range(4):
        status, response, _ = browser.request("GET", f"/my/faults/photo/{photo.id}")
        assert status == 200
        assert response.getheader("Content-Type").startswith("image/")
        served.append(browser.served_by[-1])
    assert set(served) == {"h1", "h2"}
    assert uploaded_by in served


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]+)"', page)
    assert found, name
    return found.group(1)

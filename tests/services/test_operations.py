"""What operators watch (issue 12 §4): readiness checks, the outbox and queue state, the
metrics' content, login throttling events, request ids in the logs and in the jobs."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta

import pytest
from huey.storage import MemoryStorage

from heka_asoy import create_app, logs, tasks
from heka_asoy.models import OutboxMail, utcnow
from heka_asoy.services import jobs, operations
from heka_asoy.services.health import readiness
from tests.conftest import REDIS_URL, _fresh_g_per_request
from tests.factories import PASSWORD, make_staff, make_tenant

#: PostgreSQL on a port where nothing listens: a database server that does not answer.
DEAD_POSTGRES = "postgresql://postgres@127.0.0.1:1/heka"
DEAD_REDIS = "redis://127.0.0.1:1/0"


def _app(app_config, **overrides):
    app = create_app({**app_config, **overrides})
    _fresh_g_per_request(app)
    return app


def _metrics(app, client=None) -> str:
    client = client or app.test_client()
    response = client.get("/metrics")
    assert response.status_code == 200
    return response.text


def _sample(text: str, name: str, **labels) -> float | None:
    """The value of one sample in Prometheus' text format."""
    wanted = name
    if labels:
        wanted += "{" + ",".join(f'{k}="{v}"' for k, v in sorted(labels.items())) + "}"
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        key, _, value = line.rpartition(" ")
        if key == wanted:
            return float(value)
    return None


# --- readiness -------------------------------------------------------------------------------


def test_ready_when_everything_answers(app):
    """Does readiness pass with the database and a writable upload folder (no Redis used)?"""
    ok, checks = readiness()
    assert ok
    assert checks == {"database": "ok", "storage": "ok"}


def test_redis_is_checked_when_the_app_uses_it(app_config):
    """Is Redis PINGed when the queue or the counters live there, and ready when it answers?"""
    app = _app(app_config, HUEY_URL=REDIS_URL)
    with app.app_context():
        ok, checks = readiness()
    assert ok
    assert checks["redis"] == "ok"


def test_not_ready_when_redis_does_not_answer(app_config):
    """Does a Redis that does not answer make the process not ready?"""
    app = _app(app_config, HUEY_URL=DEAD_REDIS)
    with app.app_context():
        ok, checks = readiness()
    assert not ok
    assert checks == {"database": "ok", "redis": "failed", "storage": "ok"}


def test_not_ready_when_storage_cannot_take_a_file(app_config, tmp_path):
    """Is the upload folder checked by writing to it (a file in its place fails)?"""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    app = _app(app_config, UPLOAD_FOLDER=str(blocker))
    with app.app_context():
        ok, checks = readiness()
    assert not ok
    assert checks["storage"] == "failed"
    assert checks["database"] == "ok"


def test_not_ready_when_sqlite_cannot_be_opened(app_config, tmp_path):
    """Does a SQLite path that cannot be opened (a folder) fail the database check?"""
    app = _app(app_config, DATABASE_URL=f"sqlite:///{tmp_path}")
    with app.app_context():
        ok, checks = readiness()
    assert not ok
    assert checks["database"] == "failed"


def test_not_ready_when_postgresql_does_not_answer(app_config):
    """PostgreSQL stopped (nothing listens on its port): is the process not ready?"""
    app = _app(app_config, DATABASE_URL=DEAD_POSTGRES)
    with app.app_context():
        ok, checks = readiness()
    assert not ok
    assert checks["database"] == "failed"


# --- the outbox and the queue ------------------------------------------------------------------


def _mail(status: str, created_at=None, sent_at=None) -> OutboxMail:
    return OutboxMail.create(
        recipient="a@example.fi",
        subject="s",
        body_text="t",
        status=status,
        created_at=created_at or utcnow(),
        sent_at=sent_at,
    )


def _fill_outbox():
    now = utcnow()
    _mail("pending", created_at=now - timedelta(minutes=30))
    _mail("pending", created_at=now - timedelta(minutes=5))
    _mail("sending", created_at=now - timedelta(minutes=1))
    _mail("sent", sent_at=now)
    _mail("sent", sent_at=now)
    _mail("sent", created_at=now - timedelta(days=10), sent_at=now - timedelta(days=10))
    _mail("dead", created_at=now - timedelta(days=2))


def test_outbox_state_counts_each_state(app, count_queries):
    """Waiting (pending and being sent), given up, sent today, the oldest waiting mail's age,
    in two queries?"""
    _fill_outbox()
    with count_queries() as counted:
        state = operations.outbox_state()
    assert counted.count == 2
    assert (state.pending, state.dead, state.sent_today) == (3, 1, 2)
    assert 29 * 60 < state.oldest_pending_age < 31 * 60


def test_outbox_state_when_empty(app):
    state = operations.outbox_state()
    assert (state.pending, state.dead, state.sent_today, state.oldest_pending_age) == (0, 0, 0, 0)
    assert state.oldest_pending_at is None


def test_periodic_jobs_record_their_last_run(app):
    """Does a periodic job's run leave its time and result for the staff home?"""
    tasks.sweep_counters()
    runs = {run.name: run for run in jobs.last_runs()}
    assert runs["sweep_counters"].ok is True
    assert utcnow() - runs["sweep_counters"].at < timedelta(minutes=1)
    assert runs["issue_invoices"].at is None
    assert jobs.queue_length() == 0


def test_staff_home_shows_jobs_to_admins_only(app):
    assert operations.staff_home(make_staff()).jobs is None
    home = operations.staff_home(make_staff(role="admin"))
    assert home.jobs.queued == 0
    assert {run.name for run in home.jobs.last_runs} >= {"sweep_outbox", "issue_invoices"}


# --- metrics ---------------------------------------------------------------------------------


@pytest.fixture
def metered(app_config):
    app = _app(app_config, METRICS_ENABLED=True)
    with app.app_context():
        yield app


def test_metrics_count_requests_by_endpoint_never_by_path(metered):
    """Are requests counted and timed per endpoint name (a histogram), so ids in paths never
    become labels?"""
    client = metered.test_client()
    for _ in range(3):
        client.get("/")
    client.get("/health")
    client.get("/no-such-page/123")
    client.get("/staff/faults/987654")  # a path with an id: its endpoint name, not the path
    text = _metrics(metered, client)
    assert (
        _sample(
            text,
            "flask_http_request_duration_seconds_count",
            endpoint="main.index",
            method="GET",
            status="200",
        )
        == 3
    )
    assert 'le="0.005"' in text  # a histogram, with its buckets
    assert "flask_http_request_duration_seconds_bucket" in text
    assert "987654" not in text
    assert "/staff" not in text
    assert "prometheus_metrics" not in text  # the scrape itself is not counted


def test_metrics_read_the_outbox_and_the_queue_at_scrape_time(metered):
    """Are the outbox gauges computed from the database when Prometheus scrapes?"""
    text = _metrics(metered)
    assert _sample(text, "heka_outbox_pending") == 0
    _fill_outbox()
    text = _metrics(metered)
    assert _sample(text, "heka_database_up") == 1
    assert _sample(text, "heka_outbox_pending") == 3
    assert _sample(text, "heka_outbox_dead") == 1
    assert 29 * 60 < _sample(text, "heka_outbox_oldest_pending_age_seconds") < 31 * 60
    assert _sample(text, "heka_job_queue_length") == 0


def test_metrics_still_answer_when_the_database_does_not(app_config):
    """A scrape while PostgreSQL is down: request metrics and ``heka_database_up 0``, no 500."""
    app = _app(app_config, METRICS_ENABLED=True, DATABASE_URL=DEAD_POSTGRES)
    with app.app_context():
        text = _metrics(app)
    assert _sample(text, "heka_database_up") == 0
    assert _sample(text, "heka_outbox_pending") is None


def test_throttled_logins_are_counted(app_config):
    """Does the counter go up where the throttle slows a pair down and where it refuses?"""
    app = _app(
        app_config,
        METRICS_ENABLED=True,
        RATELIMIT_ENABLED=True,
        LOGIN_FREE_FAILURES=1,
        LOGIN_FIRST_DELAY=60,
        LOGIN_MAX_DELAY=60,
    )
    with app.app_context():
        user = make_tenant()
        client = app.test_client()
        before = _metrics(app, client)
        assert _sample(before, "heka_login_throttle_events_total", event="pair_refused") == 0
        codes = [
            client.post("/login", data={"email": user.email, "password": "wrong"}).status_code
            for _ in range(3)
        ]
        assert codes[1:] == [429, 429]  # the first failure opened the wait
        # the right password during the wait is refused too, without being checked
        assert (
            client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code
            == 429
        )
        text = _metrics(app, client)
    assert _sample(text, "heka_login_throttle_events_total", event="pair_delayed") == 1
    assert _sample(text, "heka_login_throttle_events_total", event="pair_refused") == 3


# --- request ids in the logs and the jobs --------------------------------------------------


@pytest.fixture
def json_lines():
    """The process's log handler in JSON mode, writing to a buffer; the lines as dicts."""
    buffer = io.StringIO()
    handler = logs.configure("json", "INFO", stream=buffer)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        logging.getLogger().removeHandler(handler)


def test_log_lines_of_a_request_carry_its_id(app, client, json_lines):
    """Is an incoming X-Request-ID kept, returned and on every JSON line of the request?"""
    response = client.get("/login", headers={"X-Request-ID": "lb-4f2a9c"})
    assert response.headers["X-Request-ID"] == "lb-4f2a9c"
    lines = [line for line in json_lines() if line.get("request_id") == "lb-4f2a9c"]
    request_line = next(line for line in lines if line["message"] == "request")
    assert request_line["endpoint"] == "auth.login"
    assert request_line["status"] == 200
    assert request_line["level"] == "INFO"
    assert "/login" not in json.dumps(request_line)  # the endpoint, never the path


def test_an_odd_request_id_is_replaced(client):
    """Is an incoming id that does not look like one replaced by a new uuid?"""
    for odd in ("has space", "x" * 65, "ä-id", "<script>"):
        returned = client.get("/health", headers={"X-Request-ID": odd}).headers["X-Request-ID"]
        assert returned != odd
        assert len(returned) == 32
    first = client.get("/health").headers["X-Request-ID"]
    assert first != client.get("/health").headers["X-Request-ID"]


@pytest.fixture
def real_queue(app, monkeypatch):
    """The job queue as the worker sees it: jobs wait in storage until a worker runs them."""
    monkeypatch.setattr(tasks.huey, "_immediate", False)
    monkeypatch.setattr(tasks.huey, "storage", MemoryStorage(tasks.huey.name))
    return tasks.huey


def test_a_job_queued_in_a_request_logs_the_requests_id(app, client, real_queue, caplog):
    """Run by the worker after the request has ended, do the job's log lines carry the id of
    the request that queued it, and does the job's function never see it?"""

    def asks_for_mail():
        jobs.after_request("send_outbox")
        return "queued"

    app.add_url_rule("/_ops_test/queue", view_func=asks_for_mail)
    response = client.get("/_ops_test/queue")
    request_id = response.headers["X-Request-ID"]
    assert logs.current_request_id() is None  # the request is over
    task = real_queue.dequeue()
    assert task.kwargs == {jobs.REQUEST_ID_KWARG: request_id}
    caplog.clear()
    with caplog.at_level(logging.INFO):
        real_queue.execute(task)
    job_records = [r for r in caplog.records if r.request_id == request_id]
    messages = [r.getMessage() for r in job_records]
    assert "job send_outbox started" in messages
    assert any("executed in" in m for m in messages)  # huey's own line of the job
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logs.current_request_id() is None


def test_text_logs_show_the_request_id(app, client):
    buffer = io.StringIO()
    handler = logs.configure("text", "INFO", stream=buffer)
    try:
        client.get("/login", headers={"X-Request-ID": "abc-123"})
        logging.getLogger("heka_asoy.test").warning("outside any request")
    finally:
        logging.getLogger().removeHandler(handler)
    lines = buffer.getvalue().splitlines()
    assert any("[abc-123]" in line and "request" in line for line in lines)
    assert any("[-] outside any request" in line for line in lines)


def test_a_retried_job_keeps_the_request_id(app, real_queue, monkeypatch, caplog):
    """A job that fails is retried under the same request id (the id goes back into its
    arguments for the retry), and its failure's log line carries the id."""

    def mail_server_down():
        raise ConnectionRefusedError("smtp")

    monkeypatch.setattr("heka_asoy.services.mailer.send_due", mail_server_down)
    tasks.send_outbox(**{jobs.REQUEST_ID_KWARG: "req-retry-1"})
    with caplog.at_level(logging.INFO):
        real_queue.execute(real_queue.dequeue())
    failure = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert failure.request_id == "req-retry-1"
    [again] = real_queue.scheduled()
    assert again.kwargs == {jobs.REQUEST_ID_KWARG: "req-retry-1"}
    assert again.retries == 2
    assert logs.current_request_id() is None


def test_an_immediate_job_logs_the_requests_id(app, client, caplog):
    """Tests and ``HUEY_IMMEDIATE`` run the job as the request ends: same id on its lines."""

    def asks_for_mail():
        jobs.after_request("send_outbox")
        return "queued"

    app.add_url_rule("/_ops_test/now", view_func=asks_for_mail)
    with caplog.at_level(logging.INFO):
        request_id = client.get("/_ops_test/now").headers["X-Request-ID"]
    started = [r for r in caplog.records if r.getMessage() == "job send_outbox started"]
    assert [r.request_id for r in started] == [request_id]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

"""/health, /ready, /metrics and the staff home's operations box, over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest

from heka_asoy import create_app
from heka_asoy.models import OutboxMail, utcnow
from tests.conftest import REDIS_URL, _fresh_g_per_request
from tests.factories import login, make_staff, make_tenant

DEAD_POSTGRES = "postgresql://postgres@127.0.0.1:1/heka"
DEAD_REDIS = "redis://127.0.0.1:1/0"
OUTSIDE = "203.0.113.9"


def _client(app_config, address: str = "127.0.0.1", **overrides):
    app = create_app({**app_config, **overrides})
    _fresh_g_per_request(app)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return app, client


def _says_nothing_secret(response) -> None:
    body = response.get_data(as_text=True)
    for secret in ("127.0.0.1", "postgres", "redis://", "sqlite", "Error", "uploads"):
        assert secret not in body
    assert "Set-Cookie" not in response.headers


# --- /health and /ready ------------------------------------------------------------------------


def test_health_answers_without_the_database(app, client, count_queries):
    """Is /health only "the process is up": no query, no session cookie?"""
    with count_queries() as counted:
        response = client.get("/health")
    assert counted.count == 0
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("database", ["postgresql", "sqlite"])
def test_health_stays_up_and_ready_fails_when_the_database_is_down(app_config, tmp_path, database):
    """PostgreSQL stopped (closed port) or a SQLite file that cannot be opened: /health still
    200 (do not restart the process), /ready 503 naming the database check only."""
    url = DEAD_POSTGRES if database == "postgresql" else f"sqlite:///{tmp_path}"
    app, client = _client(app_config, DATABASE_URL=url)
    with app.app_context():
        assert client.get("/health").status_code == 200
        response = client.get("/ready")
    assert response.status_code == 503
    assert response.json == {
        "status": "failed",
        "checks": {"database": "failed", "storage": "ok"},
    }
    _says_nothing_secret(response)


def test_probes_never_set_the_session_cookie(app, client):
    """A browser carrying a login session polls /ready and /health: no cookie is refreshed
    (a poll is not a visit), while a page still refreshes it."""
    login(client, make_tenant())
    for path in ("/health", "/ready"):
        assert "Set-Cookie" not in client.get(path).headers
    assert "Set-Cookie" in client.get("/my/").headers


def test_ready_answers_ok(app, client):
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": "ok", "storage": "ok"}}
    _says_nothing_secret(response)


def test_ready_checks_redis(app_config):
    """Redis in use and answering: ok; Redis that does not answer: 503."""
    app, client = _client(app_config, HUEY_URL=REDIS_URL)
    with app.app_context():
        assert client.get("/ready").json["checks"]["redis"] == "ok"
    app, client = _client(app_config, RATELIMIT_STORAGE_URI=DEAD_REDIS)
    with app.app_context():
        response = client.get("/ready")
    assert response.status_code == 503
    assert response.json["checks"] == {"database": "ok", "redis": "failed", "storage": "ok"}
    _says_nothing_secret(response)


def test_ready_is_not_rate_limited(app_config):
    """Does a load balancer polling /ready never meet a rate limit?"""
    app, client = _client(app_config, RATELIMIT_ENABLED=True)
    with app.app_context():
        assert {client.get("/ready").status_code for _ in range(40)} == {200}


# --- /metrics access ----------------------------------------------------------------------------


def test_metrics_are_off_unless_enabled(app, client):
    assert client.get("/metrics").status_code == 404


def test_metrics_only_for_allowed_addresses_or_the_token(app_config):
    """Allowed address: served; elsewhere: 404, unless the bearer token is right; a logged-in
    resident from outside gets nothing either."""
    app, inside = _client(app_config, METRICS_ENABLED=True, METRICS_TOKEN="s3cret-token")
    with app.app_context():
        assert inside.get("/metrics").status_code == 200
        outside = app.test_client()
        outside.environ_base["REMOTE_ADDR"] = OUTSIDE
        assert outside.get("/metrics").status_code == 404
        assert outside.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
        answer = outside.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
        assert answer.status_code == 200
        assert "heka_outbox_pending" in answer.text
        resident = make_tenant()
        login(outside, resident)
        assert outside.get("/metrics").status_code == 404


def test_metrics_allow_list_takes_networks(app_config):
    app, client = _client(
        app_config, address="10.1.2.3", METRICS_ENABLED=True, METRICS_ALLOW="10.0.0.0/8"
    )
    with app.app_context():
        assert client.get("/metrics").status_code == 200
        client.environ_base["REMOTE_ADDR"] = "127.0.0.1"
        assert client.get("/metrics").status_code == 404  # the default is replaced


def test_metrics_without_a_token_ignore_bearer_headers(app_config):
    app, client = _client(app_config, address=OUTSIDE, METRICS_ENABLED=True)
    with app.app_context():
        assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_metrics_add_up_gunicorn_workers(tmp_path, database_url):
    """With PROMETHEUS_MULTIPROC_DIR, does a scrape add up the samples every process wrote
    (two app processes here), with the database gauges beside them?"""
    folder = tmp_path / "prom"
    folder.mkdir()
    script = textwrap.dedent(
        f"""
        import sys
        from heka_asoy import create_app
        from tests.conftest import make_test_config
        from pathlib import Path
        config = make_test_config({database_url!r}, Path({str(tmp_path)!r}))
        config["METRICS_ENABLED"] = True
        app = create_app(config)
        client = app.test_client()
        for _ in range(2):
            client.get("/health")
        if sys.argv[1] == "scrape":
            print(client.get("/metrics").text)
        """
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    run = [sys.executable, "-c", script]
    subprocess.run([*run, "serve"], env=env, check=True, timeout=120)
    text = subprocess.run(
        [*run, "scrape"], env=env, check=True, timeout=120, capture_output=True, text=True
    ).stdout
    assert (
        'flask_http_request_duration_seconds_count{endpoint="main.health",method="GET",'
        'status="200"} 4.0' in text
    )
    assert "heka_database_up 1.0" in text


# --- the staff home ----------------------------------------------------------------------------


def _fill_outbox(n: int) -> None:
    now = utcnow()
    for i in range(n):
        for status in ("pending", "sending", "sent", "dead"):
            OutboxMail.create(
                recipient=f"r{i}@example.fi",
                subject="s",
                body_text="t",
                status=status,
                created_at=now - timedelta(minutes=i + 1),
                sent_at=now if status == "sent" else None,
            )


def test_admin_sees_the_operations_box(app, client):
    _fill_outbox(2)
    login(client, make_staff(role="admin"))
    page = client.get("/staff/").text
    assert 'id="operations"' in page
    assert "Jobs in the queue" in page
    assert "sweep_outbox" in page
    assert "Oldest mail waiting since" in page
    assert "Demo mailbox" not in page  # demo mode only
    assert "<dt>Sent today</dt><dd>2</dd>" in page
    assert "<dt>Waiting to be sent</dt><dd>4</dd>" in page
    assert "<dt>Given up after retries</dt><dd>2</dd>" in page


def test_desk_worker_sees_the_outbox_but_not_the_operations_box(app, client):
    login(client, make_staff())
    page = client.get("/staff/").text
    assert "Waiting to be sent" in page
    assert 'id="operations"' not in page
    assert "Jobs in the queue" not in page


def test_residents_never_see_the_staff_home(app, client):
    login(client, make_tenant())
    assert client.get("/staff/").status_code == 403


def test_demo_mode_links_the_demo_mailbox(app_config):
    app, client = _client(app_config, DEMO_MODE=True)
    with app.app_context():
        login(client, make_staff(role="admin"))
        assert "/demo/mail" in client.get("/staff/").text


def test_staff_home_queries_do_not_grow_with_the_outbox(app, client, count_queries):
    login(client, make_staff(role="admin"))
    client.get("/staff/")
    with count_queries() as empty:
        client.get("/staff/")
    _fill_outbox(25)
    with count_queries() as full:
        page = client.get("/staff/").text
    assert "<dt>Waiting to be sent</dt><dd>50</dd>" in page
    assert full.count == empty.count

"""Readiness: can this process serve? The database, Redis (when used) and storage answer.

``/health`` asks none of this (the process is up: a load balancer that restarts processes must
not restart every one of them when PostgreSQL blinks); ``/ready`` runs every check here. The
answer names each check and says "ok" or "failed" only: never a URL, host or error text,
which the log gets instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import contextmanager

from flask import current_app

from ..db import database, is_sqlite

log = logging.getLogger(__name__)

#: Seconds a check waits for Redis to answer.
REDIS_TIMEOUT = 2


@contextmanager
def connected():
    """The app's database, connected for the block. A connection opened here is closed again,
    except SQLite's, which a worker keeps open (as ``extensions.AppDB`` does)."""
    db = database()
    opened = db.connect(reuse_if_open=True)
    try:
        yield db
    finally:
        if opened and not is_sqlite():
            db.close()


def check_database() -> None:
    """Run the cheapest query there is; a database that does not answer raises."""
    with connected() as db:
        db.execute_sql("SELECT 1")


def redis_urls() -> list[str]:
    """The Redis servers the app uses: the job queue's and the counters' (usually one)."""
    config = current_app.config
    urls = [config.get("HUEY_URL") or "", config.get("RATELIMIT_STORAGE_URI") or ""]
    return sorted({url for url in urls if url.startswith(("redis://", "rediss://"))})


def check_redis() -> None:
    """PING every Redis the app uses; one that does not answer raises."""
    import redis

    for url in redis_urls():
        client = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        )
        try:
            client.ping()
        finally:
            client.close()


def check_storage() -> None:
    """The upload storage takes a file: the folder exists (or can be made, as the first upload
    would) and takes a probe file, or the S3 bucket answers."""
    from ..storage import storage

    storage().check()


def checks() -> dict[str, Callable[[], None]]:
    """The checks ``/ready`` runs, by name; Redis only when the app uses it."""
    found = {"database": check_database}
    if redis_urls():
        found["redis"] = check_redis
    found["storage"] = check_storage
    return found


def readiness() -> tuple[bool, dict[str, str]]:
    """Run every check: (all passed, {name: "ok" | "failed"}). Failures are logged with their
    reason; the answer carries none."""
    results = {}
    for name, check in checks().items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            log.warning("readiness check %s failed: %s: %s", name, type(exc).__name__, exc)
            results[name] = "failed"
        else:
            results[name] = "ok"
    return all(value == "ok" for value in results.values()), results

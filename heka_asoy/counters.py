"""The store of counters shared by every worker and host: rate limits and login throttling.

Flask-Limiter (through the ``limits`` library) and the login throttle count in the storage named
by ``RATELIMIT_STORAGE_URI``. Counting in process memory (Flask-Limiter's default) gives each
gunicorn worker its own count, so two workers let through twice the limit. ``limits`` offers
Redis but no SQL storage, so this module adds one: ``heka+db://`` keeps the counters in the
``rate_counter`` table of the app's database, the embedded default (SQLite file or PostgreSQL).
``REDIS_URL`` switches every counter to Redis (see ``config.py``).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app
from limits.storage import Storage
from peewee import Case, PeeweeException

from .models import RateCounter

#: Redis storage URIs, which take a key prefix.
_REDIS_SCHEMES = ("redis://", "rediss://", "redis+unix://")


def _row_key(key: str) -> str:
    """Keys longer than the column (long limit keys) are stored by their digest."""
    if len(key) <= RateCounter.key.max_length:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


class DatabaseStorage(Storage):
    """A ``limits`` storage on the app's database (fixed-window counters).

    ``incr`` is one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement, atomic on SQLite
    (one writer at a time, busy timeout) and on PostgreSQL (the conflicting insert waits for the
    row), so concurrent workers never lose a hit. An expired row counts as absent: the statement
    restarts its window.
    """

    STORAGE_SCHEME = ["heka+db"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **_options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions)

    @property
    def base_exceptions(self):
        return PeeweeException

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        ended = RateCounter.expires_at <= now
        query = (
            RateCounter.insert(key=_row_key(key), hits=amount, expires_at=now + expiry)
            .on_conflict(
                conflict_target=[RateCounter.key],
                update={
                    RateCounter.hits: Case(None, [(ended, amount)], RateCounter.hits + amount),
                    RateCounter.expires_at: Case(
                        None, [(ended, now + expiry)], RateCounter.expires_at
                    ),
                },
            )
            .returning(RateCounter.hits)
            .tuples()
        )
        return next(iter(query.execute()))[0]

    def _live(self, key: str) -> RateCounter | None:
        return RateCounter.get_or_none(
            (RateCounter.key == _row_key(key)) & (RateCounter.expires_at > time.time())
        )

    def get(self, key: str) -> int:
        row = self._live(key)
        return row.hits if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._live(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        RateCounter.select().limit(1).count()
        return True

    def reset(self) -> int | None:
        return RateCounter.delete().execute()

    def clear(self, key: str) -> None:
        RateCounter.delete().where(RateCounter.key == _row_key(key)).execute()


def sweep() -> int:
    """Delete expired counters (the database keeps rows until told; Redis expires its own keys)."""
    return RateCounter.delete().where(RateCounter.expires_at <= time.time()).execute()


def init_app(app: Flask) -> None:
    """Before Flask-Limiter starts: Redis keys get the portal's prefix, so several portals (or
    parallel test runs) can share one Redis."""
    if app.config["RATELIMIT_STORAGE_URI"].startswith(_REDIS_SCHEMES):
        options = dict(app.config.get("RATELIMIT_STORAGE_OPTIONS") or {})
        options.setdefault("key_prefix", app.config["COUNTER_KEY_PREFIX"])
        app.config["RATELIMIT_STORAGE_OPTIONS"] = options


def store() -> Storage:
    """The storage Flask-Limiter counts in, for counters of our own (login throttling)."""
    from .extensions import limiter

    return limiter.storage


@contextmanager
def lease(name: str, seconds: int) -> Iterator[bool]:
    """Hold ``name`` for one run across every worker and host: yields True to the one holder,
    False to anyone else meanwhile. A holder that dies lets go after ``seconds`` (the counter
    expires), so a killed consumer never blocks the job for good. (huey's own ``lock_task``
    has no expiry on its SQLite storage, the embedded default.) Without a counter store (rate
    limits switched off, as in most tests) everyone holds it."""
    if not current_app.config.get("RATELIMIT_ENABLED"):
        yield True
        return
    storage = store()
    key = f"lease:{name}"
    if storage.incr(key, seconds) != 1:
        yield False
        return
    try:
        yield True
    finally:
        storage.clear(key)

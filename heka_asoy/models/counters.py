"""Counters with an expiry, shared by every worker and host (rate limits, login throttling).

Process memory would give each gunicorn worker its own count and multiply every limit by the
number of workers; so in the embedded default the counters live in the database (Redis takes
their place when ``REDIS_URL`` is set; see ``heka_asoy.counters``).
"""

from __future__ import annotations

from peewee import CharField, DoubleField, IntegerField

from .base import BaseModel


class RateCounter(BaseModel):
    """One counter: ``hits`` within a window that ends at ``expires_at`` (Unix seconds, the same
    clock as Redis' TTLs); an expired row counts as absent and is swept by a periodic job."""

    key = CharField(max_length=255, primary_key=True)
    hits = IntegerField(default=0)
    expires_at = DoubleField(index=True)

"""Prometheus metrics at ``/metrics`` (prometheus-flask-exporter), for operators only.

* **Requests**: ``flask_http_request_duration_seconds`` (a histogram per method, endpoint and
  status; its ``_count`` is the number of requests per endpoint) and
  ``flask_http_request_total`` (per method and status). Labelled by the endpoint's name
  (``faults.detail``), never the path, so ids and tokens in URLs cannot grow the label set.
* **Read at scrape time from the database and the queue** (``services.operations``):
  ``heka_outbox_pending``, ``heka_outbox_dead``, ``heka_outbox_oldest_pending_age_seconds``,
  ``heka_job_queue_length``, ``heka_database_up``.
* **Login throttling**: ``heka_login_throttle_events_total{event}``, counted where the throttle
  refuses (``address_refused``, ``pair_refused``) or opens a wait (``pair_delayed``).

Access: only with ``METRICS_ENABLED``, and then only from an address of ``METRICS_ALLOW`` or with
``Authorization: Bearer <METRICS_TOKEN>``; anyone else gets 404, as if there were nothing.

Several gunicorn workers: with ``PROMETHEUS_MULTIPROC_DIR`` set (an empty folder, before the
processes start) every worker writes its samples there and a scrape of any worker adds them up
(prometheus_client's multiprocess mode); see the README for the ``child_exit`` hook.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
from functools import wraps

from flask import Flask, abort, current_app, request
from prometheus_client import CollectorRegistry, Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_flask_exporter import PrometheusMetrics

log = logging.getLogger(__name__)

EXTENSION = "heka_metrics"
THROTTLE_EVENTS = ("address_refused", "pair_refused", "pair_delayed")


def multiprocess() -> bool:
    """prometheus_client's multiprocess mode (the folder is read when the process starts)."""
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def _allowed_networks(spec: str) -> list:
    networks = []
    for part in (spec or "").split(","):
        if part.strip():
            networks.append(ipaddress.ip_network(part.strip(), strict=False))
    return networks


def _may_scrape(networks: list, token: str) -> bool:
    """From an allowed address, or with the bearer token (compared in constant time)."""
    auth = request.headers.get("Authorization", "")
    if token and auth.startswith("Bearer "):
        return hmac.compare_digest(auth.removeprefix("Bearer ").strip().encode(), token.encode())
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in networks)


def _guard(networks: list, token: str):
    """The exporter's ``metrics_decorator``: 404 to anyone not allowed to scrape."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not _may_scrape(networks, token):
                abort(404)
            return view(*args, **kwargs)

        return guarded

    return decorate


class OperationsCollector:
    """Gauges computed when Prometheus scrapes: the outbox and the job queue. A database that
    does not answer gives ``heka_database_up 0`` and no outbox gauges (not a failed scrape)."""

    def __init__(self, app: Flask):
        self.app = app

    def describe(self):
        return []  # computed at scrape time only; nothing to check at registration

    def collect(self):
        from .services import health, operations

        up = GaugeMetricFamily("heka_database_up", "1 when the database answered the scrape")
        with self.app.app_context():
            try:
                with health.connected():
                    outbox = operations.outbox_state()
            except Exception as exc:  # noqa: BLE001 - report it as a gauge, not a 500
                log.warning("metrics: database did not answer: %s", type(exc).__name__)
                outbox = None
            jobs = operations.queue_length()
        up.add_metric([], 0 if outbox is None else 1)
        yield up
        if outbox is not None:
            yield GaugeMetricFamily(
                "heka_outbox_pending",
                "Mails waiting to be sent (incl. retries)",
                value=outbox.pending,
            )
            yield GaugeMetricFamily(
                "heka_outbox_dead", "Mails given up after every retry", value=outbox.dead
            )
            yield GaugeMetricFamily(
                "heka_outbox_oldest_pending_age_seconds",
                "Age of the oldest mail waiting to be sent (0 when none waits)",
                value=outbox.oldest_pending_age,
            )
        if jobs is not None:
            yield GaugeMetricFamily(
                "heka_job_queue_length", "Jobs waiting in the huey queue", value=jobs
            )


class Exporter(PrometheusMetrics):
    """The exporter with the operations gauges added to what a scrape returns, in single-
    and multi-process mode alike."""

    def __init__(self, app: Flask, **kwargs):
        self.operations = OperationsCollector(app)
        super().__init__(app, **kwargs)

    def generate_metrics(self, accept_header=None, names=None):
        from prometheus_client import multiprocess as pc_multiprocess
        from prometheus_client.exposition import choose_encoder

        if multiprocess():
            registry = CollectorRegistry()
            pc_multiprocess.MultiProcessCollector(registry)
        else:
            registry = CollectorRegistry()
            registry.register(_Delegate(self.registry))
        registry.register(self.operations)
        if names:
            registry = registry.restricted_registry(names)
        encode, content_type = choose_encoder(accept_header)
        return encode(registry).decode("utf-8"), content_type


class _Delegate:
    """Collects another registry's metrics (the app's request metrics) into the scrape's."""

    def __init__(self, registry: CollectorRegistry):
        self.registry = registry

    def collect(self):
        return self.registry.collect()


def init_app(app: Flask) -> None:
    """The exporter on its own registry per app (tests build many apps in one process), the
    request metrics by endpoint, ``/metrics`` behind the access rule, and the throttle counter."""
    if not app.config.get("METRICS_ENABLED"):
        return
    registry = CollectorRegistry(auto_describe=True)
    exporter = Exporter(
        app,
        path="/metrics",
        group_by="endpoint",
        registry=registry,
        metrics_decorator=_guard(
            _allowed_networks(app.config["METRICS_ALLOW"]), app.config["METRICS_TOKEN"]
        ),
    )
    throttle = Counter(
        "heka_login_throttle_events",
        "Login attempts the throttle refused or slowed down",
        ["event"],
        registry=registry,
    )
    for event in THROTTLE_EVENTS:
        throttle.labels(event=event)  # shown at 0 before the first event
    app.extensions[EXTENSION] = {"exporter": exporter, "throttle": throttle}


def count_throttle_event(event: str) -> None:
    """One login throttling event (``THROTTLE_EVENTS``); nothing when metrics are off."""
    metrics = current_app.extensions.get(EXTENSION)
    if metrics is not None:
        metrics["throttle"].labels(event=event).inc()

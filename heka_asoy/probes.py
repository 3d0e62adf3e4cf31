"""The endpoints machines poll: the load balancer's ``/health`` and ``/ready``, Prometheus'
``/metrics``. They open no database connection at the request's start (``/ready`` and
``/metrics`` connect themselves and say so when the database does not answer), write no
request log line (``logs``) and never set the session cookie, even for a browser that carries
one: a poll is not a visit.
"""

from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

PROBE_ENDPOINTS = frozenset({"main.health", "main.ready", "prometheus_metrics"})


class ProbeAwareSessions(SecureCookieSessionInterface):
    """Flask's cookie sessions, except that a probe never refreshes or sets the cookie."""

    def should_set_cookie(self, app: Flask, session) -> bool:
        if request.endpoint in PROBE_ENDPOINTS:
            return False
        return super().should_set_cookie(app, session)


def init_app(app: Flask) -> None:
    """Before the database extension is bound: it reads its excluded routes then."""
    app.config.setdefault("FLASKDB_EXCLUDED_ROUTES", tuple(sorted(PROBE_ENDPOINTS)))
    app.session_interface = ProbeAwareSessions()

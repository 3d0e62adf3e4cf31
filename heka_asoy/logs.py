"""Logs: a request id on every line of a request (and of the jobs it starts), JSON or text.

Each request gets an id: the incoming ``X-Request-ID`` when it looks like one (a proxy or load
balancer in front may set it, so one id follows the request through every log), else a new
uuid4. It is kept in ``g.request_id``, sent back in the response's ``X-Request-ID`` and held in a
context variable that a log record factory copies onto every record as ``request_id``, so every
line logged while the request runs carries it, whichever logger wrote it. Jobs the request asks
for carry the id to the worker (``services.jobs.carried``, taken up by the huey hooks in
``tasks.py``), so the worker's lines of that job show the same id.

``LOG_FORMAT=json`` (the production default) writes one JSON object a line
(python-json-logger); ``text`` (development) a readable line. One INFO line per request
("request") tells the method, endpoint (never the path: links carry tokens), status and time.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
import uuid
from contextvars import ContextVar, Token

from flask import Flask, g, request

from .probes import PROBE_ENDPOINTS

#: The request id of the request or job running in this context (None outside both).
_request_id: ContextVar[str | None] = ContextVar("heka_request_id", default=None)

#: An incoming id is taken when it is this simple: letters, digits and ``.:_-``, at most 64.
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")

HEADER = "X-Request-ID"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"

log = logging.getLogger("heka_asoy.request")


def current_request_id() -> str | None:
    """The id of the request (or job) running now, if any."""
    return _request_id.get()


def bind(request_id: str | None) -> Token:
    """Make ``request_id`` the id of what runs now; hand the token to ``unbind``."""
    return _request_id.set(request_id)


def unbind(token: Token) -> None:
    _request_id.reset(token)


def request_id_from(header: str | None) -> str:
    """The incoming id when it looks sane, else a new one."""
    if header and _SANE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def _install_record_factory() -> None:
    """Give every log record a ``request_id`` attribute (once per process)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "heka_request_id", False):
        return

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = _request_id.get()
        return record

    factory.heka_request_id = True
    logging.setLogRecordFactory(factory)


class TextFormatter(logging.Formatter):
    """The readable line of development: ``[-]`` where there is no request."""

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        return super().format(record)


def json_formatter() -> logging.Formatter:
    """One JSON object a line: time, level, logger, message, request id and any ``extra``."""
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(
        JSON_FIELDS,
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        json_ensure_ascii=False,
    )


def formatter(kind: str) -> logging.Formatter:
    return json_formatter() if kind == "json" else TextFormatter(TEXT_FORMAT)


#: One configuration at a time (see ``configure``).
_CONFIGURING = threading.Lock()


def configure(log_format: str, level: str = "INFO", stream=None) -> logging.Handler:
    """Write the process's logs to ``stream`` (stderr) in ``log_format``; idempotent (a second
    call replaces the handler of the first). In JSON mode the huey consumer's own handlers get
    the JSON formatter too and its logger stops passing lines on, so each is written once."""
    _install_record_factory()
    root = logging.getLogger()
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.heka = True
    handler.setFormatter(formatter(log_format))
    with _CONFIGURING:  # the consumer's start-up hook runs once per worker thread, at once
        for old in [h for h in root.handlers if getattr(h, "heka", False)]:
            root.removeHandler(old)
        root.addHandler(handler)
        root.setLevel(level.upper())
    huey_logger = logging.getLogger("huey")
    if log_format == "json" and huey_logger.handlers:
        for own in huey_logger.handlers:
            own.setFormatter(json_formatter())
        huey_logger.propagate = False
    return handler


def init_app(app: Flask) -> None:
    """Request ids for every request; the process's log handler, set at the first request
    (a web process; the worker sets its own at start, see ``worker.py``; CLI commands and tests
    keep Python's defaults)."""
    _install_record_factory()
    serving = {"configured": app.testing}  # tests: pytest captures the records itself

    @app.before_request
    def start_request_id():
        if not serving["configured"]:  # at the first request, so CLI commands keep quiet
            serving["configured"] = True
            configure(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
        g.request_id = request_id_from(request.headers.get(HEADER))
        g.request_id_token = bind(g.request_id)
        g.request_started = time.perf_counter()

    @app.after_request
    def tell_request_id(response):
        request_id = g.get("request_id")
        if request_id:
            response.headers[HEADER] = request_id
            if request.endpoint not in PROBE_ENDPOINTS:
                log.info(
                    "request",
                    extra={
                        "method": request.method,
                        "endpoint": request.endpoint,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 1),
                    },
                )
        return response

    @app.teardown_request
    def end_request_id(_exc):
        token = g.pop("request_id_token", None)
        if token is not None:
            unbind(token)

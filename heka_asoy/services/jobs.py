"""Background work a service asks for, handed to the job queue when its request ends.

Services must not import ``heka_asoy.tasks`` (the jobs import the services, so that would be a
cycle). A service names the job instead; ``tasks.init_app`` queues the named jobs after the
request, when the service's transaction has committed, so a worker never looks for a row that
is not there yet. Every such job has a periodic sweep as its backstop, so work asked for outside
a request (or lost with a failed queue) is still done.

A job queued in a request carries the request's id (``carried``), so the worker's log lines of
that job show the id of the request that asked for it (``heka_asoy.logs``). The queue's state
for the staff home and the metrics (length, last run of each periodic job) is read here too,
through the queue ``tasks.init_app`` registers on the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, g, has_request_context

from .. import logs

#: The keyword argument a queued job carries its request id in; ``tasks`` takes it off before
#: the job's function runs (and puts it back for a retry).
REQUEST_ID_KWARG = "heka_request_id"
#: The key of a periodic job's last run in the queue's key-value store.
LAST_RUN_KEY = "heka_asoy:last-run:{}"
#: Where ``tasks.init_app`` registers the queue on the app.
EXTENSION = "heka_jobs"


def after_request(job: str, *args) -> None:
    """Queue the job named ``job`` (a task in ``heka_asoy.tasks``) with ``args`` once the
    current request has ended; asked twice in one request, it is queued once. Outside a request
    (CLI, worker) nothing is queued: the job's periodic sweep does the work."""
    if not has_request_context():
        return
    queued = g.setdefault("queued_jobs", [])
    if (job, args) not in queued:
        queued.append((job, args))


def carried() -> dict:
    """The keyword arguments every queued job gets: the id of the request queuing it."""
    request_id = logs.current_request_id()
    return {REQUEST_ID_KWARG: request_id} if request_id else {}


@dataclass(frozen=True)
class LastRun:
    """A periodic job's last run, recorded by the worker when the run ended."""

    name: str
    at: datetime | None
    ok: bool | None


def _queue():
    return current_app.extensions.get(EXTENSION)


def queue_length() -> int | None:
    """Jobs waiting in the queue; None when the queue does not answer."""
    huey = _queue()
    if huey is None:
        return None
    try:
        return huey.pending_count()
    except Exception:  # noqa: BLE001 - a queue that does not answer is shown as unknown
        return None


def last_runs() -> list[LastRun]:
    """Every periodic job with its last recorded run (None before the first). One read per
    job from the queue's store, never from the app's database."""
    huey = _queue()
    if huey is None:
        return []
    runs = []
    for task in huey._registry.periodic_tasks:  # huey keeps no public list of them
        try:
            seen = huey.get(LAST_RUN_KEY.format(task.name), peek=True) or {}
        except Exception:  # noqa: BLE001
            seen = {}
        runs.append(LastRun(task.name, seen.get("at"), seen.get("ok")))
    return runs

"""Background work a service asks for, handed to the job queue when its request ends.

Services must not import ``heka_asoy.tasks`` (the jobs import the services, so that would be a
cycle). A service names the job instead; ``tasks.init_app`` queues the named jobs after the
request, when the service's transaction has committed, so a worker never looks for a row that
is not there yet. Every such job has a periodic sweep as its backstop, so work asked for outside
a request (or lost with a failed queue) is still done.
"""

from __future__ import annotations

from flask import g, has_request_context


def after_request(job: str, *args) -> None:
    """Queue the job named ``job`` (a task in ``heka_asoy.tasks``) with ``args`` once the
    current request has ended; asked twice in one request, it is queued once. Outside a request
    (CLI, worker) nothing is queued: the job's periodic sweep does the work."""
    if not has_request_context():
        return
    queued = g.setdefault("queued_jobs", [])
    if (job, args) not in queued:
        queued.append((job, args))

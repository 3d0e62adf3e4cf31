"""Desk workers racing: several processes, each a desk worker with an app of its own on the
test's database (the SQLite file, or PostgreSQL in its pass), act on the same items at once.

For each item every worker waits on one barrier, then calls ``act(staff, item, *extra)`` inside
a request. A worker's answers, in item order, are "ok", the code of the error it was refused
with (``.code``), or the repr of anything else. ``act`` is a module-level function (the
workers start from a fork server, ``tests.processes``: it travels by name).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tests import processes
from tests.services.test_concurrency import _run_app

BARRIER_TIMEOUT = 60


def _worker(url, folder, staff_id, items, act, extra, barrier, results):
    from threading import BrokenBarrierError

    try:
        app = _run_app(url, folder)
    except Exception as exc:  # noqa: BLE001 - report anything to the parent
        barrier.abort()
        results.put([f"no app: {exc!r}"] * len(items))
        return
    answers = []
    with app.app_context():
        from heka_asoy.models import User

        staff = User.get_by_id(staff_id)
        for item in items:
            try:
                barrier.wait(BARRIER_TIMEOUT)
            except BrokenBarrierError:
                answers.append("barrier broken")
                continue
            try:
                with app.test_request_context():
                    act(staff, item, *extra)
                answers.append("ok")
            except Exception as exc:  # noqa: BLE001 - the refusal's code, or what went wrong
                answers.append(getattr(exc, "code", None) or repr(exc))
        app.config["DATABASE"].close()
    results.put(answers)


def race(
    app,
    database_url: str,
    folder: str,
    items: Sequence[int],
    act: Callable,
    workers: Sequence[tuple[int, tuple]],
) -> list[list[str]]:
    """Run one process per ``(staff_id, extra)`` of ``workers`` over ``items`` at once; each
    worker's answers, in the order of ``workers``."""
    app.config["DATABASE"].close()
    ctx = processes.context()
    barrier = ctx.Barrier(len(workers))
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=_worker,
            args=(database_url, folder, staff_id, list(items), act, extra, barrier, results),
        )
        for staff_id, extra in workers
    ]
    for proc in procs:
        proc.start()
    answers = [results.get(timeout=180) for _ in procs]
    for proc in procs:
        proc.join(30)
    return answers

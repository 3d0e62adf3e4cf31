"""Two invoicing runs at once make one invoice per lease and month.

Two processes (like the huey worker and an operator's ``flask issue-invoices``) share the test's
database: the SQLite file of the ``database_url`` fixture, or the PostgreSQL database in the
PostgreSQL pass. Before each month both wait on one barrier, then invoice the same month, so
they read "not yet invoiced" for the same leases and both try to write; the partial unique index
lets one through per lease and the loser counts it as existing.
"""

from __future__ import annotations

from datetime import date

import pytest

from heka_asoy.domain.invoicing import month_start
from heka_asoy.models import Invoice
from heka_asoy.services import billing
from tests import processes
from tests.factories import make_flat, make_lease, make_resident
from tests.services.test_concurrency import _run_app

pytestmark = pytest.mark.slow

PROCESSES = 2
LEASES = 25
MONTHS = 3


def _worker(url, folder, periods, barrier, start, results):
    try:
        app = _run_app(url, folder)
    except Exception as exc:  # noqa: BLE001 - report anything else to the parent
        barrier.abort()
        results.put([f"no app: {exc!r}"])
        return
    answers = []
    with app.app_context():
        start.wait(30)
        for period in periods:
            try:
                barrier.wait(60)
                result = billing.issue_month(period)
                answers.append((result.issued, result.existing))
            except Exception as exc:  # noqa: BLE001 - report anything else to the parent
                answers.append(repr(exc))
        app.config["DATABASE"].close()
    results.put(answers)


def test_two_runs_at_once_make_one_invoice_per_lease_and_month(app, database_url, tmp_path):
    """When two processes invoice the same months at once, does every lease get exactly one
    invoice a month, and do the two runs' counts add up to the leases?"""
    for _ in range(LEASES):
        make_lease(make_flat(), [make_resident()], starts_on=date(2025, 1, 1))
    first = month_start(billing.today(), 1)
    periods = [month_start(first, n) for n in range(MONTHS)]
    app.config["DATABASE"].close()

    ctx = processes.context()
    barrier = ctx.Barrier(PROCESSES)
    start = ctx.Event()
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_worker,
                    args=(database_url, str(tmp_path), periods, barrier, start, results))
        for _ in range(PROCESSES)
    ]
    for proc in procs:
        proc.start()
    start.set()
    answers = [results.get(timeout=180) for _ in procs]
    for proc in procs:
        proc.join(30)

    for n in range(MONTHS):
        per_run = [a[n] for a in answers]
        assert all(isinstance(a, tuple) for a in per_run), answers
        assert sum(issued for issued, _ in per_run) == LEASES, answers
        assert all(issued + existing == LEASES for issued, existing in per_run), answers
    for period in periods:
        rows = list(Invoice.select(Invoice.lease).where(Invoice.period == period).tuples())
        assert len(rows) == LEASES == len(set(rows))

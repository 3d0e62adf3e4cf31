"""No lost decision: two desk workers (processes) decide the same service request at once, one
approving and one refusing; exactly one decision stands, the other worker is told, and the
requester gets one decision mail. Runs on SQLite and, in its pass, PostgreSQL."""

from __future__ import annotations

import multiprocessing
from datetime import date, timedelta

import pytest

from heka_asoy.models import OutboxMail, ServiceRequest
from heka_asoy.models.desk import ServiceRequestEvent
from heka_asoy.services import service_requests as sr
from tests.factories import make_staff, make_tenant
from tests.services.test_concurrency import _run_app

pytestmark = pytest.mark.slow

ROUNDS = 6
BARRIER_TIMEOUT = 60


def _worker(url, folder, staff_id, request_ids, decision, barrier, results):
    from threading import BrokenBarrierError

    try:
        app = _run_app(url, folder)
    except Exception as exc:  # noqa: BLE001 - report anything else to the parent
        barrier.abort()
        results.put([f"no app: {exc!r}"] * len(request_ids))
        return
    answers = []
    with app.app_context():
        from heka_asoy.models import User

        staff = User.get_by_id(staff_id)
        for request_id in request_ids:
            try:
                barrier.wait(BARRIER_TIMEOUT)
            except BrokenBarrierError:
                answers.append("barrier broken")
                continue
            try:
                with app.test_request_context():
                    sr.decide(staff, request_id, decision, "Perustelu")
                answers.append("ok")
            except sr.RequestError as exc:
                answers.append(exc.code)
            except Exception as exc:  # noqa: BLE001
                answers.append(repr(exc))
        app.config["DATABASE"].close()
    results.put(answers)


def test_two_workers_decide_once(app, database_url, tmp_path):
    ids = []
    start = date.today() + timedelta(days=20)
    fields = {
        "what": "Parketti",
        "where": "olohuone",
        "starts_on": start,
        "ends_on": start,
        "worker": "self",
    }
    with app.test_request_context():
        for _ in range(ROUNDS):
            tenant = make_tenant()
            ids.append(sr.file_request(tenant, tenant.flat.id, "renovation", fields).id)
    staff = make_staff()
    app.config["DATABASE"].close()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=_worker,
            args=(database_url, str(tmp_path), staff.id, ids, decision, barrier, results),
        )
        for decision in ("approved", "refused")
    ]
    for proc in procs:
        proc.start()
    answers = [results.get(timeout=180) for _ in procs]
    for proc in procs:
        proc.join(30)
    for pair in zip(*answers, strict=True):
        loser, winner = sorted(pair)
        assert winner == "ok", answers
        assert loser in ("already_decided", "conflict"), answers
    for request_id in ids:
        assert ServiceRequest.get_by_id(request_id).status == "decided"
        decided = ServiceRequestEvent.select().where(
            (ServiceRequestEvent.request == request_id) & (ServiceRequestEvent.status == "decided")
        )
        assert decided.count() == 1
    mails = OutboxMail.select().where(OutboxMail.subject.contains("decided"))
    assert mails.count() == ROUNDS

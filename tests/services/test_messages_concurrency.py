"""Two desk workers (processes) answer the same thread at once: both answers are kept, the
first answer time is set once, and the answers form one chain (each In-Reply-To names the
message before it), so the resident's mail client threads them in order.

Two processes share the test's database (the SQLite file, or PostgreSQL in its pass).
"""

from __future__ import annotations

import multiprocessing

import pytest

from heka_asoy.models import Message, MessageThread, OutboxMail
from heka_asoy.services import messages
from tests.factories import make_staff, make_tenant
from tests.services.test_concurrency import _run_app

pytestmark = pytest.mark.slow

WORKERS = 2
ROUNDS = 4
BARRIER_TIMEOUT = 60


def _worker(url, folder, staff_id, thread_ids, barrier, results):
    from threading import BrokenBarrierError

    try:
        app = _run_app(url, folder)
    except Exception as exc:  # noqa: BLE001 - report anything else to the parent
        barrier.abort()
        results.put([f"no app: {exc!r}"] * len(thread_ids))
        return
    answers = []
    with app.app_context():
        from heka_asoy.models import User

        staff = User.get_by_id(staff_id)
        for thread_id in thread_ids:
            try:
                barrier.wait(BARRIER_TIMEOUT)
            except BrokenBarrierError:
                answers.append("barrier broken")
                continue
            try:
                with app.test_request_context():
                    messages.answer(staff, thread_id, f"answer by {staff_id}")
                answers.append("ok")
            except Exception as exc:  # noqa: BLE001
                answers.append(repr(exc))
        app.config["DATABASE"].close()
    results.put(answers)


def test_two_answers_at_once_make_one_chain(app, database_url, tmp_path):
    tenant = make_tenant()
    staff = [make_staff(), make_staff()]
    thread_ids = []
    for n in range(ROUNDS):
        with app.test_request_context():
            thread = messages.start_thread(tenant, tenant.flat.id, "other", f"S{n}", "Q", [])
        thread_ids.append(thread.id)
    app.config["DATABASE"].close()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=_worker, args=(database_url, str(tmp_path), s.id, thread_ids, barrier, results)
        )
        for s in staff
    ]
    for proc in procs:
        proc.start()
    answers = [results.get(timeout=180) for _ in procs]
    for proc in procs:
        proc.join(30)
    assert answers == [["ok"] * ROUNDS] * WORKERS
    for thread_id in thread_ids:
        thread = MessageThread.get_by_id(thread_id)
        assert thread.status == "answered"
        assert thread.first_answered_at is not None
        chain = list(
            Message.select().where(Message.thread == thread_id).order_by(Message.id)
        )
        assert len(chain) == 3
        assert [m.in_reply_to for m in chain[1:]] == [m.message_id for m in chain[:-1]]
        assert thread.first_answered_at == chain[1].created_at
    assert OutboxMail.select().where(OutboxMail.kind == "message_answer").count() == 2 * ROUNDS

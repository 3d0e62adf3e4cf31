"""Two desk workers (processes) answer the same thread at once: both answers are kept, the
first answer time is set once, and the answers form one chain (each In-Reply-To names the
message before it), so the resident's mail client threads them in order.

Two processes share the test's database (the SQLite file, or PostgreSQL in its pass).
"""

from __future__ import annotations

import pytest

from heka_asoy.models import Message, MessageThread, OutboxMail
from heka_asoy.services import messages
from tests.desk_race import race
from tests.factories import make_staff, make_tenant

pytestmark = pytest.mark.slow

WORKERS = 2
ROUNDS = 4


def _answer(staff, thread_id):
    messages.answer(staff, thread_id, f"answer by {staff.id}")


def test_two_answers_at_once_make_one_chain(app, database_url, tmp_path):
    tenant = make_tenant()
    staff = [make_staff(), make_staff()]
    thread_ids = []
    for n in range(ROUNDS):
        with app.test_request_context():
            thread = messages.start_thread(tenant, tenant.flat.id, "other", f"S{n}", "Q", [])
        thread_ids.append(thread.id)
    answers = race(
        app, database_url, str(tmp_path), thread_ids, _answer, [(s.id, ()) for s in staff]
    )
    assert answers == [["ok"] * ROUNDS] * WORKERS
    for thread_id in thread_ids:
        thread = MessageThread.get_by_id(thread_id)
        assert thread.status == "answered"
        assert thread.first_answered_at is not None
        chain = list(Message.select().where(Message.thread == thread_id).order_by(Message.id))
        assert len(chain) == 3
        assert [m.in_reply_to for m in chain[1:]] == [m.message_id for m in chain[:-1]]
        assert thread.first_answered_at == chain[1].created_at
    assert OutboxMail.select().where(OutboxMail.kind == "message_answer").count() == 2 * ROUNDS

"""No lost decision: two desk workers (processes) decide the same service request at once, one
approving and one refusing; exactly one decision stands, the other worker is told, and the
requester gets one decision mail. Runs on SQLite and, in its pass, PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from heka_asoy.models import OutboxMail, ServiceRequest
from heka_asoy.models.desk import ServiceRequestEvent
from heka_asoy.services import service_requests as sr
from tests.desk_race import race
from tests.factories import make_staff, make_tenant

pytestmark = pytest.mark.slow

ROUNDS = 6


def _decide(staff, request_id, decision):
    sr.decide(staff, request_id, decision, "Perustelu")


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
    answers = race(
        app, database_url, str(tmp_path), ids, _decide,
        [(staff.id, ("approved",)), (staff.id, ("refused",))],
    )  # fmt: skip
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

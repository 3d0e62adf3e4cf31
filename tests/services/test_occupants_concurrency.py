"""No lost update: two desk workers (processes) confirm the same reported move at once, and the
register changes once.

Two processes share the test's database (the SQLite file, or PostgreSQL in its pass). For each
round both wait on one barrier and then confirm (or one confirms while the other rejects) the
same report: exactly one wins, the other is told "already_decided", and a move-in makes one
register entry, never two.
"""

from __future__ import annotations

from datetime import date

import pytest

from heka_asoy.models import Occupancy, OccupantChange, OutboxMail, Resident
from heka_asoy.services import household
from tests.desk_race import race
from tests.factories import make_staff, make_tenant

pytestmark = pytest.mark.slow

ROUNDS = 8


def _decide(staff, change_id, confirm):
    household.decide_change(staff, change_id, confirm, "" if confirm else "syy")


def _race(app, database_url, folder, change_ids, confirms) -> list[list[str]]:
    staff = make_staff()
    return race(
        app, database_url, folder, change_ids, _decide, [(staff.id, (c,)) for c in confirms]
    )


def test_two_workers_confirm_each_report_once(app, database_url, tmp_path):
    """When two desk workers confirm the same move-in at once, is it applied exactly once?"""
    tenants = [make_tenant() for _ in range(ROUNDS)]
    ids = []
    with app.test_request_context():
        for tenant in tenants:
            change = household.report_move_in(
                tenant, tenant.flat.id, "Uusi", "Asukas", date(1990, 1, 1), household.today()
            )
            ids.append(change.id)
    residents_before = Resident.select().count()
    answers = _race(app, database_url, str(tmp_path), ids, [True, True])
    per_round = list(zip(*answers, strict=True))
    for pair in per_round:
        assert sorted(pair) == ["already_decided", "ok"], answers
    assert Resident.select().count() == residents_before + ROUNDS
    assert OccupantChange.select().where(OccupantChange.status == "confirmed").count() == ROUNDS
    for tenant in tenants:
        assert Occupancy.select().where(Occupancy.flat == tenant.flat.id).count() == 2
    assert OutboxMail.select().where(OutboxMail.kind == "occupant_decided").count() == ROUNDS


def test_confirm_and_reject_at_once_decide_once(app, database_url, tmp_path):
    """When one worker confirms and the other rejects at once, does exactly one decision stand,
    with the register matching it?"""
    tenants = [make_tenant() for _ in range(ROUNDS)]
    with app.test_request_context():
        ids = [
            household.report_move_in(
                t, t.flat.id, "Uusi", "Asukas", date(1990, 1, 1), household.today()
            ).id
            for t in tenants
        ]
    residents_before = Resident.select().count()
    answers = _race(app, database_url, str(tmp_path), ids, [True, False])
    for pair in zip(*answers, strict=True):
        assert sorted(pair) == ["already_decided", "ok"], answers
    confirmed = OccupantChange.select().where(OccupantChange.status == "confirmed").count()
    rejected = OccupantChange.select().where(OccupantChange.status == "rejected").count()
    assert confirmed + rejected == ROUNDS
    assert Resident.select().count() == residents_before + confirmed

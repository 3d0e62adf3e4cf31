"""No lost update: two desk workers (processes) confirm the same reported move at once, and the
register changes once.

Two processes share the test's database (the SQLite file, or PostgreSQL in its pass). For each
round both wait on one barrier and then confirm (or one confirms while the other rejects) the
same report: exactly one wins, the other is told "already_decided", and a move-in makes one
register entry, never two.
"""

from __future__ import annotations

import multiprocessing
from datetime import date

import pytest

from heka_asoy.models import Occupancy, OccupantChange, OutboxMail, Resident
from heka_asoy.services import household
from tests.factories import make_staff, make_tenant
from tests.services.test_concurrency import _run_app

pytestmark = pytest.mark.slow

WORKERS = 2
ROUNDS = 8
BARRIER_TIMEOUT = 60


def _worker(url, folder, staff_id, change_ids, confirm, barrier, results):
    from threading import BrokenBarrierError

    try:
        app = _run_app(url, folder)
    except Exception as exc:  # noqa: BLE001 - report anything else to the parent
        barrier.abort()
        results.put([f"no app: {exc!r}"] * len(change_ids))
        return
    answers = []
    with app.app_context():
        from heka_asoy.models import User

        staff = User.get_by_id(staff_id)
        for change_id in change_ids:
            try:
                barrier.wait(BARRIER_TIMEOUT)
            except BrokenBarrierError:
                answers.append("barrier broken")
                continue
            try:
                with app.test_request_context():
                    household.decide_change(staff, change_id, confirm, "" if confirm else "syy")
                answers.append("ok")
            except household.HouseholdError as exc:
                answers.append(exc.code)
            except Exception as exc:  # noqa: BLE001
                answers.append(repr(exc))
        app.config["DATABASE"].close()
    results.put(answers)


def _race(app, database_url, folder, change_ids, confirms) -> list[list[str]]:
    staff = make_staff()
    app.config["DATABASE"].close()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=_worker,
            args=(database_url, folder, staff.id, change_ids, confirm, barrier, results),
        )
        for confirm in confirms
    ]
    for proc in procs:
        proc.start()
    answers = [results.get(timeout=180) for _ in procs]
    for proc in procs:
        proc.join(30)
    return answers


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

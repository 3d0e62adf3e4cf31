"""The last two confirmations of a notice arrive together: the notice takes effect once.

Two processes (like two gunicorn workers) share the test's database, the SQLite file or the
PostgreSQL database in the PostgreSQL pass. Each round is a lease with three parties whose first
party has given notice; the other two confirm at the same moment (a barrier lets them go
together). Without the lock on the notice row both could count the other's confirmation as
missing (and the notice would never take effect), or both could see it complete (and end the
lease and the bookings twice). Then a confirmation races a withdrawal: exactly one wins; and two
parties give notice of one lease at once: one notice is made, the other hears it is open.
"""

from __future__ import annotations

import pytest

from heka_asoy.models import AuditLog, Lease, OutboxMail, ParkingContract, Termination
from heka_asoy.services import lease as service
from tests import processes
from tests.booking_factories import make_contract, make_parking_space
from tests.factories import make_shared_lease
from tests.services.test_concurrency import _run_app

pytestmark = pytest.mark.slow

PROCESSES = 2
ROUNDS = 6
BARRIER_TIMEOUT = 60
IBAN = "FI21 1234 5600 0007 85"


def _worker(url, folder, rounds, slots, barrier, start, results):
    """For each round (action per slot, user id, flat id, notice id): wait, then act."""
    try:
        app = _run_app(url, folder)
    except Exception as exc:  # noqa: BLE001 - report anything else to the parent
        barrier.abort()
        results.put((-1, [f"no app: {exc!r}"] * len(rounds)))
        return
    answers = []
    with app.app_context():
        slot = slots.get(timeout=30)
        start.wait(30)
        for actors in rounds:
            answers.append(_one(app, *actors[slot], barrier))
        app.config["DATABASE"].close()
    results.put((slot, answers))


def _one(app, action, user_id, flat_id, termination_id, barrier) -> str:
    from threading import BrokenBarrierError

    from flask import g

    from heka_asoy.models import User

    try:
        barrier.wait(BARRIER_TIMEOUT)
    except BrokenBarrierError:
        return "barrier broken"
    try:
        with app.test_request_context():
            g.pop("_flat_access", None)
            user = User.get_by_id(user_id)
            if action == "give":
                notice = service.NoticeInput(None, "Uusikatu 1", IBAN)
                result = service.give_notice(user, flat_id, notice)
                return "in_effect" if result.in_effect else "given"
            if action == "confirm":
                result = service.confirm_notice(user, flat_id, termination_id)
                return "in_effect" if result.in_effect else "confirmed"
            service.withdraw_notice(user, flat_id, termination_id)
            return "withdrawn"
    except service.TerminationError as exc:
        return exc.code
    except Exception as exc:  # noqa: BLE001 - report anything else to the parent
        return repr(exc)


def _run(database_url, folder, rounds) -> list[list[str]]:
    ctx = processes.context()
    barrier = ctx.Barrier(PROCESSES)
    slots = ctx.Queue()
    for slot in range(PROCESSES):
        slots.put(slot)
    start = ctx.Event()
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=_worker,
            args=(database_url, str(folder), rounds, slots, barrier, start, results),
        )
        for _ in range(PROCESSES)
    ]
    for proc in procs:
        proc.start()
    start.set()
    per_process = [answers for _slot, answers in sorted(results.get(timeout=300) for _ in procs)]
    for proc in procs:
        proc.join(30)
    return [[answers[n] for answers in per_process] for n in range(len(rounds))]


def _open_notice(app, parties: int = 3):
    """A lease with ``parties`` parties (a parking contract on the flat) whose first party has
    given notice: (flat, lease, users, notice)."""
    flat, lease, users = make_shared_lease(parties)
    make_contract(make_parking_space(flat.housing_company), flat)
    with app.test_request_context():
        result = service.give_notice(
            users[0], flat.id, service.NoticeInput(None, "Uusikatu 1", IBAN)
        )
    return flat, lease, users, result.termination


def test_last_two_confirmations_put_the_notice_in_effect_once(app, database_url, tmp_path):
    """When the last two parties confirm at once, round after round, does each notice take
    effect exactly once (one "in_effect" answer, one audit entry, one set of mails, the
    parking contract ended once), and does a confirmation racing a withdrawal leave either a
    withdrawn notice or one in effect, never both?"""
    together = [_open_notice(app) for _ in range(ROUNDS)]
    races = [_open_notice(app, parties=2) for _ in range(ROUNDS)]
    rounds = [
        [("confirm", u.id, flat.id, t.id) for u in users[1:]]
        for flat, _lease, users, t in together
    ]
    rounds += [
        [("confirm", users[1].id, flat.id, t.id), ("withdraw", users[0].id, flat.id, t.id)]
        for flat, _lease, users, t in races
    ]
    both = [make_shared_lease() for _ in range(ROUNDS)]
    rounds += [[("give", u.id, flat.id, None) for u in users] for flat, _lease, users in both]
    app.config["DATABASE"].close()

    answers = _run(database_url, tmp_path, rounds)

    for (flat, lease, users, t), round_answers in zip(together, answers[:ROUNDS], strict=True):
        assert sorted(round_answers) == ["confirmed", "in_effect"], round_answers
        assert Termination.get_by_id(t.id).status == "in_effect"
        assert Lease.get_by_id(lease.id).ends_on is not None
        effects = AuditLog.select().where(
            (AuditLog.action == "termination_in_effect") & (AuditLog.target_id == t.id)
        )
        assert effects.count() == 1
        (contract,) = ParkingContract.select().where(ParkingContract.flat == flat.id)
        assert contract.ends_on == Lease.get_by_id(lease.id).ends_on
        ended = AuditLog.select().where(
            (AuditLog.action == "parking_terminated") & (AuditLog.target_id == contract.id)
        )
        assert ended.count() == 1
        for user in users:
            in_effect = OutboxMail.select().where(
                (OutboxMail.recipient == user.email)
                & (OutboxMail.kind == "termination_event")
                & OutboxMail.subject.contains("ends on")
            )
            assert in_effect.count() == 1, user.email

    for (_flat, lease, _users), round_answers in zip(both, answers[2 * ROUNDS :], strict=True):
        assert sorted(round_answers) == ["given", "open"], round_answers
        assert Termination.select().where(Termination.lease == lease.id).count() == 1

    races_answers = answers[ROUNDS : 2 * ROUNDS]
    for (_flat, lease, _users, t), round_answers in zip(races, races_answers, strict=True):
        status = Termination.get_by_id(t.id).status
        ends_on = Lease.get_by_id(lease.id).ends_on
        if status == "in_effect":
            assert round_answers == ["in_effect", "closed"], round_answers
            assert ends_on is not None
        else:
            assert status == "withdrawn"
            assert round_answers == ["closed", "withdrawn"], round_answers
            assert ends_on is None

"""No double booking, ever: eight processes book the same sauna hour or parking space at once.

Eight processes (like gunicorn workers) share the test's database: the SQLite file of the
``database_url`` fixture, or the PostgreSQL database in the PostgreSQL pass. They are started
once and run every round: before each round all eight wait on one (cyclic) barrier, so they hit
the same hour or space together. Each process acts for a different flat of the same housing
company; in every round exactly one wins and the other seven get the "just taken" answer:
8 x 32 sauna rounds plus 8 x 32 parking rounds, 512 attempts. Then the waiting list: eight
flats join one queue at once, and one flat joins one queue from eight processes at once. Last,
the parking cap: one flat one space short of its cap rents eight different spaces at once.

One start serves every round: starting eight processes costs more than all the rounds.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from heka_asoy.models import ParkingContract, SaunaHour, SaunaTurn, WaitingListEntry
from heka_asoy.services import bookings
from tests import processes
from tests.booking_factories import (
    bookable_hours,
    make_contract,
    make_parking_space,
    make_sauna,
    make_turn,
)
from tests.factories import make_company, make_flat, make_lease, make_resident, make_user
from tests.services.test_concurrency import PROCESSES, _race, _run_app

pytestmark = pytest.mark.slow

ROUNDS = 32  # per kind: 8 x 32 sauna attempts and 8 x 32 parking attempts
QUEUE_ROUNDS = 4  # eight flats join one queue; one flat joins one queue eight times
BARRIER_TIMEOUT = 60


def _flats(company, count: int) -> list[tuple[int, int]]:
    """``count`` flats of ``company``, each with a lease party who has an account:
    [(user_id, flat_id)]."""
    actors = []
    for _ in range(count):
        flat = make_flat(company)
        resident = make_resident()
        make_lease(flat, [resident])
        actors.append((make_user(resident).id, flat.id))
    return actors


def _sauna_hours(company, count: int) -> list[int]:
    """Ids of ``count`` bookable hours of a new sauna of ``company`` (its weekly grid, plus
    morning hours when more are needed), with no quota or earliest start in the way."""
    sauna = make_sauna(company, turns_per_flat=count, earliest_start_days=1)
    hours = [h.id for h in bookable_hours(sauna)]
    for n in range(count - len(hours)):
        hours.append(SaunaHour.create(sauna=sauna, weekday=n % 7, start_hour=6 + n // 7).id)
    return hours[:count]


def _spaces(company, count: int) -> list[int]:
    return [make_parking_space(company, kind="plug").id for _ in range(count)]


def _rounds_worker(url, folder, rounds, slots, barrier, start, results):
    """Run every round: wait for the other processes, then act. Puts one list of answers.

    ``rounds`` is [(action, target_id, actors)], ``actors`` the (user_id, flat_id) each process
    acts as (by its slot, taken from ``slots``); a list of targets gives each slot its own. A
    process that cannot start breaks the barrier,
    so the others stop waiting and the parent sees why at once."""
    try:
        app = _run_app(url, folder)
    except Exception as exc:  # noqa: BLE001 - report anything else to the parent
        barrier.abort()
        results.put([(f"no app: {exc!r}", None)] * len(rounds))
        return
    answers = []
    with app.app_context():
        slot = slots.get(timeout=30)
        start.wait(30)
        for action, target, actors in rounds:
            target_id = target[slot] if isinstance(target, list) else target
            answers.append(_one_round(app, action, target_id, *actors[slot], barrier))
        app.config["DATABASE"].close()
    results.put(answers)


def _one_round(app, action, target_id, user_id, flat_id, barrier) -> tuple[str, int]:
    from threading import BrokenBarrierError

    from flask import g

    from heka_asoy.models import User

    try:
        barrier.wait(BARRIER_TIMEOUT)
    except BrokenBarrierError:
        return ("barrier broken", flat_id)
    try:
        with app.test_request_context():
            g.pop("_flat_access", None)
            user = User.get_by_id(user_id)
            day = bookings.today() + timedelta(days=7)
            if action == "turn":
                bookings.book_turn(user, flat_id, target_id, day)
            elif action == "space":
                bookings.rent_space(user, flat_id, target_id, day)
            else:
                bookings.join_sauna_queue(user, flat_id, target_id)
        return ("ok", flat_id)
    except bookings.BookingError as exc:
        return (exc.code, flat_id)
    except Exception as exc:  # noqa: BLE001 - report anything else to the parent
        return (repr(exc), flat_id)


def _run_rounds(database_url, folder, rounds) -> list[list[tuple[str, int]]]:
    """Run ``rounds`` in PROCESSES processes at once; the answers per round."""
    ctx = processes.context()
    barrier = ctx.Barrier(PROCESSES)
    slots = ctx.Queue()
    for slot in range(PROCESSES):
        slots.put(slot)
    per_process = _race(_rounds_worker, (database_url, str(folder), rounds, slots, barrier))
    assert all(len(answers) == len(rounds) for answers in per_process), per_process
    return [[answers[n] for answers in per_process] for n in range(len(rounds))]


def _assert_one_winner(answers, holders: dict[int, list[int]], what: str, taken: str) -> None:
    """Per round: one "ok", seven ``taken`` ("taken" for an hour, "space_taken" for a space),
    and the database's one holder is the winner."""
    for n, (round_answers, (target, holder_flats)) in enumerate(
        zip(answers, holders.items(), strict=True)
    ):
        codes = sorted(code for code, _flat in round_answers)
        assert codes == ["ok"] + [taken] * (PROCESSES - 1), (what, n, round_answers)
        winner = next(flat for code, flat in round_answers if code == "ok")
        assert holder_flats == [winner], (what, target, holder_flats, round_answers)


def _queue(hour_id: int) -> list[WaitingListEntry]:
    key = bookings.hour_key(hour_id)
    return list(WaitingListEntry.select().where(WaitingListEntry.queue_key == key))


def test_no_double_booking_ever(app, database_url, tmp_path, monkeypatch):
    """When eight flats book the same sauna hour, or rent the same parking space, at once, round
    after round (512 attempts), does exactly one get each hour or space while the other seven
    hear that it was just taken? When eight flats join one hour's waiting list at once, is every
    position given once; and when one flat joins from eight workers at once, is it on the list
    once? When a flat one space short of its cap rents eight spaces at once, does it get exactly
    one?"""
    # A cap above what any flat wins in the parking rounds (the workers read the environment).
    cap = ROUNDS + 1
    monkeypatch.setenv("PARKING_MAX_PER_FLAT", str(cap))
    company = make_company()
    holder = _flats(company, 1)[0]
    actors = _flats(company, PROCESSES)
    hours = _sauna_hours(company, ROUNDS + 2 * QUEUE_ROUNDS)
    sauna_hours, queue_hours = hours[:ROUNDS], hours[ROUNDS:]
    for hour in SaunaHour.select().where(SaunaHour.id.in_(queue_hours)):  # taken: flats queue
        make_turn(hour, holder[1])
    many, same = queue_hours[:QUEUE_ROUNDS], queue_hours[QUEUE_ROUNDS:]
    spaces = _spaces(company, ROUNDS)
    rounds = [("turn", h, actors) for h in sauna_hours]
    rounds += [("space", s, actors) for s in spaces]
    rounds += [("queue", h, actors) for h in many]
    rounds += [("queue", h, [actors[n]] * PROCESSES) for n, h in enumerate(same)]
    hoarder = _flats(company, 1)[0]
    for _ in range(cap - 1):
        make_contract(make_parking_space(company), hoarder[1])
    wanted = _spaces(company, PROCESSES)
    rounds += [("space", wanted, [hoarder] * PROCESSES)]
    app.config["DATABASE"].close()

    answers = _run_rounds(database_url, tmp_path, rounds)
    turn_answers, space_answers = answers[:ROUNDS], answers[ROUNDS : 2 * ROUNDS]
    many_answers = answers[2 * ROUNDS :][:QUEUE_ROUNDS]
    same_answers, cap_answers = answers[-QUEUE_ROUNDS - 1 : -1], answers[-1]

    turns = {h: [t.flat_id for t in SaunaTurn.select().where(SaunaTurn.hour == h)] for h in hours}
    _assert_one_winner(turn_answers, {h: turns[h] for h in sauna_hours}, "sauna hour", "taken")
    contracts = {
        s: [c.flat_id for c in ParkingContract.select().where(ParkingContract.space == s)]
        for s in spaces
    }
    _assert_one_winner(space_answers, contracts, "parking space", "space_taken")
    assert SaunaTurn.select().count() == ROUNDS + len(queue_hours)
    assert ParkingContract.select().where(ParkingContract.space.in_(spaces)).count() == ROUNDS

    for hour_id, round_answers in zip(many, many_answers, strict=True):
        assert [code for code, _ in round_answers] == ["ok"] * PROCESSES, round_answers
        entries = _queue(hour_id)
        assert sorted(e.flat_id for e in entries) == sorted(f for _, f in actors)
        positions = sorted(bookings.position(e) for e in entries)
        assert positions == list(range(1, PROCESSES + 1)), ("positions", hour_id, positions)
    for n, (hour_id, round_answers) in enumerate(zip(same, same_answers, strict=True)):
        codes = sorted(code for code, _ in round_answers)
        assert codes == ["already_waiting"] * (PROCESSES - 1) + ["ok"], round_answers
        entries = _queue(hour_id)
        assert [(e.flat_id, bookings.position(e)) for e in entries] == [(actors[n][1], 1)]

    assert sorted(code for code, _ in cap_answers) == ["cap"] * (PROCESSES - 1) + ["ok"]
    held = ParkingContract.select().where(ParkingContract.flat == hoarder[1])
    assert held.count() == cap
    assert held.where(ParkingContract.space.in_(wanted)).count() == 1

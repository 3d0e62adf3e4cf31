"""A one-off power of attorney is spent once, also when eight workers use it at the same moment
(SQLite file or PostgreSQL, as the run's database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from heka_asoy.models import ParkingContract, PowerOfAttorney
from tests import processes
from tests.booking_factories import make_parking_space
from tests.factories import make_power, make_tenant, make_user
from tests.services.test_concurrency import PROCESSES, _run_app

pytestmark = pytest.mark.slow


def _rent_worker(url, folder, agent_id, flat_id, space_id, starts_on, start, results):
    from heka_asoy.models import User
    from heka_asoy.services import bookings
    from heka_asoy.services.errors import ServiceError

    app = _run_app(url, folder)
    app.config["PARKING_MAX_PER_FLAT"] = PROCESSES  # only the power may stop the others
    with app.app_context(), app.test_request_context():
        agent = User.get_by_id(agent_id)
        start.wait(30)
        try:
            bookings.rent_space(agent, flat_id, space_id, starts_on)
            results.put("ok")
        except ServiceError as exc:
            results.put(exc.code or type(exc).__name__)
        except Exception as exc:  # noqa: BLE001 - report anything else to the parent
            results.put(repr(exc))


def test_one_off_power_rents_once_when_eight_workers_use_it_at_once(app, database_url, tmp_path):
    """Eight workers rent eight different spaces with one one-off parking power at once: is
    exactly one contract made and the power spent?"""
    tenant, agent = make_tenant(), make_user(None)
    power = make_power(tenant, agent, kind="one_off", scopes="parking")
    spaces = [make_parking_space(tenant.flat.housing_company).id for _ in range(PROCESSES)]
    starts_on = date.today() + timedelta(days=7)
    app.config["DATABASE"].close()

    ctx = processes.context()
    start, results = ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(
            target=_rent_worker,
            args=(database_url, str(tmp_path), agent.id, tenant.flat.id, space, starts_on,
                  start, results),
        )
        for space in spaces
    ]
    for proc in procs:
        proc.start()
    start.set()
    answers = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(30)

    assert answers.count("ok") == 1, answers
    assert set(answers) <= {"ok", "power_spent", "flat"}, answers
    assert ParkingContract.select().count() == 1
    assert PowerOfAttorney.get_by_id(power.id).used_at is not None

"""Periodic jobs run once a minute however many consumers enqueue them (one per host)."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from heka_asoy import tasks
from heka_asoy.models import RateCounter


@pytest.fixture
def app_config(app_config):
    app_config["RATELIMIT_ENABLED"] = True  # the counter store the guard counts in
    return app_config


def test_a_periodic_task_runs_once_a_minute_across_consumers(app):
    """Two schedulers enqueue the same periodic task in the same minute: the first run goes
    on, the second is cancelled; in the next minute it runs again. Plain tasks are not
    touched."""
    with app.app_context(), time_machine.travel(datetime(2026, 12, 1, 8, 0, 5), tick=False):
        first = tasks.huey.execute(tasks.sweep_counters.s())
        second = tasks.huey.execute(tasks.sweep_counters.s())
        assert first == 0  # ran: nothing expired to sweep
        assert second is None  # cancelled
        assert RateCounter.select().where(RateCounter.key.startswith("periodic:")).count() == 1
    with app.app_context(), time_machine.travel(datetime(2026, 12, 1, 8, 1, 5), tick=False):
        assert tasks.huey.execute(tasks.sweep_counters.s()) == 0
        plain = [tasks.huey.execute(tasks.send_outbox.s()) for _ in range(2)]
    assert plain == [{"sent": 0, "failed": 0}] * 2


def test_the_desk_mailbox_intake_runs_one_at_a_time(app):
    """The intake holds a lease in the shared counter store: a second run meanwhile does
    nothing; the lease ends with the run, and a holder that died lets go when it expires."""
    from heka_asoy.counters import lease, store

    with app.app_context():
        with lease("read-desk-mailbox", 600) as mine:
            assert mine
            assert tasks.read_desk_mailbox.call_local() is None  # another run holds it
        assert tasks.read_desk_mailbox.call_local()["new"] == 0  # free again: it runs
        with time_machine.travel(datetime(2026, 12, 1, 8, 0), tick=False):
            store().incr("lease:crashed", 60)  # a holder killed mid-run never lets go
        with time_machine.travel(datetime(2026, 12, 1, 8, 0, 30), tick=False):
            with lease("crashed", 60) as meanwhile:
                assert not meanwhile
        with time_machine.travel(datetime(2026, 12, 1, 8, 1, 1), tick=False):
            with lease("crashed", 60) as later:
                assert later

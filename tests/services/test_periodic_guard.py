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

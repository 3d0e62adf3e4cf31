"""The desk queue's bench data: ``flask generate-stock --flats 0 --open-cases N``."""

from __future__ import annotations

from heka_asoy.domain import inbox as rules
from heka_asoy.models import FaultReport, MessageThread, ServiceRequest
from heka_asoy.services import inbox
from heka_asoy.services.inbox.queue import InboxFilters
from tests.factories import make_flat, make_staff, make_tenant


def test_open_cases_from_the_cli_are_all_in_the_queue(app):
    """Does the flag add N open cases of every kind, each one the queue shows as open or
    waiting?"""
    make_tenant()
    make_flat()
    make_staff()
    result = app.test_cli_runner().invoke(
        args=["generate-stock", "--flats", "0", "--open-cases", "300"]
    )
    assert result.exit_code == 0, result.output
    counts = [FaultReport.select().count(), MessageThread.select().count(),
              ServiceRequest.select().count()]  # fmt: skip
    assert sum(counts) == 300
    assert all(counts)
    assert MessageThread.select().where(MessageThread.source == "email").exists()
    rows = inbox.queue.rows(InboxFilters(), limit=1000)[0]
    assert len(rows) == 300
    assert {row.state for row in rows} <= {rules.OPEN, rules.WAITING}


def test_open_cases_need_a_stock(app):
    result = app.test_cli_runner().invoke(args=["generate-stock", "--flats", "0",
                                                "--open-cases", "5"])  # fmt: skip
    assert result.exit_code != 0

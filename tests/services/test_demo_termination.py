"""The demo's notice of a shared lease, waiting for its second party (demo/termination.py)."""

from __future__ import annotations

from datetime import date, datetime

from heka_asoy.demo.data import Household
from heka_asoy.demo.termination import DEMO_NOTICE_EMAIL, add_waiting_termination
from heka_asoy.domain.notice import lease_end_date
from heka_asoy.models import Lease, Termination, User
from heka_asoy.services import lease as service
from tests.factories import make_shared_lease, make_tenant


def test_demo_notice_waits_for_the_second_party(app):
    """Is the first shared lease's notice given by its first party (the documented account),
    with the second party still to confirm, shown on the termination page and in the queue?"""
    today = date(2026, 5, 20)
    single = make_tenant()
    flat, lease, (first, second) = make_shared_lease(starts_on=date(2025, 1, 1))
    users = [first, second]
    for u in users:  # the demo's parties have no accounts yet
        u.delete_instance()
    households = [
        Household(single.flat, Lease.get(Lease.flat == single.flat), [single.resident], []),
        Household(flat, lease, [first.resident, second.resident], []),
    ]
    termination = add_waiting_termination(households, today, datetime(2026, 5, 20, 9), "x")
    assert termination.status == "awaiting_parties"
    assert termination.ends_on == lease_end_date(date(2026, 5, 18))
    user = User.get(User.email == DEMO_NOTICE_EMAIL)
    assert user.resident_id == first.resident_id
    rows = {c.resident_id: c.confirmed_at for c in termination.confirmations}
    assert rows[first.resident_id] is not None
    assert rows[second.resident_id] is None
    assert [t.id for t in service.termination_queue()] == [termination.id]
    assert Termination.get_by_id(termination.id).bic == "OKOYFIHH"

"""The demo's waiting account-closing request (demo/closing.py)."""

from __future__ import annotations

from datetime import date, datetime

from heka_asoy.demo.closing import DEMO_CLOSING_EMAIL, add_closing_request
from heka_asoy.demo.data import Household
from heka_asoy.models import Lease, User
from heka_asoy.services import account_closing
from tests.factories import make_flat, make_lease, make_resident, make_staff, make_tenant


def test_demo_request_waits_for_the_desk(app):
    """Is the request made for a lease party without an account (never for one who has one),
    listed on the desk's page?"""
    today = date.today()
    with_account = make_tenant()
    person = make_resident()
    flat = make_flat()
    lease = make_lease(flat, [person])
    households = [
        Household(
            with_account.flat,
            Lease.get(Lease.flat == with_account.flat),
            [with_account.resident],
            [],
        ),
        Household(flat, lease, [person], []),
    ]
    closure = add_closing_request(households, today, datetime.now(), "x")
    user = User.get(User.email == DEMO_CLOSING_EMAIL)
    assert user.resident_id == person.id
    assert closure.user_id == user.id
    assert [row.id for row in account_closing.waiting(make_staff())] == [closure.id]

"""The one place that decides who sees which flat (services.access)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from heka_asoy.models import PowerOfAttorney
from heka_asoy.services import access
from heka_asoy.services.errors import NotFound, Refused
from tests.factories import (
    add_other_resident,
    login,
    make_flat,
    make_lease,
    make_resident,
    make_tenant,
    make_user,
)


def test_lease_party_has_every_right(app):
    """Does a lease party get all capabilities of their own flat?"""
    user = make_tenant()
    (fa,) = access.compute_flats(user)
    assert fa.role == access.LEASE_PARTY
    assert fa.flat_id == user.flat.id
    assert fa.capabilities == access.ALL_CAPABILITIES


def test_other_resident_rights_follow_the_table(app):
    """Does an other resident get faults, announcements, flat info, sauna, messages and contact
    details, but not lease, rent, bank account, occupants, termination or parking?"""
    flat = make_flat()
    make_lease(flat, [make_resident()])
    user = make_user(make_resident())
    add_other_resident(flat, user.resident)
    (fa,) = access.compute_flats(user)
    assert fa.role == access.OTHER_RESIDENT
    for allowed in ("faults", "announcements", "flat_info", "sauna", "messages", "contact_details"):
        assert fa.can(allowed)
    for refused in (
        "lease",
        "rent",
        "bank_account",
        "occupants",
        "terminate",
        "parking",
        "service_requests",
        "renovation",
    ):
        assert not fa.can(refused)


def test_second_flat_is_not_found(app):
    """Is another flat's id answered with 404 (existence not revealed) from any account?"""
    first, second = make_tenant(), make_tenant()
    with app.test_request_context():
        assert access.flat_access(first, first.flat.id, "lease").flat_id == first.flat.id
        with pytest.raises(NotFound):
            access.flat_access(second, first.flat.id, "faults")
    assert access.flat_ids_with(second, "faults") == [second.flat.id]


def test_missing_right_in_own_flat_is_forbidden(app):
    """Is an other resident asking for the lease of their own flat refused with 403?"""
    flat = make_flat()
    make_lease(flat, [make_resident()])
    user = make_user(make_resident())
    add_other_resident(flat, user.resident)
    with app.test_request_context(), pytest.raises(Refused):
        access.flat_access(user, flat.id, "lease")


def test_ended_lease_and_moved_out_give_nothing(app):
    """Do an ended lease and a moved-out occupancy stop access?"""
    resident = make_resident()
    flat = make_flat()
    make_lease(
        flat,
        [resident],
        starts_on=date.today() - timedelta(days=400),
        ends_on=date.today() - timedelta(days=1),
    )
    from heka_asoy.models import Occupancy

    Occupancy.update(moved_out=date.today() - timedelta(days=1)).execute()
    assert access.compute_flats(make_user(resident)) == []


def test_power_of_attorney_grants_its_scope_only(app):
    """Does an agent get exactly the rights of the power's scopes, while valid?"""
    tenant = make_tenant()
    lease = tenant.flat.leases.get()
    agent = make_user(None)
    poa = PowerOfAttorney.create(
        grantor=tenant.resident,
        lease=lease,
        agent_name="Valtuutettu",
        agent_user=agent,
        kind="one_off",
        scopes="parking",
        valid_from=date.today(),
    )
    (fa,) = access.compute_flats(agent)
    assert fa.role == access.AGENT
    assert fa.can("parking")
    assert not fa.can("lease")
    assert not fa.can("messages")
    PowerOfAttorney.update(scopes="general").where(PowerOfAttorney.id == poa.id).execute()
    assert access.compute_flats(agent)[0].can("terminate")
    PowerOfAttorney.update(valid_until=date.today() - timedelta(days=1)).execute()
    assert access.compute_flats(agent) == []


def test_dashboard_shows_only_own_flat(app):
    """Does the dashboard show the user's flat and never another flat's company?"""
    first, second = make_tenant(), make_tenant()
    client = app.test_client()
    login(client, second)
    page = client.get("/my/").data.decode()
    assert second.flat.housing_company.name in page
    assert first.flat.housing_company.name not in page


def test_dashboard_query_count_is_constant(app, count_queries):
    """Does the dashboard cost the same number of queries with 1 or 6 flats' worth of data?"""
    user = make_tenant()
    client = app.test_client()
    login(client, user)
    with count_queries() as small:
        client.get("/my/")
    for _ in range(5):
        make_tenant()
    extra = make_flat()
    add_other_resident(extra, user.resident)
    with count_queries() as large:
        client.get("/my/")
    assert small.count == large.count


def test_one_off_power_is_spent_by_its_first_use_only(app):
    """Does a one-off power end with its first use, while a lasting power and a lease party's
    own access are never spent?"""
    tenant = make_tenant()
    lease = tenant.flat.leases.get()
    agent = make_user(None)
    poa = PowerOfAttorney.create(
        grantor=tenant.resident,
        lease=lease,
        agent_name="Valtuutettu",
        agent_user=agent,
        kind="one_off",
        scopes="terminate",
        valid_from=date.today(),
    )
    (fa,) = access.compute_flats(agent)
    assert (fa.power_id, fa.one_off) == (poa.id, True)
    access.spend_power(fa)
    assert PowerOfAttorney.get_by_id(poa.id).used_at is not None
    assert access.compute_flats(agent) == []
    with pytest.raises(Refused):
        access.spend_power(fa)  # a second use of the same (stale) access is refused

    lasting = PowerOfAttorney.create(
        grantor=tenant.resident,
        lease=lease,
        agent_name="Valtuutettu",
        agent_user=agent,
        kind="general",
        scopes="general",
        valid_from=date.today(),
    )
    (fa,) = access.compute_flats(agent)
    access.spend_power(fa)
    access.spend_power(fa)
    assert PowerOfAttorney.get_by_id(lasting.id).used_at is None
    (own,) = access.compute_flats(tenant)
    access.spend_power(own)  # a lease party's access has no power to spend

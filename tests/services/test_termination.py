"""Terminating a lease at service level: one party, two parties, withdrawing, agents, the
refusals, and the flat's bookings ending with the lease.

Time is frozen on Wednesday 11 March 2026 at noon in Helsinki: a notice given then ends the
lease on 30 April 2026 at the earliest. Services are called inside a request context, as the
views call them, with a fresh access cache for each call.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from flask import current_app, g

from heka_asoy.domain.office_hours import HELSINKI
from heka_asoy.models import (
    AuditLog,
    Fee,
    Lease,
    OutboxMail,
    ParkingContract,
    PowerOfAttorney,
    SaunaSingleBooking,
    SaunaTurn,
    Termination,
    TerminationConfirmation,
)
from heka_asoy.services import access
from heka_asoy.services import lease as service
from heka_asoy.services.errors import NotFound, Refused
from heka_asoy.services.lease import NoticeInput, TerminationError
from tests.booking_factories import (
    hour_at,
    make_contract,
    make_parking_space,
    make_sauna,
    make_turn,
)
from tests.factories import (
    add_other_resident,
    make_lease_power,
    make_resident,
    make_shared_lease,
    make_staff,
    make_tenant,
    make_user,
)

WEDNESDAY = date(2026, 3, 11)
EARLIEST = date(2026, 4, 30)
IBAN = "FI21 1234 5600 0007 85"


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=HELSINKI)


@pytest.fixture
def clock(app):
    with time_machine.travel(noon(WEDNESDAY), tick=False) as traveller:
        yield traveller


@contextmanager
def request():
    with current_app.test_request_context():
        g.pop("_flat_access", None)
        yield


def call(fn, *args, **kwargs):
    with request():
        return fn(*args, **kwargs)


def refused(code: str, fn, *args, **kwargs) -> TerminationError:
    with pytest.raises(TerminationError) as info:
        call(fn, *args, **kwargs)
    assert info.value.code == code, info.value.code
    return info.value


def notice(ends_on=None, iban=IBAN, **kw) -> NoticeInput:
    data = {"forwarding_address": "Uusikatu 1 A 2, 00100 Helsinki", "inspection_wish": "ma-ti"}
    data.update(kw)
    return NoticeInput(ends_on=ends_on, iban=iban, **data)


def mails(kind: str = "termination_event") -> list[OutboxMail]:
    return list(OutboxMail.select().where(OutboxMail.kind == kind).order_by(OutboxMail.id))


def to(address: str) -> list[OutboxMail]:
    return [m for m in mails() if m.recipient == address]


# --- one party ----------------------------------------------------------------------------


def test_single_party_notice_takes_effect_at_once(clock):
    """Does a lone lease party's notice end the lease on the last day of next month, and is
    the mail about the keys (BLC Turva, in the party's language) sent?"""
    tenant = make_tenant()
    result = call(service.give_notice, tenant, tenant.flat.id, notice())
    assert result.in_effect
    assert not result.power_spent
    termination = Termination.get_by_id(result.termination.id)
    assert termination.status == "in_effect"
    assert termination.ends_on == EARLIEST
    assert termination.in_effect_on == WEDNESDAY
    assert termination.iban == "FI2112345600000785"
    assert termination.bic == "NDEAFIHH"
    lease = Lease.get(Lease.flat == tenant.flat)
    assert (lease.notice_given_on, lease.ends_on) == (WEDNESDAY, EARLIEST)
    (mail,) = to(tenant.email)
    assert "30 Apr 2026" in mail.subject
    assert "BLC Turva Oy" in mail.body_text
    assert "Mäkelänkatu 2" in mail.body_text
    assert AuditLog.select().where(AuditLog.action == "termination_in_effect").count() == 1


def test_later_end_date_is_kept_and_window_is_enforced(clock):
    """May the resident choose a later end, but neither one before the statutory end nor one
    past the window (nothing is written)?"""
    tenant = make_tenant()
    refused("too_early", service.give_notice, tenant, tenant.flat.id, notice(date(2026, 4, 29)))
    refused("too_late", service.give_notice, tenant, tenant.flat.id, notice(date(2027, 5, 1)))
    refused("iban", service.give_notice, tenant, tenant.flat.id, notice(iban="FI21 1234"))
    assert Termination.select().count() == 0
    assert Lease.get(Lease.flat == tenant.flat).ends_on is None
    result = call(service.give_notice, tenant, tenant.flat.id, notice(date(2026, 6, 15)))
    assert result.termination.ends_on == date(2026, 6, 15)
    assert Lease.get(Lease.flat == tenant.flat).ends_on == date(2026, 6, 15)


def test_check_notice_names_the_fields(clock):
    problems = call(service.check_notice, notice(date(2026, 3, 31), iban="nope"))
    assert problems == {"ends_on": "too_early", "iban": "iban"}
    assert call(service.check_notice, notice()) == {}


# --- two parties --------------------------------------------------------------------------


def test_two_parties_both_confirm(clock):
    """Does the notice wait for the second party, and take effect when they confirm?"""
    flat, lease, (anna, bertil) = make_shared_lease()
    result = call(service.give_notice, anna, flat.id, notice())
    assert not result.in_effect
    termination = result.termination
    assert termination.status == "awaiting_parties"
    assert Lease.get_by_id(lease.id).ends_on is None
    (to_bertil,) = to(bertil.email)
    assert "/my/lease/terminate?flat=" in to_bertil.body_text
    assert "Confirm" in to_bertil.subject
    (to_anna,) = to(anna.email)
    assert bertil.resident.full_name in to_anna.body_text  # still to confirm

    page = call(service.termination_page, bertil, flat.id)
    assert page.can_confirm
    assert page.can_withdraw
    assert not call(service.termination_page, anna, flat.id).can_confirm

    result = call(service.confirm_notice, bertil, flat.id, termination.id, "Bertilsgatan 3")
    assert result.in_effect
    assert Lease.get_by_id(lease.id).ends_on == EARLIEST
    row = TerminationConfirmation.get(TerminationConfirmation.resident == bertil.resident)
    assert row.confirmed_by_id == bertil.id
    assert row.forwarding_address == "Bertilsgatan 3"
    assert len(to(anna.email)) == 2
    assert len(to(bertil.email)) == 2
    refused("closed", service.confirm_notice, bertil, flat.id, termination.id)
    refused("closed", service.withdraw_notice, anna, flat.id, termination.id)


def test_confirmation_in_a_later_month_moves_the_end(clock):
    """When the last party confirms next month, does the end move with the notice period?"""
    flat, lease, (anna, bertil) = make_shared_lease()
    termination = call(service.give_notice, anna, flat.id, notice()).termination
    clock.move_to(noon(date(2026, 4, 2)))
    call(service.confirm_notice, bertil, flat.id, termination.id)
    assert Termination.get_by_id(termination.id).ends_on == date(2026, 5, 31)
    assert Lease.get_by_id(lease.id).notice_given_on == date(2026, 4, 2)
    assert "moved" in to(anna.email)[-1].body_text


def test_withdraw_before_everyone_confirmed(clock):
    """May a party withdraw an awaiting notice (everyone is mailed), after which a new notice
    can be given?"""
    flat, lease, (anna, bertil) = make_shared_lease()
    termination = call(service.give_notice, anna, flat.id, notice()).termination
    refused("open", service.give_notice, bertil, flat.id, notice())
    result = call(service.withdraw_notice, bertil, flat.id, termination.id)
    assert result.termination.status == "withdrawn"
    assert result.termination.open_key is None
    assert "withdrew" in to(anna.email)[-1].body_text
    assert "withdrew" in to(bertil.email)[-1].body_text
    assert Lease.get_by_id(lease.id).ends_on is None
    refused("closed", service.confirm_notice, bertil, flat.id, termination.id)
    again = call(service.give_notice, bertil, flat.id, notice())
    assert again.termination.id != termination.id


def test_confirming_twice_is_refused(clock):
    flat, _lease, (anna, _bertil, _cecilia) = make_shared_lease(3)
    termination = call(service.give_notice, anna, flat.id, notice()).termination
    refused("confirmed", service.confirm_notice, anna, flat.id, termination.id)


def test_deceased_party_is_not_waited_for(clock):
    """A deceased party cannot confirm: is the notice given by the other one in effect?"""
    flat, lease, (anna, bertil) = make_shared_lease()
    bertil.resident.deceased_on = date(2026, 1, 5)
    bertil.resident.save()
    assert call(service.give_notice, anna, flat.id, notice()).in_effect


# --- who may -----------------------------------------------------------------------------


def test_other_resident_and_second_flat_are_refused(clock):
    """Is an other resident refused (403) and a flat not the user's unknown (404)?"""
    flat, lease, (anna,) = make_shared_lease(1)
    other = make_user(make_resident())
    add_other_resident(flat, other.resident)
    with pytest.raises(Refused):
        call(service.give_notice, other, flat.id, notice())
    with pytest.raises(Refused):
        call(service.lease_page, other, flat.id)
    with pytest.raises(Refused):
        call(service.termination_page, other, flat.id)
    stranger = make_tenant()
    with pytest.raises(NotFound):
        call(service.give_notice, stranger, flat.id, notice())
    with pytest.raises(NotFound):
        call(service.lease_page, stranger, flat.id)
    termination = call(service.give_notice, anna, flat.id, notice(date(2026, 5, 5))).termination
    with pytest.raises(NotFound):  # another flat's notice id through one's own flat
        call(service.withdraw_notice, stranger, stranger.flat.id, termination.id)
    assert Termination.get_by_id(termination.id).status == "in_effect"
    assert Termination.select().count() == 1


def test_one_off_agent_gives_notice_and_the_power_is_spent(clock):
    """Does an agent with a one-off "terminate" power give the grantor's notice (the grantor's
    confirmation), spend the power with it and lose the flat?"""
    flat, lease, (anna, bertil) = make_shared_lease()
    agent = make_user(None)
    power = make_lease_power(anna.resident, lease, agent)
    result = call(service.give_notice, agent, flat.id, notice())
    assert result.power_spent
    assert not result.in_effect
    assert PowerOfAttorney.get_by_id(power.id).used_at is not None
    mine = TerminationConfirmation.get(TerminationConfirmation.resident == anna.resident)
    assert mine.confirmed_by_id == agent.id
    assert to(agent.email)  # the agent gets the receipt too
    assert "Valtuutettu Testi has given notice" in to(bertil.email)[-1].body_text
    with pytest.raises(NotFound):
        call(service.termination_page, agent, flat.id)
    assert call(service.confirm_notice, bertil, flat.id, result.termination.id).in_effect


def test_agent_spent_power_is_not_used_when_refused(clock):
    """A refused act leaves a one-off power unspent; a parking-only power may not terminate."""
    tenant = make_tenant()
    lease = Lease.get(Lease.flat == tenant.flat)
    agent = make_user(None)
    power = make_lease_power(tenant.resident, lease, agent)
    refused("too_early", service.give_notice, agent, tenant.flat.id, notice(date(2026, 4, 1)))
    assert PowerOfAttorney.get_by_id(power.id).used_at is None
    parking_agent = make_user(None)
    make_lease_power(tenant.resident, lease, parking_agent, scopes="parking")
    with pytest.raises(Refused):
        call(service.give_notice, parking_agent, tenant.flat.id, notice())
    general = make_user(None)
    lasting = make_lease_power(tenant.resident, lease, general, scopes="general", kind="general")
    result = call(service.give_notice, general, tenant.flat.id, notice())
    assert result.in_effect
    assert not result.power_spent
    assert PowerOfAttorney.get_by_id(lasting.id).used_at is None


# --- the flat's bookings end with the lease -----------------------------------------------


def test_parking_and_sauna_end_with_the_lease(clock):
    """Do the flat's parking contracts (with and without notice) and sauna turns end on the
    lease's last day, their fees with them, and one-off evenings after it go?"""
    tenant = make_tenant()
    flat = tenant.flat
    company = flat.housing_company
    running = make_contract(make_parking_space(company), flat)
    noticed = make_contract(
        make_parking_space(company), flat, notice_given_on=WEDNESDAY, ends_on=date(2026, 8, 31)
    )
    early = make_contract(
        make_parking_space(company), flat, notice_given_on=WEDNESDAY, ends_on=date(2026, 3, 31)
    )
    sauna = make_sauna(company)
    turn = make_turn(hour_at(sauna, 4, 19), flat)
    late_evening = SaunaSingleBooking.create(
        hour=hour_at(sauna, 2, 20), flat=flat, on_date=date(2026, 5, 6)
    )
    neighbour = make_tenant()  # another flat's contract is untouched
    other = make_contract(make_parking_space(neighbour.flat.housing_company), neighbour.flat)

    call(service.give_notice, tenant, flat.id, notice())

    for contract in (running, noticed):
        assert ParkingContract.get_by_id(contract.id).ends_on == EARLIEST
        assert Fee.get(Fee.source == f"parking_contract:{contract.id}").ends_on == EARLIEST
    assert ParkingContract.get_by_id(early.id).ends_on == date(2026, 3, 31)
    assert SaunaTurn.get_by_id(turn.id).ends_on == EARLIEST
    assert not SaunaSingleBooking.select().where(SaunaSingleBooking.id == late_evening.id).exists()
    assert ParkingContract.get_by_id(other.id).ends_on is None
    assert mails("booking_event")  # the bookings' own mails say so too


def test_lease_fees_end_with_the_lease(clock):
    tenant = make_tenant()
    lease = Lease.get(Lease.flat == tenant.flat)
    water = Fee.create(
        lease=lease, kind="water", monthly_amount=Decimal("20"), starts_on=date(2025, 1, 1)
    )
    call(service.give_notice, tenant, tenant.flat.id, notice())
    assert Fee.get_by_id(water.id).ends_on == EARLIEST


# --- the pages' reads ------------------------------------------------------------------------


def test_lease_page_shows_parties_others_and_the_flat(clock):
    flat, lease, (anna, bertil) = make_shared_lease()
    child = make_resident(first_names="Lapsi")
    add_other_resident(flat, child)
    page = call(service.lease_page, anna, None)
    assert page.flat_id == flat.id
    assert page.lease.id == lease.id
    assert {r.id for r in page.parties} == {anna.resident_id, bertil.resident_id}
    assert [r.id for r in page.others] == [child.id]
    assert page.flat.housing_company.business_id == flat.housing_company.business_id
    assert page.can_terminate
    assert page.termination is None


def test_lease_page_for_a_terminate_agent(clock):
    """A "terminate" power shows the lease page too (its scope includes the lease)."""
    tenant = make_tenant()
    agent = make_user(None)
    make_lease_power(tenant.resident, Lease.get(Lease.flat == tenant.flat), agent)
    assert call(service.lease_page, agent, tenant.flat.id).flat_id == tenant.flat.id
    assert [fa.role for fa in access.compute_flats(agent)] == [access.AGENT]


# --- the desk ------------------------------------------------------------------------------


def test_desk_queue_in_one_query_and_move_out_notes(clock, count_queries):
    flat, _lease, (anna, _bertil) = make_shared_lease()
    call(service.give_notice, anna, flat.id, notice())
    with count_queries() as one:
        rows = service.termination_queue()
        [r.lease.flat.housing_company.name for r in rows]
    for _ in range(3):
        single = make_tenant()
        call(service.give_notice, single, single.flat.id, notice())
    with count_queries() as four:
        rows = service.termination_queue()
        [r.lease.flat.building.street_address for r in rows]
    assert len(rows) == 4
    assert one.count == four.count == 1
    assert [r.status for r in service.termination_queue("awaiting_parties")] == [
        "awaiting_parties"
    ]
    staff = make_staff()
    target = rows[0]
    with request():
        service.record_move_out(staff, target.id, keys_returned_on=date(2026, 4, 30))
    item = service.termination_detail(target.id)
    assert item.termination.keys_returned_on == date(2026, 4, 30)
    assert item.termination.inspection_at is None
    with pytest.raises(NotFound):
        service.termination_detail(99999)


def test_estate_representative_gives_notice_for_a_deceased_tenant(clock):
    """A deceased tenant's estate representative (a power of attorney) gives the notice."""
    tenant = make_tenant()
    tenant.resident.deceased_on = date(2026, 2, 1)
    tenant.resident.save()
    agent = make_user(None)
    make_lease_power(
        tenant.resident,
        Lease.get(Lease.flat == tenant.flat),
        agent,
        scopes="estate",
        kind="estate",
    )
    result = call(service.give_notice, agent, tenant.flat.id, notice())
    assert result.in_effect
    assert not result.power_spent


def test_mails_in_each_partys_language(clock):
    """Is each party's mail in their own language, with the key point's street in it?"""
    flat, lease, (anna, bertil) = make_shared_lease()
    anna.language, bertil.language = "fi", "sv"
    anna.save()
    bertil.save()
    termination = call(service.give_notice, anna, flat.id, notice()).termination
    call(service.confirm_notice, bertil, flat.id, termination.id)
    finnish, swedish = to(anna.email)[-1], to(bertil.email)[-1]
    assert (finnish.language, swedish.language) == ("fi", "sv")
    assert "30.4.2026" in finnish.subject
    assert "Mäkelänkatu 2" in finnish.body_text
    assert "Vääksyntie / Teollisuuskatu" in finnish.body_html
    assert "Backasgatan 2" in swedish.body_text
    assert "Vääksyvägen / Industrigatan" in swedish.body_text


def test_a_lease_with_an_agreed_end_takes_no_notice(clock):
    """A lease whose end is already set (given at the office) shows it instead of the form."""
    tenant = make_tenant()
    Lease.update(ends_on=date(2026, 3, 31), notice_given_on=date(2026, 2, 10)).execute()
    refused("open", service.give_notice, tenant, tenant.flat.id, notice())
    assert Termination.select().count() == 0
    assert call(service.termination_page, tenant, tenant.flat.id).lease.ends_on == date(2026, 3, 31)

"""Occupants: moves reported by the lease party (or an agent within scope), pending until the
desk confirms them into the register (once) or rejects them with a reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from heka_asoy.models import (
    AuditLog,
    Occupancy,
    OccupantChange,
    OutboxMail,
    PowerOfAttorney,
    Resident,
)
from heka_asoy.services import household
from heka_asoy.services.errors import NotFound, Refused
from heka_asoy.services.household import HouseholdError
from tests.factories import add_other_resident, make_resident, make_staff, make_tenant, make_user


def _today() -> date:
    return household.today()


def _move_in(app, user, **kw):
    data = {
        "first_names": "Uusi",
        "last_name": "Asukas",
        "birth_date": date(1990, 5, 17),
        "on_date": _today(),
    }
    data.update(kw)
    with app.test_request_context():
        return household.report_move_in(user, user.flat.id, **data)


def test_move_in_is_pending_until_confirmed_then_in_the_register(app):
    """Does a reported move-in wait as pending, and on confirmation make a register entry and
    an occupancy, and mail the requester?"""
    user = make_tenant()
    change = _move_in(app, user)
    assert change.status == "pending"
    assert Occupancy.select().where(Occupancy.flat == user.flat.id).count() == 1
    page = household.occupants_page(user, None)
    assert [c.id for c in page.changes] == [change.id]
    staff = make_staff()
    with app.test_request_context():
        decided = household.decide_change(staff, change.id, True)
    assert decided.status == "confirmed"
    row = OccupantChange.get_by_id(change.id)
    assert (row.status, row.decided_by_id) == ("confirmed", staff.id)
    newcomer = Resident.get_by_id(row.resident_id)
    assert (newcomer.full_name, newcomer.birth_date) == ("Uusi Asukas", date(1990, 5, 17))
    assert Occupancy.get(Occupancy.resident == newcomer.id).flat_id == user.flat.id
    names = [r.name for r in household.occupants_page(user, None).occupants]
    assert "Uusi Asukas" in names
    (mail,) = OutboxMail.select().where(OutboxMail.kind == "occupant_decided")
    assert mail.recipient == user.email
    assert "confirmed" in mail.subject
    assert AuditLog.get(AuditLog.action == "occupant_change_confirmed").actor_id == staff.id


def test_move_out_confirmed_sets_moved_out(app):
    user = make_tenant()
    other = make_resident(first_names="Muu", last_name="Asukas")
    add_other_resident(user.flat, other)
    with app.test_request_context():
        change = household.report_move_out(user, user.flat.id, other.id, _today())
        household.decide_change(make_staff(), change.id, True)
    occupancy = Occupancy.get(Occupancy.resident == other.id)
    assert occupancy.moved_out == _today()
    assert OccupantChange.get_by_id(change.id).full_name == "Muu Asukas"


def test_rejection_needs_a_reason_and_changes_no_register(app):
    user = make_tenant()
    change = _move_in(app, user)
    staff = make_staff()
    with app.test_request_context(), pytest.raises(HouseholdError) as caught:
        household.decide_change(staff, change.id, False, "  ")
    assert caught.value.code == "reason_required"
    assert OccupantChange.get_by_id(change.id).status == "pending"
    with app.test_request_context():
        household.decide_change(staff, change.id, False, "Ei asu täällä.")
    row = OccupantChange.get_by_id(change.id)
    assert (row.status, row.reason, row.resident_id) == ("rejected", "Ei asu täällä.", None)
    assert Resident.select().count() == 1
    (mail,) = OutboxMail.select().where(OutboxMail.kind == "occupant_decided")
    assert "Ei asu täällä." in mail.body_text


def test_a_decided_report_is_not_decided_again(app):
    """Does a second decision (confirm after confirm, reject after confirm) change nothing?"""
    user = make_tenant()
    change = _move_in(app, user)
    staff = make_staff()
    with app.test_request_context():
        household.decide_change(staff, change.id, True)
        for confirm in (True, False):
            with pytest.raises(HouseholdError) as caught:
                household.decide_change(staff, change.id, confirm, "syy")
            assert caught.value.code == "already_decided"
    assert Resident.select().count() == 2
    assert OccupantChange.get_by_id(change.id).status == "confirmed"


def test_unknown_report_is_not_found(app):
    with app.test_request_context(), pytest.raises(NotFound):
        household.decide_change(make_staff(), 999, True)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"first_names": " "}, "first_names"),
        ({"last_name": "x" * 101}, "last_name"),
        ({"on_date": date.today() - timedelta(days=400)}, "date_too_early"),
        ({"on_date": date.today() + timedelta(days=200)}, "date_too_late"),
        ({"birth_date": date.today() + timedelta(days=2)}, "birth_in_future"),
        (
            {
                "birth_date": date.today() - timedelta(days=1),
                "on_date": date.today() - timedelta(2),
            },
            "birth_after_move",
        ),
    ],
)
def test_bad_move_in_changes_nothing(app, overrides, code):
    user = make_tenant()
    with pytest.raises(HouseholdError) as caught:
        _move_in(app, user, **overrides)
    assert caught.value.code == code
    assert OccupantChange.select().count() == 0


def test_move_out_only_of_a_current_occupant_and_once(app):
    """Is a move-out refused for a person not living in the flat (also one of another flat),
    before their moving-in day, and when one is already pending?"""
    user = make_tenant()
    elsewhere = make_tenant()
    other = make_resident()
    add_other_resident(user.flat, other, moved_in=_today() - timedelta(days=10))
    with app.test_request_context():
        with pytest.raises(HouseholdError) as caught:
            household.report_move_out(user, user.flat.id, elsewhere.resident_id, _today())
        assert caught.value.code == "occupant"
        with pytest.raises(HouseholdError) as caught:
            household.report_move_out(user, user.flat.id, other.id, _today() - timedelta(days=11))
        assert caught.value.code == "before_moved_in"
        household.report_move_out(user, user.flat.id, other.id, _today())
        with pytest.raises(HouseholdError) as caught:
            household.report_move_out(user, user.flat.id, other.id, _today())
        assert caught.value.code == "already_pending"
    assert OccupantChange.select().count() == 1


def test_other_resident_and_second_flat_are_refused(app):
    """Is an other resident refused (403) and a lease party of another flat not let in (404)?"""
    user = make_tenant()
    other = make_user(make_resident())
    add_other_resident(user.flat, other.resident)
    stranger = make_tenant()
    with app.test_request_context():
        with pytest.raises(Refused):
            household.report_move_in(other, user.flat.id, "A", "B", date(1990, 1, 1), _today())
        with pytest.raises(NotFound):
            household.report_move_in(stranger, user.flat.id, "A", "B", date(1990, 1, 1), _today())
        with pytest.raises(NotFound):
            household.occupants_page(stranger, user.flat.id)
        with pytest.raises(Refused):
            household.occupants_page(other, None)
    assert OccupantChange.select().count() == 0


def _power(tenant, agent, scopes, kind="general"):
    return PowerOfAttorney.create(
        grantor=tenant.resident,
        lease=tenant.flat.leases.get(),
        agent_name="Valtuutettu",
        agent_user=agent,
        kind=kind,
        scopes=scopes,
        valid_from=date.today(),
    )


def test_agent_within_scope_reports_and_a_one_off_power_is_spent(app):
    tenant = make_tenant()
    agent = make_user(None)
    power = _power(tenant, agent, "general", kind="one_off")
    with app.test_request_context():
        household.report_move_in(agent, tenant.flat.id, "A", "B", date(1990, 1, 1), _today())
    assert PowerOfAttorney.get_by_id(power.id).used_at is not None
    narrow = make_user(None)
    _power(tenant, narrow, "parking")
    with app.test_request_context(), pytest.raises(Refused):
        household.report_move_in(narrow, tenant.flat.id, "A", "B", date(1990, 1, 1), _today())
    assert OccupantChange.select().count() == 1


def test_staff_queue_lists_pending_oldest_first(app):
    first, second = make_tenant(), make_tenant()
    one = _move_in(app, first)
    two = _move_in(app, second)
    page = household.staff_queue("pending")
    assert [c.id for c in page.changes] == [one.id, two.id]
    assert page.changes[0].flat.housing_company.name == first.flat.housing_company.name
    with app.test_request_context():
        household.decide_change(make_staff(), one.id, True)
    assert [c.id for c in household.staff_queue("pending").changes] == [two.id]
    assert [c.id for c in household.staff_queue("confirmed").changes] == [one.id]
    assert household.staff_queue("nonsense").status == "pending"


def test_staff_queue_in_one_query(app, count_queries):
    for _ in range(3):
        _move_in(app, make_tenant())
    with count_queries() as small:
        household.staff_queue()
    for _ in range(5):
        _move_in(app, make_tenant())
    with count_queries() as large:
        assert len(household.staff_queue().changes) == 8
    assert small.count == large.count == 1


def test_demo_has_a_pending_move_in_for_maija(app, tmp_path):
    """Does the demo show a pending move-in in Maija's flat and in the desk's queue, and her
    bank account on the contact page?"""
    from heka_asoy.demo.data import load_demo_data

    load_demo_data(app.config["HETU_KEY"].encode(), str(tmp_path / "up"))
    from heka_asoy.models import User

    maija = User.get(User.email == "maija.lahtinen@example.fi")
    page = household.occupants_page(maija, None)
    assert [(c.kind, c.status, c.full_name) for c in page.changes] == [
        ("in", "pending", "Eeva Maria Lahtinen")
    ]
    assert [c.full_name for c in household.staff_queue().changes] == ["Eeva Maria Lahtinen"]
    assert household.contact_page(maija).bank_account.bic == "NDEAFIHH"

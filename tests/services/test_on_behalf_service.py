"""The on-behalf rules that touch the database (services/on_behalf.py) and the audit rows that
name the desk worker (services/audit.py)."""

from __future__ import annotations

import pytest
from flask import g

from heka_asoy.models import AuditLog
from heka_asoy.services import audit, on_behalf
from heka_asoy.services.errors import NotFound, Refused
from tests.factories import add_other_resident, make_resident, make_staff, make_tenant, make_user


def test_only_the_desk_searches_and_starts(app):
    tenant = make_tenant()
    other = make_tenant()
    with app.test_request_context():
        with pytest.raises(Refused):
            on_behalf.search(other, tenant.resident.last_name)
        with pytest.raises(Refused):
            on_behalf.start(other, tenant.id)
        with pytest.raises(Refused):
            on_behalf.start(None, tenant.id)
    assert AuditLog.select().count() == 0


def test_search_by_name_and_email_never_by_identity_code(app):
    staff = make_staff()
    tenant = make_tenant()
    flatmate = make_user(make_resident(first_names="Oskari Ärje", last_name="Lahtinen"))
    add_other_resident(tenant.flat, flatmate.resident)
    make_user(make_resident(first_names="Oskari", last_name="Lahtinen"), disabled=True)
    make_user(None)  # an agent's account: no register row, not listed
    with app.test_request_context():
        hits = on_behalf.search(staff, "Oskari Lahti")
        assert [h.user_id for h in hits] == [flatmate.id]
        assert hits[0].addresses  # where they live today
        assert [h.user_id for h in on_behalf.search(staff, tenant.email.upper())] == [tenant.id]
        assert on_behalf.search(staff, tenant.resident.hetu_plain) == []
        assert on_behalf.search(staff, "   ") == []
        assert [h.user_id for h in on_behalf.search(staff, "lahtinen OSK")] == [flatmate.id]
        assert [h.user_id for h in on_behalf.search(staff, "ärje")] == [flatmate.id]


def test_start_and_end_are_audited(app):
    staff = make_staff()
    tenant = make_tenant()
    with app.test_request_context():
        acting = on_behalf.start(staff, tenant.id)
        on_behalf.end(staff.id, tenant.id, "ended")
        with pytest.raises(NotFound):
            on_behalf.start(staff, make_staff().id)
        with pytest.raises(NotFound):
            on_behalf.start(staff, make_user(None).id)  # an agent: not in the register
    assert (acting.staff_id, acting.user_id, acting.name) == (
        staff.id,
        tenant.id,
        tenant.resident.full_name,
    )
    rows = [(r.action, r.actor_id, r.target_id) for r in AuditLog.select().order_by(AuditLog.id)]
    assert rows == [
        ("on_behalf_start", staff.id, tenant.id),
        ("on_behalf_end", staff.id, tenant.id),
    ]


def test_audit_rows_name_the_acting_desk_worker(app):
    """Any audit row written while a resident page runs for a desk worker names both."""
    staff = make_staff()
    tenant = make_tenant()
    with app.test_request_context():
        audit.record("plain", tenant, tenant)
        g.acting_staff_id = staff.id
        audit.record("for_them", tenant, tenant)
        on_behalf.record_write(staff.id, tenant.id, "POST", "faults.new", 302)
    rows = {r.action: (r.actor_id, r.acting_staff_id) for r in AuditLog.select()}
    assert rows == {
        "plain": (tenant.id, None),
        "for_them": (tenant.id, staff.id),
        "on_behalf_write": (tenant.id, staff.id),
    }

"""Closing an account at the resident's request: the account goes (anonymised), the register,
the leases and the history stay."""

from __future__ import annotations

import pytest

from heka_asoy.models import (
    AccountClosure,
    AuditLog,
    FaultReport,
    Lease,
    LoginSession,
    Message,
    MessageThread,
    Notification,
    Occupancy,
    OutboxMail,
    PowerOfAttorney,
    Resident,
    User,
)
from heka_asoy.services import account_closing, sessions
from heka_asoy.services.account_closing import ClosureError
from heka_asoy.services.errors import NotFound, Refused
from tests.factories import file_fault_report, make_lease_power, make_staff, make_tenant, make_user


def _request(app, user, reason=""):
    with app.test_request_context():
        return account_closing.request_closure(user, reason)


def test_request_is_one_at_a_time_and_residents_only(app):
    tenant = make_tenant()
    first = _request(app, tenant, "moving abroad")
    again = _request(app, tenant, "again")
    assert first.id == again.id
    assert AccountClosure.select().count() == 1
    assert AuditLog.get(AuditLog.action == "account_closure_requested").actor_id == tenant.id
    with pytest.raises(Refused):
        _request(app, make_staff())
    with pytest.raises(ClosureError):
        _request(app, make_tenant(), "x" * 2001)


def test_confirm_removes_the_account_and_keeps_the_register_and_history(app):
    """Every reference to the account survives (the rows point at the closed account), the
    person can no longer log in, every session ends, and they are mailed."""
    staff = make_staff()
    tenant = make_tenant()
    other = make_tenant()
    agent_for = make_tenant()
    resident_id = tenant.resident_id
    notice_address = tenant.email
    report = file_fault_report(app, tenant)
    thread = MessageThread.create(user=tenant, flat=tenant.flat, subject="Vuokra")
    Message.create(thread=thread, author=tenant, body="Hei")
    Notification.create(user=tenant, kind="x", text="notice")
    power = make_lease_power(agent_for.resident, agent_for.flat.leases.get(), tenant)
    with app.test_request_context():
        sessions.open_session(tenant)
    closure = _request(app, tenant)
    waiting = account_closing.waiting(staff)
    assert [row.id for row in waiting] == [closure.id]
    assert waiting[0].name == tenant.resident.full_name

    with app.test_request_context():
        account_closing.confirm(staff, closure.id)

    closed = User.get_by_id(tenant.id)
    assert closed.email == f"closed-{tenant.id}@closed.invalid"
    assert closed.password_hash is None
    assert closed.resident_id is None
    assert closed.contact_email == ""
    assert not closed.is_active
    assert closed.session_version == tenant.session_version + 1
    assert LoginSession.select().where(LoginSession.user == tenant.id).count() == 0
    assert Notification.select().where(Notification.user == tenant.id).count() == 0
    # The register and history are kept.
    assert Resident.get_or_none(Resident.id == resident_id) is not None
    assert Occupancy.select().where(Occupancy.resident == resident_id).count() == 1
    assert Lease.select().where(Lease.flat == tenant.flat.id).count() == 1
    assert FaultReport.get_by_id(report.id).reporter_id == tenant.id
    assert MessageThread.get_by_id(thread.id).user_id == tenant.id
    assert Message.select().where(Message.thread == thread.id).count() == 1
    assert PowerOfAttorney.get_by_id(power.id).agent_user_id is None
    # Nobody else touched.
    assert User.get_by_id(other.id).email == other.email
    # Decided, mailed, audited.
    closure = AccountClosure.get_by_id(closure.id)
    assert (closure.status, closure.decided_by_id) == ("closed", staff.id)
    mail = OutboxMail.get(OutboxMail.kind == "account_closure_done")
    assert mail.recipient == notice_address
    row = AuditLog.get(AuditLog.action == "close_account")
    assert (row.actor_id, row.target_id) == (staff.id, tenant.id)
    assert account_closing.waiting(staff) == []
    # The address is free to register again and the person may link anew.
    make_user(Resident.get_by_id(resident_id), email=notice_address)


def test_refuse_needs_a_reason_and_mails_it(app):
    staff = make_staff()
    tenant = make_tenant()
    closure = _request(app, tenant)
    with app.test_request_context(), pytest.raises(ClosureError):
        account_closing.refuse(staff, closure.id, "  ")
    with app.test_request_context():
        account_closing.refuse(staff, closure.id, "Open invoices must be settled first.")
    assert AccountClosure.get_by_id(closure.id).status == "refused"
    assert User.get_by_id(tenant.id).is_active
    mail = OutboxMail.get(OutboxMail.kind == "account_closure_refused")
    assert "Open invoices must be settled first." in mail.body_text
    with app.test_request_context(), pytest.raises(ClosureError):
        account_closing.confirm(staff, closure.id)  # already decided
    assert User.get_by_id(tenant.id).is_active


def test_only_the_desk_decides(app):
    tenant = make_tenant()
    closure = _request(app, tenant)
    with app.test_request_context(), pytest.raises(Refused):
        account_closing.confirm(tenant, closure.id)
    with pytest.raises(Refused):
        account_closing.waiting(tenant)
    with app.test_request_context(), pytest.raises(NotFound):
        account_closing.confirm(make_staff(), 424242)
    assert User.get_by_id(tenant.id).is_active

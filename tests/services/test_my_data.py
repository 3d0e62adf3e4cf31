"""The resident's own data export: everything about the person, nothing about anyone else,
never a secret or an internal note."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from heka_asoy.models import (
    AuditLog,
    BankAccount,
    FaultEvent,
    Message,
    MessageThread,
    Notification,
    ServiceRequest,
    ServiceRequestEvent,
    Token,
)
from heka_asoy.services import my_data, sessions
from tests.factories import (
    add_other_resident,
    file_fault_report,
    make_rent_invoice,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
)


def _fill(app, user, tag: str, staff):
    """Give ``user`` one of everything, each carrying ``tag`` in its text."""
    report = file_fault_report(app, user, description=f"Fault {tag} in the kitchen tap")
    FaultEvent.create(report=report, kind="comment", text=f"comment-{tag}")
    FaultEvent.create(
        report=report, kind="note", text=f"internal-fault-{tag}", visible_to_resident=False
    )
    thread = MessageThread.create(user=user, flat=user.flat, subject=f"thread-{tag}")
    Message.create(thread=thread, author=user, body=f"message-{tag}")
    Message.create(thread=thread, author=staff, from_staff=True, body=f"answer-{tag}")
    Message.create(
        thread=thread, author=staff, from_staff=True, internal=True, body=f"internal-msg-{tag}"
    )
    request = ServiceRequest.create(
        flat=user.flat, user=user, kind="other", data={"what": f"request-{tag}"}
    )
    ServiceRequestEvent.create(request=request, kind="message", body=f"event-{tag}")
    ServiceRequestEvent.create(
        request=request, kind="note", body=f"internal-sr-{tag}", internal=True, from_staff=True
    )
    Notification.create(user=user, kind="fault", text=f"notice-{tag}")
    with app.test_request_context():
        from heka_asoy.services import audit

        audit.record(f"did_{tag}", user, user)
        sessions.open_session(user)
    Token.create(
        purpose="reset",
        token_hash=f"tokenhash{tag}".ljust(64, "0"),
        user=user,
        expires_at=date(2030, 1, 1),
    )


def test_export_has_the_persons_data_and_nobody_elses(app):
    """Two residents of one flat and a tenant of another, each with one of everything: does
    each export hold its own and none of the others' (nor any secret or internal note)?"""
    staff = make_staff()
    tenant = make_tenant()
    lease = tenant.flat.leases.get()
    make_rent_invoice(lease)
    BankAccount.create(
        resident=tenant.resident, iban="FI2112345600000785", holder_name="Testi Asukas"
    )
    flatmate = make_user(make_resident(phone="040 999 8888"))
    add_other_resident(tenant.flat, flatmate.resident)
    flatmate.flat = tenant.flat
    other = make_tenant()
    for user, tag in ((tenant, "AAA"), (flatmate, "BBB"), (other, "CCC")):
        _fill(app, user, tag, staff)

    export = my_data.export_for(tenant)
    text = json.dumps(export.as_json(), ensure_ascii=False)
    for own in (
        "Fault AAA",
        "comment-AAA",
        "thread-AAA",
        "message-AAA",
        "answer-AAA",
        "request-AAA",
        "event-AAA",
        "notice-AAA",
        "did_AAA",
        tenant.email,
        tenant.resident.last_name,
        lease.number,
    ):
        assert own in text, own
    for foreign in (
        "BBB",
        "CCC",
        flatmate.email,
        other.email,
        flatmate.resident.last_name,
        other.resident.last_name,
        "040 999 8888",
    ):
        assert foreign not in text, foreign
    for secret in (
        "internal-",
        tenant.password_hash,
        tenant.resident.hetu_hash,
        tenant.resident.hetu_masked,
        "tokenhash",
        "key_hash",
        "FI2112345600000785",
    ):
        assert secret not in text, secret
    data = export.as_json()
    assert data["bank_account"][0]["iban"].endswith("0785")
    assert data["register"][0]["identity_code_kept_as_keyed_hash"] is True
    assert len(data["invoices"]) == 1
    assert data["invoices"][0]["amount"] == f"{Decimal(data['invoices'][0]['amount']):.2f}"
    assert len(data["login_sessions"]) == 1
    assert set(data["login_sessions"][0]) == {"created_at", "expires_at"}
    assert [e["text"] for e in data["fault_reports"][0]["events"]].count("comment-AAA") == 1
    assert [m["body"] for m in data["threads"][0]["messages"]] == ["message-AAA", "answer-AAA"]

    mate = json.dumps(my_data.export_for(flatmate).as_json(), ensure_ascii=False)
    assert "Fault BBB" in mate
    assert "AAA" not in mate
    assert "CCC" not in mate
    assert mate.count(lease.number) == 0  # not a party: no lease, no invoices
    assert "0785" not in mate


def test_shared_lease_names_the_other_party_only(app):
    """On a shared lease the other party appears by name, never their contact details."""
    from tests.factories import make_shared_lease

    flat, lease, (first, second) = make_shared_lease()
    second.resident.phone = "050 555 1234"
    second.resident.save()
    data = my_data.export_for(first).as_json()
    assert data["leases"][0]["other_parties"] == [second.resident.full_name]
    text = json.dumps(data, ensure_ascii=False)
    assert second.email not in text
    assert "050 555 1234" not in text


def test_desk_acts_for_you_is_said_without_naming_the_worker(app):
    tenant = make_tenant()
    staff = make_staff()  # named "Testi Virkailija"
    AuditLog.create(actor=tenant, acting_staff=staff, action="on_behalf_write")
    data = my_data.export_for(tenant).as_json()
    row = next(a for a in data["audit"] if a["action"] == "on_behalf_write")
    assert row["done_by"] == "desk"
    assert "Virkailija" not in json.dumps(data, ensure_ascii=False)


def test_export_query_count_is_constant(app, count_queries):
    tenant = make_tenant()
    staff = make_staff()
    _fill(app, tenant, "one", staff)
    with count_queries() as counter:
        my_data.export_for(tenant)
    few = counter.count
    for n in range(3):
        _fill(app, tenant, f"more{n}", staff)
    with count_queries() as counter:
        my_data.export_for(tenant)
    assert counter.count == few


def test_bookings_of_the_persons_leases_only(app):
    """Parking contracts of the person's lease and the flat's sauna turns while it ran; a
    sauna turn of the flat before the lease (a former tenant's) and another flat's are not."""
    from datetime import timedelta

    from tests.booking_factories import (
        bookable_hours,
        make_contract,
        make_parking_space,
        make_sauna,
        make_turn,
    )

    tenant = make_tenant()
    lease = tenant.flat.leases.get()
    other = make_tenant()
    sauna = make_sauna(tenant.flat.housing_company)
    hours = bookable_hours(sauna)
    make_turn(hours[0], tenant.flat)
    make_turn(
        hours[1],
        tenant.flat,
        starts_on=lease.starts_on - timedelta(days=400),
        ends_on=lease.starts_on - timedelta(days=200),
        hold_key=None,
    )
    make_turn(hours[2], other.flat)
    space = make_parking_space(tenant.flat.housing_company)
    make_contract(space, tenant.flat)
    make_contract(make_parking_space(other.flat.housing_company), other.flat)
    rows = my_data.export_for(tenant).as_json()["bookings"]
    assert [(r["kind"], r.get("space")) for r in rows] == [("parking", space.code), ("sauna", None)]
    sauna_row = rows[1]
    assert sauna_row["weekday"] == hours[0].weekday + 1
    assert sauna_row["start_hour"] == f"{hours[0].start_hour:02d}:00"
    flatmate = make_user(make_resident())
    add_other_resident(tenant.flat, flatmate.resident)
    assert my_data.export_for(flatmate).as_json()["bookings"] == []


def test_the_desks_address_is_not_exported(app):
    tenant = make_tenant()
    staff = make_staff()
    AuditLog.create(actor=tenant, action="own", ip="192.0.2.10")
    AuditLog.create(actor=tenant, acting_staff=staff, action="on_behalf_write", ip="10.1.2.3")
    AuditLog.create(
        actor=staff,
        action="on_behalf_start",
        target_type="user",
        target_id=tenant.id,
        ip="10.1.2.3",
    )
    AuditLog.create(
        actor=staff,
        action="contact_changed",
        target_type="user",
        target_id=tenant.id,
        ip="10.9.9.9",
    )
    co_party = make_tenant()
    AuditLog.create(
        actor=co_party,
        action="notice_given",
        target_type="user",
        target_id=tenant.id,
        ip="10.7.7.7",
    )
    rows = {
        a["action"]: (a["done_by"], a["ip"]) for a in my_data.export_for(tenant).as_json()["audit"]
    }
    assert rows == {
        "own": ("you", "192.0.2.10"),
        "on_behalf_write": ("desk", ""),
        "on_behalf_start": ("desk", ""),
        "contact_changed": ("desk", ""),
        "notice_given": ("other", ""),
    }

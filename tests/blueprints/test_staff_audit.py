"""The admins' audit log (issue 12 §5): who may read it, the filters (who, whom, what, when),
keyset pages, the CSV export of the same filter (bounded), and reading and exporting audited."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from heka_asoy.models import AuditLog, FaultReport
from heka_asoy.services import audit, audit_log
from tests.blueprints.test_page_queries import logged_in, queries
from tests.factories import (
    login,
    make_flat,
    make_lease,
    make_resident,
    make_staff,
    make_tenant,
    make_user,
)


@pytest.fixture
def admin_client(app):
    admin = make_staff(role="admin", email="boss@hekaoy.fi")
    client = app.test_client()
    login(client, admin)
    client.admin = admin
    return client


def rows_of(answer) -> list[list[str]]:
    text = answer.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def log(action, actor=None, target=None, **kw):
    return audit.record(action, actor, target, **kw)


@pytest.mark.parametrize("path", ["/staff/audit/", "/staff/audit/export.csv"])
def test_only_admins_read_the_log(app, client, path):
    assert client.get(path).status_code == 302
    assert logged_in(app, make_tenant()).get(path).status_code == 403
    assert logged_in(app, make_staff()).get(path).status_code == 403
    assert AuditLog.select().where(AuditLog.action.startswith("audit_")).count() == 0


def test_filter_by_who_matches_actor_and_acting_staff(app, admin_client):
    """Does "who" find what a worker did, also while acting for a resident, by username or
    id; and a system actor by its label?"""
    worker = make_staff(email="worker@hekaoy.fi")
    tenant = make_tenant()
    log("fault_note", worker, tenant.resident)
    log("contact_details_changed", tenant, tenant.resident, acting_staff=worker.id)
    log("activate", tenant, tenant)
    log("invoices_issued", None, actor_label="invoicing job")
    for who in ("WORKER@hekaoy.fi", str(worker.id)):
        body = admin_client.get("/staff/audit/", query_string={"who": who}).get_data(as_text=True)
        assert "fault_note" in body
        assert "contact_details_changed" in body
        assert "<code>activate</code>" not in body
    body = admin_client.get("/staff/audit/?who=invoicing job").get_data(as_text=True)
    assert "invoices_issued" in body
    assert "fault_note" not in body


def test_filter_by_whom_person_and_flat(app, admin_client):
    """Does "person" find rows about the resident and their account, and "flat" rows about
    the flat and the rows that belong to it (a fault report), and nothing of another flat?"""
    tenant = make_tenant()
    other = make_tenant()
    report = FaultReport.create(flat=tenant.flat, category="water.tap", description="x")
    log("contact_details_changed", tenant, tenant.resident)
    log("activate", tenant, tenant)
    log("fault_report_filed", tenant, report)
    log("register_viewed", admin_client.admin, tenant.flat, what="flat")
    log("activate", other, other)
    log("register_viewed", admin_client.admin, other.flat, what="flat")
    person = audit_log.query.page(
        audit_log.AuditFilters(whom_type="person", whom_id=tenant.resident_id)
    )
    assert [r.action for r in person.rows] == ["activate", "contact_details_changed"]
    flat = audit_log.query.page(audit_log.AuditFilters(whom_type="flat", whom_id=tenant.flat.id))
    assert [(r.action, r.target_id) for r in flat.rows] == [
        ("register_viewed", tenant.flat.id), ("fault_report_filed", report.id),
    ]  # fmt: skip
    answer = admin_client.get(f"/staff/audit/?whom_type=flat&whom_id={tenant.flat.id}")
    assert f"/staff/faults/{report.id}" in answer.get_data(as_text=True)


def test_filter_by_action_and_helsinki_days(app, admin_client):
    """Are "from" and "to" whole Helsinki days (a row at 23:30 UTC on 1 Dec is 2 Dec there)?"""
    late = log("fault_status", admin_client.admin)
    AuditLog.update(created_at=datetime(2026, 12, 1, 23, 30)).where(
        AuditLog.id == late.id
    ).execute()
    early = log("fault_status", admin_client.admin)
    AuditLog.update(created_at=datetime(2026, 12, 1, 12, 0)).where(
        AuditLog.id == early.id
    ).execute()
    log("activate", admin_client.admin)

    def ids(**kw):
        return [r.id for r in audit_log.query.page(audit_log.AuditFilters(**kw)).rows]

    assert ids(action="fault_status") == [early.id, late.id]
    assert ids(since=date(2026, 12, 2), until=date(2026, 12, 2)) == [late.id]
    assert ids(until=date(2026, 12, 1), action="fault_status") == [early.id]


def test_pages_go_by_keyset(app, admin_client, monkeypatch):
    monkeypatch.setattr(audit_log.query, "PAGE_SIZE", 3)
    made = [log("activate", admin_client.admin).id for _ in range(7)]
    first = admin_client.get("/staff/audit/?action=activate").get_data(as_text=True)
    assert f"after={made[4]}" in first
    second = admin_client.get(f"/staff/audit/?action=activate&after={made[4]}")
    body = second.get_data(as_text=True)
    assert f"after={made[1]}" in body
    assert "First page" in body


def test_reading_and_exporting_are_audited_with_the_filter(app, admin_client):
    admin_client.get("/staff/audit/?action=activate&since=2026-01-01&whom_type=flat&whom_id=4")
    answer = admin_client.get("/staff/audit/export.csv?action=activate")
    assert answer.status_code == 200
    viewed = AuditLog.get(AuditLog.action == "audit_viewed")
    assert viewed.data == {"filter": {"action": "activate", "since": "2026-01-01",
                                      "whom_type": "flat", "whom_id": 4}}  # fmt: skip
    exported = AuditLog.get(AuditLog.action == "audit_exported")
    assert exported.data == {"filter": {"action": "activate"}}
    assert exported.actor_id == admin_client.admin.id


def test_export_is_the_filtered_log_with_machine_times(app, admin_client):
    resident = make_resident(first_names="Eeva", last_name="Exporttinen")
    flat = make_flat()
    make_lease(flat, [resident])
    user = make_user(resident, email="eeva@example.fi")
    row = log("contact_details_changed", user, resident, fields=["=cmd"])
    AuditLog.update(created_at=datetime(2026, 6, 1, 9, 0, 5)).where(AuditLog.id == row.id).execute()
    log("activate", user, user)
    answer = admin_client.get("/staff/audit/export.csv?action=contact_details_changed")
    assert answer.mimetype == "text/csv"
    assert "audit-log-" in answer.headers["Content-Disposition"]
    header, *lines = rows_of(answer)
    assert header[:3] == ["Number", "Time", "Username"]
    assert len(lines) == 1
    cells = lines[0]
    assert cells[1] == "2026-06-01 12:00:05"  # Helsinki summer time
    assert cells[2] == "eeva@example.fi"
    assert cells[7:10] == ["contact_details_changed", "resident", str(resident.id)]
    assert cells[10] == '{"fields": ["=cmd"]}'
    assert resident.hetu_plain.encode() not in answer.data


def test_export_is_bounded(app, admin_client, monkeypatch):
    monkeypatch.setattr(audit_log.query, "EXPORT_BATCH", 2)
    for _ in range(6):
        log("activate", admin_client.admin)
    rows = list(
        audit_log.export_rows(audit_log.AuditFilters(action="activate"), admin_client.admin, 5)
    )
    assert len(rows) == 5
    assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)


def test_register_reads_show_in_the_log_without_identity_codes(app, admin_client):
    """Who looked at whose data: a register search by identity code is in the log, masked."""
    person = make_resident()
    admin_client.post("/staff/register/", data={"person": person.hetu_plain})
    answer = admin_client.get("/staff/audit/?action=register_viewed")
    assert person.hetu_masked in answer.get_data(as_text=True)
    assert person.hetu_plain.encode() not in answer.data
    export = admin_client.get("/staff/audit/export.csv?action=register_viewed")
    assert person.hetu_plain.encode() not in export.data


def test_bad_filters_are_said_and_left_out(app, admin_client):
    log("activate", admin_client.admin)
    answer = admin_client.get("/staff/audit/?since=2026-02-30&whom_type=nonsense&whom_id=x")
    assert answer.status_code == 200
    assert "<code>activate</code>" in answer.get_data(as_text=True)


def test_log_page_queries_do_not_grow_with_rows(app, admin_client, count_queries):
    worker = make_staff(email="w2@hekaoy.fi")
    log("activate", worker)
    path = "/staff/audit/?who=w2@hekaoy.fi"
    few = queries(admin_client, count_queries, path)
    tenant = make_tenant()
    for _ in range(20):
        log("fault_note", worker, tenant.resident, acting_staff=None)
        log("contact_details_changed", tenant, tenant.resident, acting_staff=worker.id)
    assert queries(admin_client, count_queries, path) == few


def test_times_are_naive_utc_in_rows(app, admin_client):
    log("activate", admin_client.admin)
    row = audit_log.query.page(audit_log.AuditFilters()).rows[0]
    assert row.created_at.tzinfo is None
    assert abs(datetime.now(UTC).replace(tzinfo=None) - row.created_at) < timedelta(minutes=5)

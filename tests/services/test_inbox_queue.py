"""The desk's one queue (services.inbox): filters, assignment, overdue, keyset pages, the capped
count, the CSV, reply templates. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from heka_asoy.domain import faults as fault_rules
from heka_asoy.domain import inbox as rules
from heka_asoy.models import AuditLog, FaultReport, MessageThread, ReplyTemplate, ServiceRequest
from heka_asoy.services import inbox
from heka_asoy.services.errors import NotFound, Refused
from heka_asoy.services.inbox import export, templates
from heka_asoy.services.inbox import queue as inbox_queue
from heka_asoy.services.inbox.queue import Cursor, InboxFilters
from tests.factories import (
    make_company,
    make_flat,
    make_inbox_request,
    make_inbox_thread,
    make_staff,
    make_tenant,
)

HELSINKI = ZoneInfo("Europe/Helsinki")


def naive(dt: datetime) -> datetime:
    return dt.astimezone(UTC).replace(tzinfo=None)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


def fault(flat, status=fault_rules.RECEIVED, when=None, **kw):
    when = naive(when) if when else None
    data = {
        "flat": flat,
        "reporter_name": "Testi",
        "category": "water.tap",
        "description": "Hana vuotaa",
        "status": status,
    }
    if when:
        data.update(created_at=when, updated_at=when, status_changed_at=when)
    data.update(kw)
    return FaultReport.create(**data)


def worker(name: str):
    user = make_staff()
    user.name = name
    user.save()
    return user


def stamp(when: datetime) -> dict:
    return {"created_at": naive(when), "updated_at": naive(when)}


def keys(rows) -> list[tuple[str, int]]:
    return [(row.kind, row.id) for row in rows]


@pytest.fixture
def stock(app):
    """One case of each kind in two housing companies, a minute apart (newest: the request)."""
    tenant = make_tenant()
    flat = tenant.flat
    other_flat = make_flat(make_company(name="Asunto Oy Toinen"))
    base = at(2026, 11, 23, 9, 0)  # Monday
    return {
        "tenant": tenant,
        "flat": flat,
        "other_flat": other_flat,
        "fault": fault(flat, when=base),
        "message": make_inbox_thread(flat, tenant, **stamp(base + timedelta(minutes=1))),
        "mail": make_inbox_thread(
            None, None, source="email", needs_triage=True, subject="=HYPERLINK(1)",
            sender_email="tuntematon@example.com", **stamp(base + timedelta(minutes=2)),
        ),  # fmt: skip
        "request": make_inbox_request(other_flat, tenant, **stamp(base + timedelta(minutes=3))),
    }


NOW = at(2026, 11, 23, 10, 0)


def test_every_kind_in_one_list_newest_activity_first(stock):
    page = inbox.page(InboxFilters(), now=NOW)
    assert keys(page.rows) == [
        ("request", stock["request"].id),
        ("mailbox", stock["mail"].id),
        ("message", stock["message"].id),
        ("fault", stock["fault"].id),
    ]
    assert page.total == 4
    assert not page.capped
    assert page.next_cursor is None
    mail = page.rows[1]
    assert mail.needs_triage
    assert mail.sender_email == "tuntematon@example.com"
    assert mail.company_name == ""
    assert mail.flat_number == ""
    request_row = page.rows[0]
    assert request_row.company_name == "Asunto Oy Toinen"


def test_a_new_message_moves_a_thread_to_the_top(stock):
    MessageThread.update(updated_at=naive(NOW)).where(
        MessageThread.id == stock["message"].id
    ).execute()
    rows = inbox.page(InboxFilters(), now=NOW).rows
    assert keys(rows)[0] == ("message", stock["message"].id)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("fault", ["fault"]), ("message", ["message"]), ("mailbox", ["mail"]),
     ("request", ["request"])],
)  # fmt: skip
def test_type_filter(stock, kind, expected):
    rows = inbox.page(InboxFilters(kind=kind), now=NOW).rows
    assert [row.id for row in rows] == [stock[name].id for name in expected]


def test_status_filter_maps_each_tables_statuses(stock):
    MessageThread.update(status="answered").where(MessageThread.id == stock["message"].id).execute()
    ServiceRequest.update(status="closed").where(ServiceRequest.id == stock["request"].id).execute()
    FaultReport.update(status=fault_rules.WAITING_FOR_PARTS).where(
        FaultReport.id == stock["fault"].id
    ).execute()
    fault(stock["flat"], status=fault_rules.UNCONFIRMED)  # never in the queue

    def kinds(state):
        return sorted(row.kind for row in inbox.page(InboxFilters(state=state), now=NOW).rows)

    assert kinds(rules.OPEN) == ["mailbox"]
    assert kinds(rules.WAITING) == ["fault", "message"]
    assert kinds(rules.CLOSED) == ["request"]
    assert kinds(rules.ACTIVE) == ["fault", "mailbox", "message"]
    assert kinds(rules.ALL) == ["fault", "mailbox", "message", "request"]


def test_company_filter_leaves_out_cases_without_a_flat(stock):
    company = stock["flat"].housing_company_id
    rows = inbox.page(InboxFilters(company=company), now=NOW).rows
    assert sorted(row.kind for row in rows) == ["fault", "message"]
    assert inbox.page(InboxFilters(company=company), now=NOW).total == 2


def test_assignment_filters_and_audit(stock):
    me, colleague = worker("Minä"), worker("Kollega")
    inbox.assign("thread", stock["mail"].id, me.id, me)
    inbox.assign("fault", stock["fault"].id, colleague.id, me)

    def ids(assigned):
        return keys(inbox.page(InboxFilters(assigned=assigned), now=NOW, viewer_id=me.id).rows)

    assert ids(inbox.ME) == [("mailbox", stock["mail"].id)]
    assert ids(colleague.id) == [("fault", stock["fault"].id)]
    assert sorted(kind for kind, _ in ids(inbox.NOBODY)) == ["message", "request"]
    row = inbox.page(InboxFilters(kind="fault"), now=NOW).rows[0]
    assert row.assignee_name == "Kollega"
    entry = AuditLog.select().where(AuditLog.action == "inbox_assigned").order_by(AuditLog.id)
    assert [(e.target_type, e.target_id, e.data["after"]) for e in entry] == [
        ("messagethread", stock["mail"].id, me.id),
        ("faultreport", stock["fault"].id, colleague.id),
    ]
    inbox.assign("fault", stock["fault"].id, None, me)
    assert FaultReport.get_by_id(stock["fault"].id).assigned_to_id is None


def test_assignment_refuses_residents_and_unknown_cases(stock):
    me = make_staff()
    with pytest.raises(Refused):
        inbox.assign("fault", stock["fault"].id, me.id, stock["tenant"])
    with pytest.raises(Refused):
        inbox.assign("fault", stock["fault"].id, stock["tenant"].id, me)  # not a worker
    with pytest.raises(NotFound):
        inbox.assign("fault", 999_999, me.id, me)
    with pytest.raises(NotFound):
        inbox.assign("invoice", stock["fault"].id, me.id, me)
    assert FaultReport.get_by_id(stock["fault"].id).assigned_to_id is None
    assert not AuditLog.select().where(AuditLog.action == "inbox_assigned").exists()


def test_overdue_after_two_business_days_across_weekend_and_holiday(app):
    """A message of Wednesday 23.12.2026 8:00 without an answer: not overdue over Christmas
    (two holidays) and the weekend, overdue on Tuesday morning; an answered one never."""
    tenant = make_tenant()
    sent = at(2026, 12, 23, 8, 0)
    late = make_inbox_thread(tenant.flat, tenant, **stamp(sent))
    answered = make_inbox_thread(
        tenant.flat, tenant, first_answered_at=naive(sent + timedelta(hours=1)), **stamp(sent)
    )
    request_late = make_inbox_request(tenant.flat, tenant, **stamp(sent))
    with time_machine.travel(at(2026, 12, 28, 15, 0), tick=False):
        page = inbox.page(InboxFilters(overdue=True))
        assert page.rows == []
        assert not any(row.overdue for row in inbox.page(InboxFilters()).rows)
    with time_machine.travel(at(2026, 12, 29, 8, 30), tick=False):
        page = inbox.page(InboxFilters(overdue=True))
        assert sorted(keys(page.rows)) == [("message", late.id), ("request", request_late.id)]
        flags = {row.id: row.overdue for row in inbox.page(InboxFilters(kind="message")).rows}
        assert flags == {late.id: True, answered.id: False}


def test_overdue_faults_follow_the_fault_queues_rule(app):
    flat = make_flat()
    old = fault(flat, status=fault_rules.RECEIVED, when=at(2026, 11, 23, 9, 0))
    fault(flat, status=fault_rules.RECEIVED, when=at(2026, 11, 24, 9, 0))
    now = at(2026, 11, 24, 9, 30)  # the first has waited 8.5 business hours in "received"
    rows = inbox.page(InboxFilters(overdue=True), now=now).rows
    assert keys(rows) == [("fault", old.id)]
    assert fault_rules.overdue(fault_rules.RECEIVED, at(2026, 11, 23, 9, 0), now)


@pytest.mark.parametrize("cap", [1000, 1])
def test_keyset_pages_cover_everything_once(app, monkeypatch, cap):
    """Do pages of 3 walk through 10 cases of every kind, with equal activity times among
    them, each case exactly once, in order? (With a count cap of 1 every table counts as "many"
    and is read by walking its activity index.)"""
    monkeypatch.setattr(inbox_queue, "COUNT_CAP", cap)
    tenant = make_tenant()
    when = at(2026, 11, 23, 9, 0)
    made = []
    for n in range(10):
        same = stamp(when + timedelta(minutes=n // 3))  # ties across tables
        if n % 3 == 0:
            made.append(("fault", fault(tenant.flat, when=when + timedelta(minutes=n // 3)).id))
        elif n % 3 == 1:
            made.append(("message", make_inbox_thread(tenant.flat, tenant, **same).id))
        else:
            made.append(("request", make_inbox_request(tenant.flat, tenant, **same).id))
    monkeypatch.setattr(inbox_queue, "PAGE_SIZE", 3)
    seen, after = [], None
    for _ in range(10):
        page = inbox.page(InboxFilters(after=after), now=NOW)
        seen += keys(page.rows)
        assert page.total == min(10, cap)
        after = page.next_cursor
        if after is None:
            break
        after = Cursor.parse(after.token())  # through the URL and back
    assert sorted(seen) == sorted(made)
    assert len(seen) == 10
    everything = keys(inbox_queue.rows(InboxFilters(), now=NOW, limit=100)[0])
    assert seen == everything


def test_cursor_parse_refuses_junk():
    good = Cursor(datetime(2026, 1, 2, 3, 4, 5, 6), 2, 7)
    assert Cursor.parse(good.token()) == good
    for junk in ("", "x", "2026-01-01T00:00:00_9_1", "2026-01-01T00:00:00_1_0",
                 "2026-01-01T00:00:00+02:00_1_1", "a_b_c", "1" * 80):  # fmt: skip
        assert Cursor.parse(junk) is None


def test_count_is_capped(app, monkeypatch):
    tenant = make_tenant()
    for _ in range(4):
        make_inbox_thread(tenant.flat, tenant)
        make_inbox_request(tenant.flat, tenant)
    monkeypatch.setattr(inbox_queue, "COUNT_CAP", 3)
    page = inbox.page(InboxFilters())
    assert page.capped
    assert page.total == 3


def test_a_page_is_two_queries_whatever_the_stock(app, count_queries):
    tenant = make_tenant()
    staff = make_staff()

    def measure():
        with count_queries() as counter:
            page = inbox.page(InboxFilters(), viewer_id=staff.id)
        return counter.count, len(page.rows)

    make_inbox_thread(tenant.flat, tenant)
    few = measure()
    for _ in range(5):
        fault(make_flat())
        make_inbox_thread(None, None, source="email", assigned_to=staff)
        make_inbox_request(tenant.flat, tenant, assigned_to=staff)
    many = measure()
    assert few[0] == many[0] == 2
    assert many[1] == 16


def test_csv_holds_only_what_the_filter_shows(stock):
    filters = InboxFilters(company=stock["flat"].housing_company_id)
    headers = ["type", "id", "state", "status", "title", "sender", "company", "flat",
               "received", "activity", "assigned", "overdue", "triage"]  # fmt: skip
    lines = export.csv_lines(
        inbox_queue.all_rows(filters, now=NOW, batch=1), headers, lambda w, c, t: c
    )
    table = list(csv.reader(io.StringIO("".join(lines).lstrip("\ufeff"))))
    assert table[0] == headers
    assert sorted((r[0], int(r[1])) for r in table[1:]) == sorted(
        [("fault", stock["fault"].id), ("message", stock["message"].id)]
    )
    assert "Asunto Oy Toinen" not in "".join(",".join(r) for r in table)


def test_csv_cells_cannot_be_formulas(stock):
    lines = export.csv_lines(
        inbox_queue.all_rows(InboxFilters(kind="mailbox"), now=NOW), ["h"], lambda w, c, t: c
    )
    text = "".join(lines)
    assert "'=HYPERLINK(1)" in text
    for bad in ("=1+2", "+1", "-1", "@SUM(A1)", "\tx"):
        assert export.safe_cell(bad) == "'" + bad
    assert export.safe_cell("Hana vuotaa") == "Hana vuotaa"


# --- reply templates ----------------------------------------------------------------------------


def test_templates_crud_audited_and_by_language(app):
    staff = make_staff()
    data = templates.TemplateData(name="Kiitos", body_fi="Kiitos viestistä.", body_sv="Tack.")
    made = templates.create_template(data, staff)
    assert templates.template_body(made.id, "sv") == "Tack."
    assert templates.template_body(made.id, "en") == "Kiitos viestistä."  # falls back to fi
    assert templates.template_body(made.id, "xx") == "Kiitos viestistä."
    templates.update_template(
        made.id, templates.TemplateData(name="Kiitos", body_fi="Kiitos!", body_en="Thanks!"), staff
    )
    assert templates.template_body(made.id, "en") == "Thanks!"
    assert templates.template_body(made.id, "sv") == "Kiitos!"  # sv emptied
    templates.delete_template(made.id, staff)
    assert not ReplyTemplate.select().exists()
    with pytest.raises(NotFound):
        templates.template_body(made.id, "fi")
    actions = [e.action for e in AuditLog.select().order_by(AuditLog.id)]
    assert actions == ["reply_template_created", "reply_template_changed",
                       "reply_template_deleted"]  # fmt: skip


def test_templates_refuse_residents(app):
    tenant = make_tenant()
    with pytest.raises(Refused):
        templates.create_template(templates.TemplateData(name="x", body_fi="y"), tenant)
    assert not ReplyTemplate.select().exists()

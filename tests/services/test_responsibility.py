"""Who repairs: the responsibility table (default, global rule, a housing company's rule), the
routing of a new report by it, and the desk moving a report between the housing company and
Heka with a reason. Write paths run on SQLite and on PostgreSQL (TEST_DATABASE_URL)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from heka_asoy.domain import faults as rules
from heka_asoy.domain import responsibility as parties
from heka_asoy.models import AuditLog, FaultEvent, FaultReport, Notification, OutboxMail
from heka_asoy.models.desk import ResponsibilityRule
from heka_asoy.services import fault_queue, responsibility
from heka_asoy.services import faults as service
from heka_asoy.services.errors import NotFound
from heka_asoy.services.faults import FaultError, ReportInput
from tests.blueprints.test_maintenance import tenant
from tests.factories import make_company, make_flat, make_staff, make_tenant

HKI = ZoneInfo("Europe/Helsinki")
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=HKI)  # office hours: forwarded at once
TUESDAY_EVENING = datetime(2026, 11, 24, 19, 0, tzinfo=HKI)


def _file(app, user, category: str, description: str = "It does not work.") -> FaultReport:
    with app.test_request_context():
        report = service.file_report(
            user,
            user.flat.id,
            ReportInput(category=category, description=description, phone="040 123 4567"),
        )
    return FaultReport.get_by_id(report.id)


def _mails(kind: str) -> list[OutboxMail]:
    return list(OutboxMail.select().where(OutboxMail.kind == kind).order_by(OutboxMail.id))


# --- the table --------------------------------------------------------------------------------


def test_company_rule_beats_global_rule_beats_default(app):
    """Does a flat's housing company's own rule win over the global rule, and that over the
    default; and does another company's rule change nothing here?"""
    staff = make_staff()
    home, other = make_company(), make_company()
    flat = make_flat(home)
    assert responsibility.responsible_for("appliances.fridge", flat.id).who == parties.HEKA
    with app.test_request_context():
        responsibility.set_rule(staff, "appliances.fridge", other.id, parties.RESIDENT, "x")
        assert responsibility.responsible_for("appliances.fridge", flat.id).who == parties.HEKA
        responsibility.set_rule(
            staff, "appliances.fridge", None, parties.HOUSING_COMPANY, "Kitchens renewed 2024."
        )
        found = responsibility.responsible_for("appliances.fridge", flat.id)
        assert (found.who, found.note, found.source) == (
            parties.HOUSING_COMPANY,
            "Kitchens renewed 2024.",
            "global",
        )
        responsibility.set_rule(staff, "appliances.fridge", home.id, parties.HEKA, "§ 3")
        found = responsibility.responsible_for("appliances.fridge", flat.id)
        assert (found.who, found.note, found.source) == (parties.HEKA, "§ 3", "company")
        # without a flat (the public form before one is chosen) only the global rule counts
        assert responsibility.responsible_for("appliances.fridge").who == parties.HOUSING_COMPANY
        # removing the company's rule falls back to the global one
        assert responsibility.set_rule(staff, "appliances.fridge", home.id, "") is None
        assert (
            responsibility.responsible_for("appliances.fridge", flat.id).who
            == parties.HOUSING_COMPANY
        )
    actions = [a.action for a in AuditLog.select().order_by(AuditLog.id)]
    assert actions == [
        "responsibility_rule_set",
        "responsibility_rule_set",
        "responsibility_rule_set",
        "responsibility_rule_removed",
    ]
    assert all(a.actor_id == staff.id for a in AuditLog.select())


def test_responsible_for_is_one_query_whatever_the_table_holds(app, count_queries):
    staff = make_staff()
    companies = [make_company() for _ in range(3)]
    flat = make_flat(companies[0])
    with app.test_request_context():
        for company in companies:
            responsibility.set_rule(staff, "water.tap", company.id, parties.HEKA)
        responsibility.set_rule(staff, "water.tap", None, parties.RESIDENT)
    with count_queries() as counted:
        assert responsibility.responsible_for("water.tap", flat.id).who == parties.HEKA
    assert counted.count == 1
    with count_queries() as counted:
        rows = responsibility.table()
    assert counted.count == 1
    tap = next(r for r in rows if r.category == "water.tap")
    assert tap.global_rule.who == parties.RESIDENT
    assert len(tap.companies) == 3
    assert {r.category for r in rows} == set(rules.LEAF_CODES)


def test_bad_rules_are_refused_and_change_nothing(app):
    staff = make_staff()
    with app.test_request_context():
        for args in [
            ("water", None, parties.HEKA),  # not a leaf
            ("water.tap", None, "nobody"),
            ("water.tap", 999999, parties.HEKA),  # no such company
        ]:
            with pytest.raises(responsibility.RuleError):
                responsibility.set_rule(staff, *args)
        with pytest.raises(responsibility.RuleError):
            responsibility.set_rule(staff, "water.tap", None, parties.HEKA, "x" * 1001)
        with pytest.raises(NotFound):
            responsibility.responsible_for("water.nope", None)
    assert ResponsibilityRule.select().count() == 0
    assert AuditLog.select().count() == 0


def test_a_resident_asks_only_about_their_own_flat(app):
    """The form's question for a flat that is not the user's is NotFound (nothing revealed)."""
    user, stranger = make_tenant(), make_tenant()
    found = responsibility.resident_responsibility(user, "appliances.fridge", user.flat.id)
    assert found.who == parties.HEKA
    assert responsibility.resident_responsibility(user, "", user.flat.id) is None
    with pytest.raises(NotFound):
        responsibility.resident_responsibility(stranger, "appliances.fridge", user.flat.id)


# --- routing on filing ------------------------------------------------------------------------


def test_heka_s_share_stays_with_the_desk_and_the_housing_company_s_is_forwarded(app):
    """In office hours: a tap goes to maintenance at once; a fridge stays with the asoy desk in
    "received" (no mail to maintenance, never forwarded later); a light is marked the
    resident's and stays with the desk too. The reporter is told who has it."""
    user = tenant()
    with time_machine.travel(TUESDAY_10, tick=False):
        tap = _file(app, user, "water.tap")
        fridge = _file(app, user, "appliances.fridge")
        light = _file(app, user, "electricity.lighting", "The ceiling light does not come on.")
    assert (tap.responsible, tap.status) == (parties.HOUSING_COMPANY, rules.SENT_TO_MAINTENANCE)
    assert (fridge.responsible, fridge.status) == (parties.HEKA, rules.RECEIVED)
    assert (light.responsible, light.status) == (parties.RESIDENT, rules.RECEIVED)
    assert fridge.forwarded_at is None
    assert fridge.forward_after is None
    assert [m.recipient for m in _mails("fault_forward")] == ["huolto@example.fi"]
    received = {m.body_text for m in _mails("fault_received")}
    assert any("asoy desk handles it" in body for body in received)
    with time_machine.travel(datetime(2026, 11, 30, 10, 0, tzinfo=HKI), tick=False):
        assert service.forward_due() == 0
    assert FaultReport.get_by_id(fridge.id).status == rules.RECEIVED


def test_outside_office_hours_only_the_housing_company_s_share_waits_for_forwarding(app):
    user = tenant()
    with time_machine.travel(TUESDAY_EVENING, tick=False):
        tap = _file(app, user, "water.tap")
        fridge = _file(app, user, "appliances.fridge")
    assert tap.forward_after is not None
    assert fridge.forward_after is None


def test_a_company_rule_routes_its_flats_reports(app):
    """A housing company whose articles make the fridges its own: its flat's fridge report goes
    to maintenance; another company's flat's stays with the desk."""
    staff = make_staff()
    own = make_company()
    user, elsewhere = tenant(own), tenant()
    with app.test_request_context():
        responsibility.set_rule(staff, "appliances.fridge", own.id, parties.HOUSING_COMPANY)
    with time_machine.travel(TUESDAY_10, tick=False):
        mine = _file(app, user, "appliances.fridge")
        theirs = _file(app, elsewhere, "appliances.fridge")
    assert mine.status == rules.SENT_TO_MAINTENANCE
    assert theirs.status == rules.RECEIVED


def test_the_desk_queue_shows_and_filters_who_handles_it(app):
    user = tenant()
    with time_machine.travel(TUESDAY_10, tick=False):
        _file(app, user, "water.tap")
        fridge = _file(app, user, "appliances.fridge")
    page = fault_queue.queue(fault_queue.QueueFilters(responsible=parties.HEKA))
    assert [row.report.id for row in page.rows] == [fridge.id]
    assert page.rows[0].report.responsible == parties.HEKA
    assert fault_queue.queue(fault_queue.QueueFilters()).total == 2


# --- moving a report --------------------------------------------------------------------------


def test_moving_heka_s_report_to_the_housing_company_forwards_it(app):
    """The desk moves a fridge report to the housing company with a reason: it goes to the
    maintenance company by the usual path, the timeline says so with the reason, the move is
    audited and the reporter is mailed and notified."""
    staff = make_staff()
    user = tenant()
    with time_machine.travel(TUESDAY_10, tick=False):
        report = _file(app, user, "appliances.fridge")
        with app.test_request_context():
            moved = service.move_report(
                staff,
                report.id,
                parties.HOUSING_COMPANY,
                "The fridge came with the flat.",
                report.version,
            )
    moved = FaultReport.get_by_id(moved.id)
    assert (moved.responsible, moved.status) == (
        parties.HOUSING_COMPANY,
        rules.SENT_TO_MAINTENANCE,
    )
    assert [m.recipient for m in _mails("fault_forward")] == ["huolto@example.fi"]
    event = FaultEvent.get((FaultEvent.report == report.id) & (FaultEvent.kind == "moved"))
    assert (event.status, event.text, event.visible_to_resident) == (
        parties.HOUSING_COMPANY,
        "The fridge came with the flat.",
        True,
    )
    audit = AuditLog.get(AuditLog.action == "fault_moved")
    assert audit.actor_id == staff.id
    assert audit.data["responsible"] == parties.HOUSING_COMPANY
    assert audit.data["was"] == parties.HEKA
    moved_mail = _mails("fault_moved")
    assert len(moved_mail) == 1
    assert "The fridge came with the flat." in moved_mail[0].body_text
    assert Notification.select().where(Notification.kind == "fault_moved").count() == 1


def test_moving_a_forwarded_report_to_heka_takes_it_off_maintenance(app):
    staff = make_staff()
    user = tenant()
    with time_machine.travel(TUESDAY_10, tick=False):
        report = _file(app, user, "water.tap")
        assert report.status == rules.SENT_TO_MAINTENANCE
        with app.test_request_context():
            service.move_report(
                staff, report.id, parties.HEKA, "A tap Heka installed itself.", report.version
            )
    report = FaultReport.get_by_id(report.id)
    assert (report.responsible, report.status) == (parties.HEKA, rules.RECEIVED)
    withdrawn = _mails("fault_withdrawn")
    assert [m.recipient for m in withdrawn] == ["huolto@example.fi"]
    assert "A tap Heka installed itself." in withdrawn[0].body_text
    # the maintenance link in the forwarded mail no longer opens the report
    with app.test_request_context(), pytest.raises(service.LinkClosed):
        service.report_for_maintenance(service.maintenance_token(report))
    assert AuditLog.select().where(AuditLog.action == "fault_moved").count() == 1


def test_a_move_without_reason_to_the_same_party_closed_or_stale_changes_nothing(app):
    staff = make_staff()
    user = tenant()
    with time_machine.travel(TUESDAY_10, tick=False):
        report = _file(app, user, "appliances.fridge")
        version = report.version
        with app.test_request_context():
            for to, reason, v, code in [
                (parties.HOUSING_COMPANY, "  ", version, "move_reason"),
                (parties.RESIDENT, "why", version, "move_party"),
                (parties.HEKA, "why", version, "move_same"),
                (parties.HOUSING_COMPANY, "why", version - 1, "conflict"),
                (parties.HOUSING_COMPANY, "x" * 2001, version, "move_reason_long"),
            ]:
                with pytest.raises(FaultError) as refused:
                    service.move_report(staff, report.id, to, reason, v)
                assert refused.value.code == code
            service.change_status(
                report.id, rules.CANCELLED, actor_kind=rules.DESK, version=version
            )
            with pytest.raises(FaultError) as refused:
                service.move_report(
                    staff,
                    report.id,
                    parties.HOUSING_COMPANY,
                    "why",
                    FaultReport.get_by_id(report.id).version,
                )
            assert refused.value.code == "move_closed"
    assert FaultEvent.select().where(FaultEvent.kind == "moved").count() == 0
    assert AuditLog.select().where(AuditLog.action == "fault_moved").count() == 0
    assert FaultReport.get_by_id(report.id).responsible == parties.HEKA
    assert _mails("fault_forward") == []


def test_heka_s_report_reaches_maintenance_only_by_a_move(app):
    """The desk's status choices for Heka's share leave out "sent to maintenance", and the
    service refuses it too: a move, with its reason, is the way there."""
    user = tenant()
    with time_machine.travel(TUESDAY_10, tick=False):
        report = _file(app, user, "appliances.fridge")
        assert rules.SENT_TO_MAINTENANCE not in fault_queue.desk_view(report.id).transitions
        with app.test_request_context(), pytest.raises(FaultError) as refused:
            service.change_status(
                report.id, rules.SENT_TO_MAINTENANCE, actor_kind=rules.DESK, version=report.version
            )
    assert refused.value.code == "move_first"
    assert FaultReport.get_by_id(report.id).status == rules.RECEIVED
    assert _mails("fault_forward") == []


def test_a_public_report_of_heka_s_share_stays_with_the_desk_after_confirmation(app):
    """A matching public report of a dishwasher is routed to "received" at the desk, not to
    maintenance; its receipt says the asoy desk handles it."""
    import re

    from tests.blueprints.test_public_faults import _flat_with_resident

    flat, _resident = _flat_with_resident()
    with time_machine.travel(TUESDAY_10, tick=False), app.test_request_context():
        report = service.file_public_report(
            flat.id,
            service.PublicReporter("Maija Rekisterinen", "maija@example.fi", "040 123 4567"),
            ReportInput(
                category="appliances.dishwasher", description="The dishwasher does not start."
            ),
            "en",
        )
        assert report.responsible == parties.HEKA
        confirm = _mails("fault_confirm")[0].body_text
        token = re.search(r"/report-fault/confirm/(\S+)", confirm).group(1)
        service.confirm_public_report(token)
        service.route_public_report(report.id)
    report = FaultReport.get_by_id(report.id)
    assert (report.status, report.forwarded_at) == (rules.RECEIVED, None)
    assert _mails("fault_forward") == []
    assert "asoy desk handles it" in _mails("fault_received")[0].body_text


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("template", ["fault_moved", "fault_withdrawn"])
def test_the_move_mails_render_from_what_the_service_passes(app, count_queries, template, language):
    """Do the move's mails render in each language from the report, the flat with its companies
    and the reason, without a query of their own, and carry the reason?"""
    from heka_asoy.models import Flat
    from heka_asoy.services.mailer import render_mail

    report = _file(app, tenant(), "appliances.fridge")
    flat = Flat.with_companies(report.flat_id)
    with app.test_request_context(), count_queries() as rendering:
        subject, text, html = render_mail(
            template,
            language,
            report=report,
            flat=flat,
            reason="The kitchen is the company's.",
            link="http://localhost/my/faults/1",
        )
    assert rendering.count == 0
    assert subject
    assert "The kitchen is the company's." in text
    assert "The kitchen is the company&#39;s." in html or "The kitchen is the company's." in html

"""Announcements: targeting, scheduling (time frozen), read marks, language fallback, the mail
fan-out (once per resident, in their language), and "me too" on shared-space fault reports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from heka_asoy.domain import faults as rules
from heka_asoy.models import (
    Announcement,
    AnnouncementMail,
    AnnouncementRead,
    AuditLog,
    FaultMeToo,
    FaultReport,
    Notification,
    OutboxMail,
    utcnow,
)
from heka_asoy.services import announcements as service
from heka_asoy.services import faults
from heka_asoy.services.faults import FaultError, ReportNotFound
from tests.factories import (
    file_fault_report,
    make_ann_announcement,
    make_ann_building,
    make_ann_tenant,
    make_company,
    make_staff,
)


@pytest.fixture
def town(app):
    """Company A with buildings A (two tenants) and B (one), company C with one tenant."""
    company_a = make_company()
    first = make_ann_tenant(company_a)
    building_a = first.flat.building
    neighbour = make_ann_tenant(building=building_a)
    building_b = make_ann_building(company_a, "B")
    other_building = make_ann_tenant(building=building_b)
    other_company = make_ann_tenant(make_company())
    return {
        "company": company_a,
        "building": building_a,
        "first": first,
        "neighbour": neighbour,
        "other_building": other_building,
        "other_company": other_company,
    }


def titles(user, language="en"):
    return [a.title for a in service.announcements_page(user, language)]


def test_targeting_all_company_building(town):
    """Does each audience reach exactly its residents, and another building never?"""
    make_ann_announcement(title_en="For all")
    make_ann_announcement(
        audience="housing_company", housing_company=town["company"], title_en="For company"
    )
    make_ann_announcement(
        audience="building",
        housing_company=town["company"],
        building=town["building"],
        title_en="For building",
    )
    assert set(titles(town["first"])) == {"For all", "For company", "For building"}
    assert set(titles(town["neighbour"])) == {"For all", "For company", "For building"}
    assert set(titles(town["other_building"])) == {"For all", "For company"}
    assert titles(town["other_company"]) == ["For all"]


def test_scheduling_with_time_frozen(town):
    """Is an announcement published in the future hidden until its time, and an expired or
    withdrawn one hidden?"""
    now = datetime.now(UTC).replace(second=0, microsecond=0)  # leases run from 100 days ago
    naive = now.replace(tzinfo=None)
    make_ann_announcement(title_en="Later", published_at=naive + timedelta(hours=2))
    make_ann_announcement(
        title_en="Expired",
        published_at=naive - timedelta(days=3),
        expires_at=naive - timedelta(minutes=1),
    )
    make_ann_announcement(
        title_en="Withdrawn",
        published_at=naive - timedelta(days=1),
        withdrawn_at=naive - timedelta(hours=1),
    )
    make_ann_announcement(
        title_en="Now",
        published_at=naive - timedelta(hours=1),
        expires_at=naive + timedelta(hours=1),
    )
    user = town["first"]
    with time_machine.travel(now, tick=False):
        assert titles(user) == ["Now"]
    with time_machine.travel(now + timedelta(hours=2), tick=False):
        assert titles(user) == ["Later"]  # "Now" expired at the same moment
    with time_machine.travel(now + timedelta(hours=1, minutes=59), tick=False):
        assert titles(user) == []


def test_read_and_unread(town):
    """Is an announcement unread until the list page shows it, and read after?"""
    make_ann_announcement(title_en="One")
    make_ann_announcement(title_en="Two")
    user = town["first"]
    assert service.dashboard_summary(user, "en").unread == 2
    assert [a.unread for a in service.announcements_page(user, "en")] == [True, True]
    assert [a.unread for a in service.announcements_page(user, "en")] == [False, False]
    assert service.dashboard_summary(user, "en").unread == 0
    assert service.dashboard_summary(town["neighbour"], "en").unread == 2  # per user
    assert AnnouncementRead.select().count() == 2


def test_language_fallback_to_finnish(town):
    """Does a missing Swedish or English text show the Finnish one?"""
    make_ann_announcement(title_sv="", body_sv="  ", title_en="Only English title", body_en="")
    sv = service.announcements_page(town["first"], "sv")[0]
    assert (sv.title, sv.body) == ("Tiedote", "Suomeksi.")
    en = service.announcements_page(town["neighbour"], "en")[0]
    assert (en.title, en.body) == ("Only English title", "Suomeksi.")


def test_emergency_first_then_newest(town):
    now = utcnow()
    make_ann_announcement(title_en="Old", published_at=now - timedelta(days=2))
    make_ann_announcement(title_en="New", published_at=now - timedelta(hours=1))
    make_ann_announcement(
        title_en="Emergency", emergency=True, published_at=now - timedelta(days=5)
    )
    assert titles(town["first"]) == ["Emergency", "New", "Old"]
    summary = service.dashboard_summary(town["first"], "en")
    assert [a.title for a in summary.emergencies] == ["Emergency"]


def test_emergency_in_fault_form_of_that_building_only(app, town):
    make_ann_announcement(
        audience="building",
        housing_company=town["company"],
        building=town["building"],
        emergency=True,
        title_en="Water cut until 14:00",
    )
    make_ann_announcement(title_en="Not an emergency")
    with app.test_request_context():
        first = service.fault_form_notices(town["first"], town["first"].flat.id, "en")
        other = service.fault_form_notices(
            town["other_building"], town["other_building"].flat.id, "en"
        )
    assert [a.title for a in first.emergencies] == ["Water cut until 14:00"]
    assert other.emergencies == []


# --- mail -------------------------------------------------------------------------------------


def test_mail_goes_once_per_resident_in_their_language(app, town):
    """Does the fan-out queue one mail per targeted resident, in their language, and nothing
    more when run again?"""
    town["neighbour"].language = "sv"
    town["neighbour"].save()
    announcement = make_ann_announcement(
        audience="building",
        housing_company=town["company"],
        building=town["building"],
        send_mail=True,
    )
    with app.test_request_context():
        assert service.mail_announcement(announcement.id) == 2
        assert service.mail_announcement(announcement.id) == 0
        assert service.mail_due() == 0
    mails = {m.recipient: m for m in OutboxMail.select().where(OutboxMail.kind == "announcement")}
    assert set(mails) == {town["first"].email, town["neighbour"].email}
    assert mails[town["neighbour"].email].language == "sv"
    assert "Meddelande" in mails[town["neighbour"].email].subject
    assert "På svenska." in mails[town["neighbour"].email].body_text
    assert "In English." in mails[town["first"].email].body_text
    assert AnnouncementMail.select().count() == 2


def test_mail_waits_for_the_publish_time(app, town):
    """Is an announcement published later mailed by the sweep only once its time has come?"""
    announcement = make_ann_announcement(published_at=utcnow() + timedelta(hours=1), send_mail=True)
    with app.test_request_context():
        assert service.mail_announcement(announcement.id) == 0
        assert service.mail_due() == 0
        later = utcnow() + timedelta(hours=2)
        assert service.mail_due(later) == 4  # every resident of the town
        assert service.mail_due(later) == 0
    assert Announcement.get_by_id(announcement.id).mailed_at is not None


def test_withdrawn_or_unmailed_announcement_is_not_mailed(app, town):
    quiet = make_ann_announcement()
    gone = make_ann_announcement(send_mail=True, withdrawn_at=utcnow())
    with app.test_request_context():
        assert service.mail_announcement(quiet.id) == 0
        assert service.mail_announcement(gone.id) == 0
    assert OutboxMail.select().count() == 0


# --- staff ------------------------------------------------------------------------------------


def test_staff_create_edit_withdraw_are_audited(app, town):
    staff = make_staff()
    data = service.AnnouncementInput(
        audience="building",
        company_id=None,
        building_id=town["building"].id,
        title_fi="Vesikatko",
        body_fi="Vesi poikki klo 14 asti.",
        emergency=True,
    )
    with app.test_request_context():
        row = service.save(staff, data)
        assert row.housing_company_id == town["company"].id  # a building names its company
        service.save(staff, data.__class__(**{**data.__dict__, "title_fi": "Vesikatko 2"}), row.id)
        service.withdraw(staff, row.id)
        service.withdraw(staff, row.id)  # twice: nothing more
    assert Announcement.get_by_id(row.id).title_fi == "Vesikatko 2"
    actions = [a.action for a in AuditLog.select().order_by(AuditLog.id)]
    assert actions == ["announcement_created", "announcement_edited", "announcement_withdrawn"]
    assert titles(town["first"]) == []


def test_desk_list_names_targets_and_counts_mails_in_two_queries(app, town, count_queries):
    """The desk's list names each target and counts its mails in SQL for the listed rows
    only, in the same two statements however many announcements, companies and buildings
    there are (it once read the whole stock to name them)."""

    def listed():
        with app.test_request_context(), count_queries() as counter:
            rows = service.desk_list()
        return rows, counter.count

    everyone = make_ann_announcement(title_fi="Kaikille")
    company = make_ann_announcement(audience="housing_company", housing_company=town["company"])
    building = make_ann_announcement(
        audience="building", housing_company=town["company"], building=town["building"],
        send_mail=True,
    )  # fmt: skip
    with app.test_request_context():
        assert service.mail_announcement(building.id) == 2
    rows, few = listed()
    by_id = {row.announcement.id: row for row in rows}
    assert by_id[everyone.id].target == ""
    assert by_id[company.id].target == town["company"].name
    found = town["building"]
    assert by_id[building.id].target == (
        f"{town['company'].name}: {found.code}, {found.street_address}"
    )
    assert [by_id[i].mails for i in (everyone.id, company.id, building.id)] == [0, 0, 2]
    for _ in range(5):
        other = make_company()
        make_ann_announcement(audience="housing_company", housing_company=other)
        make_ann_building(other, "C")
    rows, many = listed()
    assert len(rows) == 8
    assert few == many == 2


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"audience": "building", "building_id": None}, "building"),
        ({"audience": "housing_company", "company_id": None}, "company"),
        ({"audience": "housing_company", "company_id": 999_999}, "company"),
        ({"audience": "nobody"}, "audience"),
        (
            {"publish_at": datetime(2026, 5, 2, 12, 0), "expires_at": datetime(2026, 5, 2, 12, 0)},
            "expires_before_publish",
        ),
    ],
)
def test_staff_bad_input_changes_nothing(app, town, change, code):
    staff = make_staff()
    data = {
        "audience": "all",
        "company_id": None,
        "building_id": None,
        "title_fi": "Otsikko",
        "body_fi": "Teksti",
        **change,
    }
    with app.test_request_context(), pytest.raises(service.AnnouncementError) as caught:
        service.save(staff, service.AnnouncementInput(**data))
    assert caught.value.code == code
    assert Announcement.select().count() == 0
    assert AuditLog.select().count() == 0


# --- shared-space reports and "me too" --------------------------------------------------------


def shared_report(app, user, **kw):
    data = {
        "category": "common_areas.laundry",
        "location": "laundry room",
        "description": "Washing machine 2 does not start.",
    }
    data.update(kw)
    return file_fault_report(app, user, **data)


def test_shared_space_reports_of_own_building_only(app, town):
    """Does the fault form list the building's open shared-space reports (not other buildings',
    not the flat's own kind of faults, not closed ones)?"""
    laundry = shared_report(app, town["neighbour"])
    shared_report(app, town["other_building"], location="sauna")
    file_fault_report(app, town["neighbour"])  # a tap in the flat: not a shared space
    closed = shared_report(app, town["neighbour"], category="common_areas.yard")
    FaultReport.update(status=rules.DONE).where(FaultReport.id == closed.id).execute()
    with app.test_request_context():
        shown = faults.shared_reports(town["first"], town["first"].flat.id)
        other = faults.shared_reports(town["other_company"], town["other_company"].flat.id)
    assert [r.id for r in shown] == [laundry.id]
    assert other == []


def test_me_too_counted_once_per_user(app, town):
    report = shared_report(app, town["neighbour"])
    with app.test_request_context():
        assert faults.join_report(town["first"], report.id).me_too == 1
        assert faults.join_report(town["first"], report.id).me_too == 1
        shown = faults.shared_reports(town["first"], town["first"].flat.id)[0]
    assert (shown.me_too, shown.joined, shown.own) == (1, True, False)
    assert FaultMeToo.select().count() == 1
    assert AuditLog.select().where(AuditLog.action == "fault_me_too").count() == 1


def test_me_too_refused_for_own_flat_and_other_building(app, town):
    report = shared_report(app, town["neighbour"])
    with app.test_request_context():
        with pytest.raises(FaultError):
            faults.join_report(town["neighbour"], report.id)
        with pytest.raises(ReportNotFound):
            faults.join_report(town["other_building"], report.id)
        with pytest.raises(ReportNotFound):
            faults.join_report(town["other_company"], report.id)
    assert FaultMeToo.select().count() == 0


def test_me_too_users_get_the_progress_notices(app, town):
    """Does a "me too" user get the same status mail and bell notice as the reporter, in
    their language, without the reporter's name?"""
    report = shared_report(app, town["neighbour"])
    town["first"].language = "sv"
    town["first"].save()
    with app.test_request_context():
        faults.join_report(town["first"], report.id)
        report = FaultReport.get_by_id(report.id)
        faults.change_status(
            report.id,
            rules.IN_PROGRESS,
            actor_kind=rules.DESK,
            version=report.version,
            actor=make_staff(),
        )
    follower = OutboxMail.select().where(
        (OutboxMail.recipient == town["first"].email) & (OutboxMail.kind == "fault_status")
    )
    assert follower.count() == 1
    mail = follower.get()
    assert mail.language == "sv"
    assert report.reporter_name not in mail.body_text
    assert report.reporter_name not in mail.body_html
    notices = Notification.select().where(Notification.user == town["first"].id)
    assert [n.text for n in notices] == [f"fault:{report.id}:{rules.IN_PROGRESS}"]
    reporter = OutboxMail.select().where(
        (OutboxMail.recipient == town["neighbour"].email) & (OutboxMail.kind == "fault_status")
    )
    assert reporter.count() == 1


def test_me_too_is_in_your_data_and_follows_a_new_username(app, town):
    """Does the user's data export list the reports they said "me too" to, and does a new
    username take the "me too" over (the person keeps hearing of the report)?"""
    from heka_asoy.services import my_data
    from heka_asoy.services.new_username import hand_over
    from tests.factories import make_user

    report = shared_report(app, town["neighbour"])
    with app.test_request_context():
        faults.join_report(town["first"], report.id)
        export = my_data.export_for(town["first"])
        assert [m["report_id"] for m in export.sections["me_too"]] == [report.id]
        new = make_user(None)
        hand_over(town["first"], new)
    assert FaultMeToo.get().user_id == new.id


def test_agent_sees_announcements_only_within_the_power(app, town):
    """An agent whose power covers only the parking space sees none of the flat's
    announcements; a general power shows them (access decides, as for every resident page)."""
    from heka_asoy.models import Lease
    from tests.factories import make_lease_power, make_user

    make_ann_announcement(
        audience="building", housing_company=town["company"], building=town["building"]
    )
    lease = Lease.get(Lease.flat == town["first"].flat.id)
    parking_agent, general_agent = make_user(None), make_user(None)
    make_lease_power(town["first"].resident, lease, parking_agent, scopes="parking")
    make_lease_power(town["first"].resident, lease, general_agent, scopes="general", kind="general")
    with app.test_request_context():
        assert titles(parking_agent) == []
    with app.test_request_context():
        assert titles(general_agent) == ["Notice"]

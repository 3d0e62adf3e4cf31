"""Two workers (processes) at once: the announcement mail job run twice mails each resident
once; one user's "me too" sent twice at once is counted once. The processes share the test's
database (the SQLite file, or PostgreSQL in its pass)."""

from __future__ import annotations

import pytest

from heka_asoy.models import AnnouncementMail, FaultMeToo, OutboxMail
from heka_asoy.services import announcements, faults
from tests.desk_race import race
from tests.factories import (
    file_fault_report,
    make_ann_announcement,
    make_ann_tenant,
    make_company,
    make_staff,
)

pytestmark = pytest.mark.slow

ROUNDS = 3


def _mail(_user, announcement_id):
    announcements.mail_announcement(announcement_id)


def _me_too(user, report_id):
    faults.join_report(user, report_id)


def test_two_mail_jobs_at_once_mail_each_resident_once(app, database_url, tmp_path):
    company = make_company()
    residents = [make_ann_tenant(company) for _ in range(3)]
    ids = [make_ann_announcement(send_mail=True).id for _ in range(ROUNDS)]
    staff = make_staff()
    answers = race(app, database_url, str(tmp_path), ids, _mail, [(staff.id, ()), (staff.id, ())])
    assert answers == [["ok"] * ROUNDS] * 2
    assert AnnouncementMail.select().count() == ROUNDS * len(residents)
    assert OutboxMail.select().where(OutboxMail.kind == "announcement").count() == ROUNDS * len(
        residents
    )


def test_one_users_me_too_twice_at_once_counts_once(app, database_url, tmp_path):
    company = make_company()
    first = make_ann_tenant(company)
    neighbour = make_ann_tenant(building=first.flat.building)
    ids = [
        file_fault_report(
            app, neighbour, category="common_areas.laundry", description=f"Machine {n} broken."
        ).id
        for n in range(ROUNDS)
    ]
    answers = race(app, database_url, str(tmp_path), ids, _me_too, [(first.id, ()), (first.id, ())])
    assert answers == [["ok"] * ROUNDS] * 2
    assert FaultMeToo.select().count() == ROUNDS

"""The agreed visit of a fault report: "visit agreed" always comes with a time, on every path;
the report's facts follow a new visit time without a reload; a report reopened by "not fixed"
reaches maintenance as reopened (with the resident's comment) and without its old visit time."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from flask_babel import force_locale, gettext

from heka_asoy.domain import faults as rules
from heka_asoy.labels import category_label
from heka_asoy.models import FaultEvent, FaultReport, OutboxMail
from heka_asoy.services import faults as service
from heka_asoy.services.faults import FaultError
from heka_asoy.services.mailer import send_due
from tests.blueprints.test_maintenance import file_forwarded, link_of, tenant
from tests.factories import login, make_staff

HKI = ZoneInfo("Europe/Helsinki")
HX = {"HX-Request": "true"}
#: A visit time whose clock reads the same in 12- and 24-hour formats.
VISIT = datetime(2030, 5, 6, 10, 35, tzinfo=HKI)
VISIT_FIELD = "2030-05-06T10:35"
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=HKI)  # desk open: forwarded at once
SATURDAY = datetime(2026, 11, 28, 11, 0, tzinfo=HKI)  # desk closed: forwarded on Monday


def _snapshot(report_id: int) -> tuple:
    report = FaultReport.get_by_id(report_id)
    return (
        report.status,
        report.version,
        report.visit_at,
        FaultEvent.select().count(),
        OutboxMail.select().count(),
    )


def _facts(html: str) -> str:
    """The report's facts element (resident or desk page) as HTML."""
    found = re.search(r'<(dl|div) [^>]*id="report-facts".*?</\1>', html, re.S)
    assert found, html
    return found.group(0)


def _agree_visit(report: FaultReport) -> FaultReport:
    """Maintenance agrees the visit at VISIT."""
    return service.change_status(
        report.id,
        rules.VISIT_AGREED,
        actor_kind=rules.MAINTENANCE,
        version=report.version,
        actor_label="Huolto",
        visit_at=VISIT,
    )


def _assert_swapped_facts_show_the_visit(html: str) -> None:
    """The answer carries the facts out of band (HTMX puts them in place by id) with VISIT."""
    facts = _facts(html)
    assert 'data-hx-swap-oob="true"' in facts
    assert "Agreed visit" in facts
    assert "10:35" in facts


# --- (a) "visit agreed" needs a time, whoever sets it -----------------------------------------


@pytest.mark.parametrize(
    ("current", "new", "has_time", "expected"),
    [
        (rules.SENT_TO_MAINTENANCE, rules.VISIT_AGREED, False, rules.VISIT_TIME_REQUIRED),
        (rules.IN_PROGRESS, rules.VISIT_AGREED, False, rules.VISIT_TIME_REQUIRED),
        (rules.SENT_TO_MAINTENANCE, rules.VISIT_AGREED, True, None),
        (rules.SENT_TO_MAINTENANCE, rules.IN_PROGRESS, False, None),
        (rules.SENT_TO_MAINTENANCE, rules.IN_PROGRESS, True, rules.VISIT_TIME_UNEXPECTED),
        (rules.VISIT_AGREED, rules.DONE, True, rules.VISIT_TIME_UNEXPECTED),
        (rules.VISIT_AGREED, rules.RECEIVED, True, rules.VISIT_TIME_UNEXPECTED),
        # no status change: a time moves the agreed visit, only while one is agreed
        (rules.VISIT_AGREED, None, True, None),
        (rules.WAITING_FOR_PARTS, None, True, None),
        (rules.SENT_TO_MAINTENANCE, None, True, rules.VISIT_TIME_UNEXPECTED),
        (rules.SENT_TO_MAINTENANCE, None, False, None),
    ],
)
def test_visit_rule(current, new, has_time, expected):
    """Does the domain rule ask for a time with "visit agreed", and refuse a time elsewhere?"""
    assert rules.visit_problem(current, new, has_time) == expected


@pytest.mark.parametrize("actor_kind", [rules.DESK, rules.MAINTENANCE])
def test_service_refuses_visit_agreed_without_a_time(app, actor_kind):
    """Does the service itself refuse "visit agreed" without a time (whatever the path), with
    its own error, and change, log and mail nothing?"""
    report = file_forwarded(app, tenant())
    before = _snapshot(report.id)
    with pytest.raises(FaultError) as error:
        service.change_status(
            report.id, rules.VISIT_AGREED, actor_kind=actor_kind, version=report.version
        )
    assert error.value.code == rules.VISIT_TIME_REQUIRED
    assert _snapshot(report.id) == before


def test_service_refuses_a_visit_time_without_a_visit(app):
    """A time with another status, or a "moved" visit that was never agreed, is refused."""
    report = file_forwarded(app, tenant())
    before = _snapshot(report.id)
    with pytest.raises(FaultError) as error:
        service.change_status(
            report.id,
            rules.IN_PROGRESS,
            actor_kind=rules.DESK,
            version=report.version,
            visit_at=VISIT,
        )
    assert error.value.code == rules.VISIT_TIME_UNEXPECTED
    with pytest.raises(FaultError) as error:
        service.reschedule_visit(report.id, VISIT, version=report.version, actor_label="Huolto")
    assert error.value.code == rules.VISIT_TIME_UNEXPECTED
    assert _snapshot(report.id) == before


def test_desk_form_asks_for_the_visit_time_in_the_users_language(app, client):
    """Does the desk's status form refuse "visit agreed" without a time with an error next to
    the time field, in the staff member's language, and change nothing?"""
    report = file_forwarded(app, tenant())
    login(client, make_staff(language="fi"))
    before = _snapshot(report.id)
    url = f"/staff/faults/{report.id}/status"
    data = {"status": "visit_agreed", "version": str(report.version)}
    response = client.post(url, data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = re.search(r'id="visit_at-error".*?</div>', html, re.S).group(0)
    assert "Anna sovittu käyntiaika." in error
    assert 'aria-describedby="visit_at-hint visit_at-error"' in html
    htmx = client.post(url, data=data, headers=HX)
    assert htmx.status_code == 200  # HTMX swaps the form with its error in
    assert 'id="visit_at-error"' in htmx.get_data(as_text=True)
    assert _snapshot(report.id) == before

    done = client.post(url, data={**data, "visit_at": VISIT_FIELD})
    assert done.status_code == 302
    assert FaultReport.get_by_id(report.id).visit_at == datetime(2030, 5, 6, 7, 35)


def test_maintenance_page_moves_an_agreed_visit_and_refuses_a_time_without_one(app, client):
    """Through its link, can maintenance move an agreed visit by giving only a new time; and is
    a time without "visit agreed" on a report with no visit refused next to the field?"""
    report = file_forwarded(app, tenant())
    link = link_of(report)
    refused = client.post(link, data={"visit_at": VISIT_FIELD, "version": str(report.version)})
    assert refused.status_code == 422
    assert re.search(r'id="visit_at-error".*?only with', refused.get_data(as_text=True), re.S)
    assert FaultReport.get_by_id(report.id).visit_at is None

    agreed = client.post(
        link, data={"status": "visit_agreed", "visit_at": VISIT_FIELD, "version": report.version}
    )
    assert agreed.status_code == 302
    version = FaultReport.get_by_id(report.id).version
    moved = client.post(link, data={"visit_at": "2030-05-07T08:15", "version": str(version)})
    assert moved.status_code == 302, moved.get_data(as_text=True)
    fresh = FaultReport.get_by_id(report.id)
    assert (fresh.status, fresh.visit_at) == (rules.VISIT_AGREED, datetime(2030, 5, 7, 5, 15))
    assert FaultEvent.select().where(FaultEvent.kind == "visit").count() == 1


# --- (b) the facts follow a new visit time without a reload -----------------------------------


def test_resident_poll_brings_the_facts_with_the_new_visit_time(app, client):
    """When the poll finds a change, does its answer carry the facts block out of band, with the
    new visit time, besides the status block?"""
    user = tenant()
    report = file_forwarded(app, user)
    login(client, user)
    page = client.get(f"/my/faults/{report.id}").get_data(as_text=True)
    assert "data-hx-swap-oob" not in _facts(page)  # the full page: an ordinary element
    assert "10:35" not in _facts(page)
    url = f"/my/faults/{report.id}?v={report.version}"
    _agree_visit(report)
    poll = client.get(url, headers=HX)
    assert poll.status_code == 200
    html = poll.get_data(as_text=True)
    assert "<html" not in html
    _assert_swapped_facts_show_the_visit(html)
    assert 'id="report-status"' in html


def test_desk_status_change_brings_the_facts_with_the_visit_time(app, client):
    """After the desk sets "visit agreed" by HTMX, does the answer carry the report's facts out
    of band with the agreed visit, not only the work area?"""
    report = file_forwarded(app, tenant())
    login(client, make_staff())
    response = client.post(
        f"/staff/faults/{report.id}/status",
        data={"status": "visit_agreed", "visit_at": VISIT_FIELD, "version": report.version},
        headers=HX,
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="report-work"')
    _assert_swapped_facts_show_the_visit(html)
    full = client.get(f"/staff/faults/{report.id}").get_data(as_text=True)
    assert "data-hx-swap-oob" not in _facts(full)


# --- (c) "not fixed" reaches maintenance as reopened, without the old visit time ---------------


def _done_with_a_visit(app, user) -> FaultReport:
    """A report forwarded, visited and marked done (at TUESDAY_10)."""
    with time_machine.travel(TUESDAY_10, tick=False):
        report = file_forwarded(app, user)
        report = _agree_visit(report)
        return service.change_status(
            report.id,
            rules.DONE,
            actor_kind=rules.MAINTENANCE,
            version=report.version,
            actor_label="Huolto",
        )


def _maintenance_mails(smtp_server, user):
    return smtp_server.to(user.flat.housing_company.maintenance_company.email)


def test_not_fixed_reaches_maintenance_as_reopened_with_the_comment(app, client, smtp_server):
    """Does "not fixed" (within 14 days, with a comment) clear the old visit time and reach the
    maintenance company as a reopened report (own subject and text, the comment, the link), not
    as a new report?"""
    user = tenant()
    report = _done_with_a_visit(app, user)
    send_due()
    smtp_server.messages.clear()
    with time_machine.travel(TUESDAY_10 + timedelta(days=2), tick=False):
        login(client, user)
        response = client.post(
            f"/my/faults/{report.id}/feedback",
            data={"fixed": "no", "comment": "The hotplate still does not heat."},
        )
        assert response.headers["Location"].endswith(f"/my/faults/{report.id}")
    fresh = FaultReport.get_by_id(report.id)
    assert (fresh.status, fresh.visit_at) == (rules.SENT_TO_MAINTENANCE, None)
    send_due()

    (mail,) = _maintenance_mails(smtp_server, user)
    flat = user.flat
    with force_locale("fi"):  # maintenance mail is in Finnish
        subject = gettext(
            "Fault report %(id)s reopened, not fixed: %(address)s, flat %(number)s – %(category)s",
            id=report.id,
            address=flat.building.street_address,
            number=flat.number,
            category=category_label(report.category),
        )
        intro = gettext(
            "The resident says the fault is not fixed. Fault report %(id)s for %(company)s has "
            "been reopened and sent back to you. The earlier visit time no longer applies: agree "
            "a new visit with the resident.",
            id=report.id,
            company=flat.housing_company.name,
        )
    assert " ".join(str(mail["Subject"]).split()) == subject
    assert OutboxMail.select().where(OutboxMail.kind == "fault_forward").count() == 1  # the first
    assert OutboxMail.get(OutboxMail.kind == "fault_reopened").subject == subject
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert intro in " ".join(text.split())
    for body in (text, html):
        assert "The hotplate still does not heat." in body
        assert link_of(report) in body
        assert user.flat.building.street_address in body
    assert OutboxMail.get(OutboxMail.kind == "fault_reopened").language == "fi"

    login(client, user)  # anew: the session made in the travelled time has lapsed
    page = client.get(f"/my/faults/{report.id}").get_data(as_text=True)
    assert "Agreed visit" not in _facts(page)
    assert "The hotplate still does not heat." in page
    assert client.get(link_of(report)).status_code == 200


def test_reopened_outside_office_hours_is_still_reopened_at_the_opening(app, smtp_server):
    """A "not fixed" answered on Saturday waits for Monday's opening: is it then mailed as
    reopened, with the comment and the comments added while it waited?"""
    user = tenant()
    report = _done_with_a_visit(app, user)
    send_due()
    smtp_server.messages.clear()
    with time_machine.travel(SATURDAY, tick=False), app.test_request_context():
        service.answer_feedback(user, report.id, fixed=False, comment="Still cold.")
        service.add_comment(user, report.id, "Also the oven light is out.")
        assert FaultReport.get_by_id(report.id).status == rules.RECEIVED
    with time_machine.travel(SATURDAY + timedelta(days=2, hours=-1), tick=False):  # Mon 10:00
        assert service.forward_due() == 1
    send_due()
    (mail,) = _maintenance_mails(smtp_server, user)
    text = mail.get_body(("plain",)).get_content()
    assert text.index("Still cold.") < text.index("Also the oven light is out.")
    assert OutboxMail.select().where(OutboxMail.kind == "fault_reopened").count() == 1


def test_desk_sending_a_reopened_report_on_by_hand_mails_it_as_reopened(app):
    """If the desk sends a reopened report on before the opening, is it still the reopened mail?
    And is a report the desk sends on for another reason still a plain forward?"""
    user = tenant()
    report = _done_with_a_visit(app, user)
    with time_machine.travel(SATURDAY, tick=False), app.test_request_context():
        report = service.answer_feedback(user, report.id, fixed=False, comment="Still cold.")
    service.change_status(
        report.id,
        rules.SENT_TO_MAINTENANCE,
        actor_kind=rules.DESK,
        version=FaultReport.get_by_id(report.id).version,
        actor_label="asoy",
    )
    kinds = [m.kind for m in OutboxMail.select().order_by(OutboxMail.id)]
    assert kinds.count("fault_reopened") == 1
    assert kinds.count("fault_forward") == 1


def test_late_not_fixed_puts_the_comment_on_the_new_report(app):
    """After the reopen window "not fixed" opens a new linked report: does the comment go on it,
    with no reopened mail (maintenance gets a new report)?"""
    user = tenant()
    report = _done_with_a_visit(app, user)
    with time_machine.travel(TUESDAY_10 + timedelta(days=20), tick=False):
        with app.test_request_context():
            follow = service.answer_feedback(user, report.id, fixed=False, comment="Again.")
    assert follow.id != report.id
    comments = FaultEvent.select().where(FaultEvent.kind == "comment")
    assert [(c.report_id, c.text) for c in comments] == [(follow.id, "Again.")]
    assert OutboxMail.select().where(OutboxMail.kind == "fault_reopened").count() == 0
    assert FaultReport.get_by_id(report.id).visit_at is not None  # the old report keeps history

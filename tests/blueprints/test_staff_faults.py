"""The asoy desk's fault pages: the queue, a report, the review queue."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from heka_asoy.domain import faults as rules
from heka_asoy.i18n import LANG_COOKIE
from heka_asoy.models import AuditLog, FaultEvent, FaultReport, OutboxMail, utcnow
from heka_asoy.services import fault_queue
from heka_asoy.services import faults as service
from tests.blueprints.test_maintenance import file_forwarded, tenant
from tests.company_search_checks import BAD_COMPANY_TEXTS
from tests.factories import login, make_companies, make_company, make_flat, make_staff
from tests.page_cost import size_and_queries

HELSINKI = ZoneInfo("Europe/Helsinki")
HX = {"HX-Request": "true"}


def at(*args) -> datetime:
    """A Helsinki wall-clock time, aware."""
    return datetime(*args, tzinfo=HELSINKI)


def naive_utc(aware: datetime) -> datetime:
    return aware.astimezone(UTC).replace(tzinfo=None)


def make_report(flat=None, status=rules.SENT_TO_MAINTENANCE, since=None, created=None, **kw):
    """A report row made directly (no mail, no access checks)."""
    flat = flat or make_flat()
    now = utcnow()
    data = {
        "flat": flat,
        "reporter_name": "Testi Asukas",
        "reporter_email": "",
        "category": "water.tap",
        "description": "The tap drips.",
        "status": status,
        "status_changed_at": naive_utc(since) if since else now,
        "created_at": naive_utc(created) if created else now,
    }
    data.update(kw)
    return FaultReport.create(**data)


@pytest.fixture
def desk(client):
    staff = make_staff()
    login(client, staff)
    return staff


def ids_in(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'/staff/faults/(\d+)"', html)]


# --- access -----------------------------------------------------------------------------------


def test_residents_are_refused_and_anonymous_sent_to_login(app, client):
    """Every desk fault URL answers 403 to a resident and sends an anonymous visitor to log in."""
    report = make_report()
    urls = [
        ("get", "/staff/faults/"),
        ("get", f"/staff/faults/{report.id}"),
        ("get", "/staff/faults/review"),
        ("get", "/staff/faults/photo/1"),
        ("post", f"/staff/faults/{report.id}/status"),
        ("post", f"/staff/faults/{report.id}/note"),
        ("post", f"/staff/faults/{report.id}/message"),
        ("post", f"/staff/faults/{report.id}/redirect"),
        ("post", f"/staff/faults/{report.id}/cancel"),
        ("post", f"/staff/faults/review/{report.id}/accept"),
        ("post", f"/staff/faults/review/{report.id}/reject"),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, data={"version": "1", "status": "cancelled"})
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"], url

    login(client, tenant())
    for method, url in urls:
        response = getattr(client, method)(url, data={"version": "1", "status": "cancelled"})
        assert response.status_code == 403, url
        response = getattr(client, method)(
            url, data={"version": "1", "status": "cancelled"}, headers=HX
        )
        assert response.status_code == 403, url
    assert FaultReport.get_by_id(report.id).status == rules.SENT_TO_MAINTENANCE


# --- the queue --------------------------------------------------------------------------------


@time_machine.travel(at(2026, 3, 6, 11), tick=False)
def test_queue_filters(app, client):
    """Status (one or all open), housing company, age and overdue filter the queue."""
    login(client, make_staff())
    first, second = make_company(), make_company()
    now = datetime.now(UTC)
    new_open = make_report(make_flat(first))
    old_open = make_report(
        make_flat(second), created=now - timedelta(days=5), since=now - timedelta(days=5)
    )
    done = make_report(make_flat(first), status=rules.DONE)
    review = make_report(make_flat(second), status=rules.REVIEW, is_public=True)
    unconfirmed = make_report(make_flat(first), status=rules.UNCONFIRMED, is_public=True)

    def shown(query: str) -> set[int]:
        response = client.get(f"/staff/faults/{query}")
        assert response.status_code == 200
        return set(ids_in(response.get_data(as_text=True)))

    assert shown("") == {new_open.id, old_open.id, review.id}  # open is the default
    assert shown("?status=open") == {new_open.id, old_open.id, review.id}
    assert shown("?status=all") == {new_open.id, old_open.id, done.id, review.id}
    assert shown("?status=done") == {done.id}
    assert shown(f"?status=all&company={first.id}") == {new_open.id, done.id}
    assert shown(f"?company={second.id}") == {old_open.id, review.id}
    assert shown("?older_than=3") == {old_open.id}
    assert shown("?older_than=7") == set()
    assert shown("?overdue=y") == {old_open.id}
    assert unconfirmed.id not in shown("?status=all")
    # nonsense falls back to the defaults instead of failing
    assert shown("?status=nonsense&company=x&older_than=99") == shown("")


def test_queue_rows_show_the_report(app, client, desk):
    flat = make_flat()
    report = make_report(flat, created=at(2026, 1, 15, 10, 5))
    html = client.get("/staff/faults/?status=all").get_data(as_text=True)
    row = html[html.index(f'/staff/faults/{report.id}"') :]
    row = row[: row.index("</tr>")]
    assert "15 Jan 2026, 10:05" in row  # Helsinki time (08:05 UTC), the house style
    assert f"{flat.building.street_address}, {flat.number}" in row
    assert flat.housing_company.name in row
    assert "Tap" in row
    assert "Sent to maintenance" in row


def test_queue_htmx_gets_only_the_results_block(app, client, desk):
    make_report()
    full = client.get("/staff/faults/").get_data(as_text=True)
    assert "<html" in full
    assert 'data-hx-trigger="change"' in full
    assert 'data-hx-push-url="true"' in full
    assert 'data-hx-target="#results"' in full
    part = client.get("/staff/faults/?status=all", headers=HX).get_data(as_text=True)
    assert "<html" not in part
    assert part.lstrip().startswith('<section id="results"')
    assert "Filter the reports" not in part  # the form is not sent again


def test_queue_paginates_by_fifty(app, client, desk):
    flat = make_flat()
    start = datetime.now(UTC) - timedelta(hours=2)
    reports = [make_report(flat, created=start + timedelta(seconds=i)) for i in range(55)]
    first = ids_in(client.get("/staff/faults/").get_data(as_text=True))
    assert first == [r.id for r in reversed(reports)][:50]
    page2 = client.get("/staff/faults/?page=2").get_data(as_text=True)
    assert ids_in(page2) == [r.id for r in reversed(reports)][50:]
    assert "Previous page" in page2
    assert "page 2 of 2" in page2


def test_queue_count_stops_at_its_cap(app, client, desk, monkeypatch):
    """Past ``COUNT_CAP`` matches the queue says "more than" and asks for filters, instead of
    counting every open report of the stock on each view; below it the exact count shows."""
    from heka_asoy.services import fault_queue

    monkeypatch.setattr(fault_queue, "COUNT_CAP", 60)
    flat = make_flat()
    start = datetime.now(UTC) - timedelta(hours=2)
    reports = [make_report(flat, created=start + timedelta(seconds=i)) for i in range(61)]
    page = client.get("/staff/faults/").get_data(as_text=True)
    assert "More than 60 reports" in page
    assert "page 1 of 2" in page
    last = client.get("/staff/faults/?page=2").get_data(as_text=True)
    assert ids_in(last) == [r.id for r in reversed(reports)][50:60]
    assert "Narrow the list with the filters" in last
    FaultReport.delete().where(FaultReport.id == reports[0].id).execute()
    exact = client.get("/staff/faults/").get_data(as_text=True)
    assert "60 reports" in exact
    assert "More than" not in exact
    assert "Narrow the list" not in client.get("/staff/faults/?page=2").get_data(as_text=True)


def _queue_queries(client, count_queries) -> int:
    client.get("/staff/faults/?status=all")  # warm: session, caches
    with count_queries() as counter:
        response = client.get("/staff/faults/?status=all&overdue=")
    assert response.status_code == 200
    return counter.count


def test_queue_query_count_does_not_grow_with_reports(app, client, desk, count_queries):
    """3 reports or 30, in different housing companies: the same number of queries."""
    for _ in range(3):
        make_report()
    few = _queue_queries(client, count_queries)
    for _ in range(27):
        make_report(status=rules.IN_PROGRESS)
    many = _queue_queries(client, count_queries)
    assert len(ids_in(client.get("/staff/faults/?status=all").get_data(as_text=True))) == 30
    assert few == many
    with count_queries() as counter:
        client.get("/staff/faults/?overdue=y&older_than=1")
    assert counter.count == few


# --- overdue in business hours -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "now", "expected"),
    [
        # sent to maintenance: two business days (16 h of Mon-Fri 8-16)
        (at(2026, 3, 2, 10), at(2026, 3, 4, 9, 30), False),  # Mon 10 -> Wed 9:30: 15.5 h
        (at(2026, 3, 2, 10), at(2026, 3, 4, 10, 30), True),  # Mon 10 -> Wed 10:30: 16.5 h
        (at(2026, 3, 6, 10), at(2026, 3, 9, 15), False),  # Fri -> Mon over a weekend: 13 h
        (at(2026, 3, 6, 10), at(2026, 3, 10, 11), True),  # Fri -> Tue: 17 h
        # Ascension Day, Thu 14 May 2026, is a holiday: Wed 10 -> Fri 15 is only 13 h
        (at(2026, 5, 13, 10), at(2026, 5, 15, 15), False),
        (at(2026, 5, 13, 10), at(2026, 5, 18, 11), True),  # Mon 11: 17 h
    ],
)
def test_overdue_flag_counts_business_hours(app, client, since, now, expected):
    """The flag and the overdue filter agree, counting Mon-Fri 8-16 without Finnish holidays."""
    report = make_report(since=since, created=since)
    with time_machine.travel(now, tick=False):
        login(client, make_staff())
        html = client.get("/staff/faults/").get_data(as_text=True)
        row = html[html.index(f'/staff/faults/{report.id}"') :]
        row = row[: row.index("</tr>")]
        assert ("Overdue" in row) is expected
        filtered = ids_in(client.get("/staff/faults/?overdue=y").get_data(as_text=True))
        assert (report.id in filtered) is expected


def test_overdue_cutoff_is_exact(app):
    """The SQL filter's edge is where domain.overdue turns, to the microsecond."""
    now = at(2026, 3, 4, 10, 30).astimezone(UTC)
    for status in rules.OVERDUE_LIMITS:
        cutoff = fault_queue.overdue_cutoff(status, now)
        assert rules.overdue(status, cutoff, now)
        assert not rules.overdue(status, cutoff + timedelta(microseconds=1), now)
    assert fault_queue.overdue_cutoff(rules.DONE, now) is None


# --- one report -------------------------------------------------------------------------------


def test_report_page_shows_everything_and_marks_internal_notes(app, client, desk):
    user = tenant()
    report = file_forwarded(app, user)
    service.staff_message(desk, report.id, "Called the resident, no answer.", internal=True)
    service.staff_message(desk, report.id, "Maintenance comes next week.", internal=False)
    html = client.get(f"/staff/faults/{report.id}").get_data(as_text=True)
    assert report.reporter_name in html
    assert "040 123 4567" in html
    assert user.notice_email in html
    assert user.flat.building.street_address in html
    assert "Called the resident, no answer." in html
    assert "Maintenance comes next week." in html
    note = html[: html.index("Called the resident, no answer.")]
    note = note[note.rindex("<li") :]
    assert "timeline__item--internal" in note
    assert "Internal note (not shown to the resident or maintenance)" in note
    assert "Testi Virkailija" in html  # the staff member is named on the desk's timeline
    # the two forms are separate and clearly labelled
    assert f'action="/staff/faults/{report.id}/note"' in html
    assert f'action="/staff/faults/{report.id}/message"' in html
    assert "Message to the resident" in html


def test_internal_notes_never_reach_the_resident(app, client):
    user = tenant()
    report = file_forwarded(app, user)
    staff = make_staff()
    login(client, staff)
    client.post(f"/staff/faults/{report.id}/note", data={"note-text": "Secret desk note"})
    client.post(f"/staff/faults/{report.id}/message", data={"message-text": "Hello resident"})
    assert [e.text for e in service.timeline(report, include_internal=True)][-2:] == [
        "Secret desk note",
        "Hello resident",
    ]
    assert "Secret desk note" not in [e.text for e in service.timeline(report)]
    mails = [m.body_text for m in OutboxMail.select().where(OutboxMail.kind == "fault_message")]
    assert len(mails) == 1
    assert "Hello resident" in mails[0]

    client.post("/logout")
    login(client, user)
    page = client.get(f"/my/faults/{report.id}").get_data(as_text=True)
    assert "Hello resident" in page
    assert "Secret desk note" not in page
    maintenance = client.get(f"/maintenance/{service.maintenance_token(report)}")
    assert "Secret desk note" not in maintenance.get_data(as_text=True)


def test_status_change_with_htmx_swaps_the_work_block(app, client, desk):
    user = tenant()
    report = file_forwarded(app, user)
    page = client.get(f"/staff/faults/{report.id}").get_data(as_text=True)
    assert 'data-hx-target="#report-work"' in page
    options = set(re.findall(r'<option[^>]*value="([a-z_]*)"', page))
    assert options == {
        "",
        "received",
        "visit_agreed",
        "in_progress",
        "waiting_for_parts",
        "done",
        "cancelled",
        "redirected",
    }
    response = client.post(
        f"/staff/faults/{report.id}/status",
        data={"status": "in_progress", "version": str(report.version)},
        headers=HX,
    )
    assert response.status_code == 200
    part = response.get_data(as_text=True)
    assert "<html" not in part
    assert part.lstrip().startswith('<div id="report-work"')
    assert "Status: In progress" in part  # the timeline is in the swapped block
    fresh = FaultReport.get_by_id(report.id)
    assert fresh.status == rules.IN_PROGRESS
    event = FaultEvent.select().order_by(FaultEvent.id.desc()).first()
    assert (event.actor_id, event.actor_label) == (desk.id, "asoy")
    assert AuditLog.get(AuditLog.action == "fault_status", AuditLog.actor == desk.id)

    note = client.post(
        f"/staff/faults/{report.id}/note", data={"note-text": "Checked."}, headers=HX
    )
    assert "<html" not in note.get_data(as_text=True)
    assert "Checked." in note.get_data(as_text=True)


def test_stale_status_change_is_refused(app, client, desk):
    user = tenant()
    report = file_forwarded(app, user)
    stale = report.version
    service.change_status(
        report.id, rules.IN_PROGRESS, actor_kind="maintenance", version=stale, actor_label="Huolto"
    )
    response = client.post(
        f"/staff/faults/{report.id}/status", data={"status": "done", "version": str(stale)}
    )
    assert response.status_code == 409
    assert "changed meanwhile" in response.get_data(as_text=True)
    htmx = client.post(
        f"/staff/faults/{report.id}/status",
        data={"status": "done", "version": str(stale)},
        headers=HX,
    )
    assert htmx.status_code == 200  # so that HTMX swaps the message in
    assert "changed meanwhile" in htmx.get_data(as_text=True)
    assert FaultReport.get_by_id(report.id).status == rules.IN_PROGRESS


def test_redirect_to_heka_and_cancel(app, client, desk):
    user = tenant()
    first = file_forwarded(app, user)
    second = file_forwarded(app, user, client_token="second")
    response = client.post(
        f"/staff/faults/{first.id}/redirect", data={"version": str(first.version)}
    )
    assert response.status_code == 302
    assert FaultReport.get_by_id(first.id).status == rules.REDIRECTED
    client.post(f"/staff/faults/{second.id}/cancel", data={"version": str(second.version)})
    assert FaultReport.get_by_id(second.id).status == rules.CANCELLED
    # the maintenance link of a redirected report has expired
    assert client.get(f"/maintenance/{service.maintenance_token(first)}").status_code == 410


def test_report_page_query_count_does_not_grow_with_events(app, client, desk, count_queries):
    user = tenant()
    report = file_forwarded(app, user)

    def queries() -> int:
        client.get(f"/staff/faults/{report.id}")
        with count_queries() as counter:
            assert client.get(f"/staff/faults/{report.id}").status_code == 200
        return counter.count

    few = queries()
    for n in range(10):
        service.staff_message(desk, report.id, f"note {n}", internal=n % 2 == 0)
    assert queries() == few


# --- the review queue -------------------------------------------------------------------------


def _public(flat, **kw):
    return make_report(
        flat,
        status=rules.REVIEW,
        is_public=True,
        matches_register=False,
        reporter_name="Outsider Person",
        reporter_email="outsider@example.fi",
        reporter_phone="040 999",
        confirmed_at=utcnow(),
        **kw,
    )


def test_review_queue_accept_forwards_in_office_hours(app, client):
    flat = make_flat()
    report = _public(flat)
    other = _public(flat)
    desk = make_staff()
    with time_machine.travel(at(2026, 3, 3, 10), tick=False):  # Tuesday 10:00, desk open
        login(client, desk)
        html = client.get("/staff/faults/review").get_data(as_text=True)
        assert "Outsider Person" in html
        response = client.post(
            f"/staff/faults/review/{report.id}/accept",
            data={"version": str(report.version)},
            headers=HX,
        )
    part = response.get_data(as_text=True)
    assert "<html" not in part
    assert part.lstrip().startswith('<section id="review-list"')
    accepted = FaultReport.get_by_id(report.id)
    assert accepted.status == rules.SENT_TO_MAINTENANCE
    statuses = [e.status for e in service.timeline(accepted)]
    assert statuses == ["received", "sent_to_maintenance"]
    forward = OutboxMail.get(OutboxMail.kind == "fault_forward")
    assert forward.recipient == flat.housing_company.maintenance_company.email
    # the reporter was told at confirmation; a matched report's reporter hears nothing here either
    assert not OutboxMail.select().where(OutboxMail.recipient == "outsider@example.fi").exists()
    assert AuditLog.get(AuditLog.action == "fault_review_accepted").actor_id == desk.id
    assert f'/staff/faults/{other.id}"' in part
    assert f'/staff/faults/{report.id}"' not in part


def test_review_accept_outside_office_hours_waits(app, client):
    report = _public(make_flat())
    with time_machine.travel(at(2026, 3, 7, 10), tick=False):  # Saturday
        login(client, make_staff())
        client.post(
            f"/staff/faults/review/{report.id}/accept", data={"version": str(report.version)}
        )
    accepted = FaultReport.get_by_id(report.id)
    assert accepted.status == rules.RECEIVED
    assert accepted.forward_after == naive_utc(at(2026, 3, 9, 9))


def test_review_reject_and_stale_version(app, client, desk):
    report = _public(make_flat())
    stale = client.post(
        f"/staff/faults/review/{report.id}/reject", data={"version": str(report.version + 5)}
    )
    assert stale.status_code == 409
    assert FaultReport.get_by_id(report.id).status == rules.REVIEW
    response = client.post(
        f"/staff/faults/review/{report.id}/reject", data={"version": str(report.version)}
    )
    assert response.status_code == 302
    assert FaultReport.get_by_id(report.id).status == rules.CANCELLED
    # a report not in review cannot be accepted through the review queue
    again = client.post(
        f"/staff/faults/review/{report.id}/accept",
        data={"version": str(FaultReport.get_by_id(report.id).version)},
    )
    assert again.status_code == 409
    assert FaultReport.get_by_id(report.id).status == rules.CANCELLED


# --- the housing-company filter at Heka's scale --------------------------------------------------


#: The company field's hint in each language.
HINTS = {"fi": "Nimi tai Y-tunnus", "sv": "Namn eller FO-nummer", "en": "Name or business ID"}


def test_queue_does_not_grow_with_housing_companies(app, client, desk, count_queries):
    """10 housing companies or 300: the same bytes and the same queries, with or without a
    company filter (there is no select of every company; a text matches them in SQL)."""
    make_report()
    first = make_companies(10)[0]
    urls = [
        "/staff/faults/",
        "/staff/faults/?company=massakatu",  # matches every one of them
        f"/staff/faults/?company={first.id}",
    ]
    few = {url: size_and_queries(client, count_queries, url) for url in urls}
    make_companies(290)
    many = {url: size_and_queries(client, count_queries, url) for url in urls}
    assert many == few
    # a company filter costs one query (what it matched), whatever it matches
    assert few[urls[1]][1] == few[urls[2]][1] == few[urls[0]][1] + 1


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_company_filter_finds_by_part_of_the_name_or_business_id(app, client, desk, language):
    """Part of the name (any case, any alphabet) or of the business ID finds the company's
    reports, on the Finnish, Swedish and English page."""
    client.set_cookie(LANG_COOKIE, language)
    mine = make_company(name="Asunto Oy Kuusikuja Ääriraja")
    other = make_company(name="Asunto Oy Männikkö")
    report = make_report(make_flat(mine))
    make_report(make_flat(other))
    for text in ("kuusikuja", "ÄÄRIRAJA", "kuusikuja ääri", mine.business_id, mine.business_id[2:]):
        response = client.get("/staff/faults/", query_string={"company": text})
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert set(ids_in(html)) == {report.id}, text
        assert f'<html lang="{language}"' in html
        assert HINTS[language] in html
    assert set(ids_in(client.get("/staff/faults/?company=asunto oy").text)) == {
        report.id,
        *ids_in(client.get(f"/staff/faults/?company={other.business_id}").text),
    }


def test_company_link_by_id_filters_and_shows_the_name(app, client, desk):
    """``?company=<id>`` (links from other pages, the bench) filters by that one company and
    shows its name in the field; changing another filter keeps exactly that company while the
    name is left as it is, and an edited name is a text again."""
    mine = make_company(name="Asunto Oy Koivu 1")
    namesake = make_company(name="Asunto Oy Koivu 12")
    report = make_report(make_flat(mine))
    theirs = make_report(make_flat(namesake))
    html = client.get(f"/staff/faults/?company={mine.id}").text
    assert set(ids_in(html)) == {report.id}
    assert 'value="Asunto Oy Koivu 1"' in html
    assert f'name="company_id" type="hidden" value="{mine.id}"' in html
    # the page links keep the id
    kept = client.get(
        "/staff/faults/", query_string={"company": "Asunto Oy Koivu 1", "company_id": mine.id}
    )
    assert set(ids_in(kept.text)) == {report.id}
    edited = client.get(
        "/staff/faults/", query_string={"company": "Asunto Oy Koivu", "company_id": mine.id}
    )
    assert set(ids_in(edited.text)) == {report.id, theirs.id}
    assert set(ids_in(client.get("/staff/faults/?company=&company_id=1").text)) == {
        report.id,
        theirs.id,
    }  # an emptied field is no filter


@pytest.mark.parametrize(
    ("company", "says"),
    [*BAD_COMPANY_TEXTS, ("9" * 40, "No housing company matches")],
)
def test_company_filter_bad_input_is_said_never_a_500(app, client, desk, company, says):
    """Text too long or too short, an id of nothing, control characters: a clear answer."""
    make_report()
    response = client.get("/staff/faults/", query_string={"company": company})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    if says:
        assert says in html
    htmx = client.get("/staff/faults/", query_string={"company": company}, headers=HX)
    assert htmx.status_code == 200
    if says:
        assert says in htmx.text  # the note is in the results block HTMX swaps

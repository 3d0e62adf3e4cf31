"""Fault reports as people meet them, in Chromium against the live app (real CSRF, real SMTP):
a resident files and follows a report, the maintenance company updates it through the link in
its mail, an anonymous visitor reports through the public form and confirms by mail, and the
asoy desk works the queue. Axe runs on every page of ours that is visited.

Time is frozen with time_machine (``tick=True``): the live server runs in a thread of this
process, so the app sees the frozen clock too. The moments are in the near future
(``desk_moments``), never the past: the browser keeps the real clock, and a session cookie made
at a past moment would already be expired for it.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from heka_asoy.domain import faults as rules
from heka_asoy.models import FaultEvent, FaultPhoto, FaultReport, OutboxMail
from heka_asoy.services import faults as service
from heka_asoy.services.faults import ReportInput
from tests.browser.a11y_helpers import mark_document, same_document
from tests.factories import PASSWORD, make_staff, make_tenant

pytestmark = pytest.mark.browser

DAY_PHONE = "09 5767 3000"
ONCALL_PHONE = "09 5767 3100"
#: Poll of the report page is every 10 s; two periods in case a change just missed one.
POLL_TIMEOUT = 22_000


def _path(page, path: str) -> None:
    """Wait until the page is at ``path`` (a regular expression for the path; any query, any
    fragment: a redirect keeps the fragment, e.g. #main after the skip link)."""
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+" + path + r"(\?[^#]*)?(#.*)?$"))


def _log_in(browsing, page, email: str) -> None:
    page.goto(browsing.url("/login"))
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def _choose(page, group: str, option: str) -> None:
    """Pick a radio button as a person does: by clicking its label (HDS draws the button)."""
    fieldset = page.get_by_role("group", name=group)
    fieldset.locator("label").get_by_text(option, exact=True).click()
    expect(fieldset.get_by_label(option, exact=True)).to_be_checked()


def _link_in(mail, path: str) -> str:
    body = mail.get_body(("plain",)).get_content()
    found = re.search(r"http://127\.0\.0\.1:\d+" + path + r"\S+", body)
    assert found, f"no {path} link in: {body}"
    return found.group(0)


def _subjects(live_smtp, address: str) -> list[str]:
    return [str(m["Subject"]) for m in live_smtp.to(address)]


def test_resident_files_follows_and_reopens_a_report(
    browsing, in_app, live_smtp, desk_moments, make_jpeg
):
    """Does the resident see the right urgent number (Saturday: on-call; weekday morning: Heka),
    get stopped by an urgent text until ticking the box, file a report with a photo, follow the
    maintenance company's changes without reloading, get the mails, and reopen the report by
    answering "not fixed"?"""
    with in_app():
        user = make_tenant()
        email = user.email
        maintenance_email = user.flat.housing_company.maintenance_company.email
    photo = make_jpeg()

    # --- the urgent number on a Saturday -------------------------------------------------------
    with time_machine.travel(desk_moments.saturday, tick=True):
        weekend = browsing.new_page()
        _log_in(browsing, weekend, email)
        weekend.goto(browsing.url("/my/faults/new"))
        expect(weekend.locator(".urgent-block__now")).to_contain_text(ONCALL_PHONE)
        browsing.check(weekend, "new report on a Saturday")

    with time_machine.travel(desk_moments.open, tick=True):
        page = browsing.new_page()
        _log_in(browsing, page, email)
        _path(page, "/my/")
        page.get_by_role("link", name="Fault reports", exact=True).click()
        _path(page, "/my/faults/")
        expect(page.locator(".urgent-block__now")).to_contain_text(DAY_PHONE)
        browsing.check(page, "fault reports (none yet)")
        page.get_by_role("link", name="Report a fault").click()
        _path(page, "/my/faults/new")
        expect(page.locator(".urgent-block__now")).to_contain_text(DAY_PHONE)
        browsing.check(page, "new report on a weekday morning")

        # --- an urgent text: warned in place, refused until acknowledged ------------------------
        mark_document(page)
        page.get_by_label("Kind of fault").select_option(label="Other water or plumbing fault")
        page.get_by_label("Description of the fault").press_sequentially(
            "Water is leaking on the floor"
        )
        alert = page.locator("#urgent-warning [role=alert]")
        expect(alert).to_be_visible()
        expect(alert).to_contain_text("leaking")
        expect(alert).to_contain_text(DAY_PHONE)
        assert same_document(page), "the urgency warning reloaded the page"
        browsing.check(page, "new report with the urgency warning")

        page.get_by_label("Where in the flat").fill("bathroom")
        page.get_by_label("Photos").set_input_files(photo)
        _choose(page, "May maintenance enter", "Yes")
        page.get_by_label("Pets in the flat").fill("a cat")
        page.get_by_label("Preferred visiting times").fill("weekdays after 15")
        page.locator("#phone").fill("040 123 4567")
        page.get_by_role("button", name="Send the report").click()
        _path(page, "/my/faults/new")
        expect(page.locator("#urgent_acknowledged-error")).to_contain_text("sounds like an urgent")
        expect(page.locator("[data-error-summary]")).to_be_focused()
        with in_app():
            assert FaultReport.select().count() == 0
            assert FaultPhoto.select().count() == 0
        browsing.check(page, "urgent report refused")

        page.get_by_label("My fault is not urgent").check()
        page.get_by_label("Photos").set_input_files(photo)  # a re-shown form cannot keep files
        page.get_by_role("button", name="Send the report").click()
        _path(page, r"/my/faults/\d+")
        report_id = int(page.url.rsplit("/", 1)[1])
        expect(page.get_by_role("status").filter(has_text="has been received")).to_be_visible()
        status = page.locator("#status-h")
        expect(status).to_contain_text("Sent to maintenance")
        thumb = page.get_by_role("img", name="Photo 1 of the fault")
        expect(thumb).to_be_visible()
        # decode() waits for the image to load (and rejects if it cannot), so a slow
        # thumbnail request is not mistaken for a broken one.
        assert thumb.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
        browsing.check(page, "the new report")
        mark_document(page)
        with in_app():
            report = FaultReport.get_by_id(report_id)
            assert (report.status, report.location, report.pets) == (
                rules.SENT_TO_MAINTENANCE,
                "bathroom",
                "a cat",
            )
            assert FaultPhoto.select().where(FaultPhoto.report == report_id).count() == 1

        assert _subjects(live_smtp, email) == [f"Your fault report {report_id} has been received"]
        forwarded = live_smtp.to(maintenance_email)
        assert len(forwarded) == 1
        assert [a.get_content_type() for a in forwarded[0].iter_attachments()] == ["image/jpeg"]
        link = _link_in(forwarded[0], "/maintenance/")
        assert link.startswith(browsing.base_url)

        # --- the maintenance company, through the link in its mail (no login) -------------------
        maintenance = browsing.new_page()
        maintenance.goto(link)
        expect(maintenance.get_by_role("heading", level=1)).to_contain_text(
            f"Fault report {report_id}"
        )
        browsing.check(maintenance, "maintenance page")
        visit = (desk_moments.open + timedelta(days=1)).replace(hour=9, minute=30)
        maintenance.get_by_label("Status", exact=True).select_option(label="Visit agreed")
        maintenance.get_by_label("Agreed visit time").fill(visit.strftime("%Y-%m-%dT%H:%M"))
        maintenance.get_by_label("Note for the resident").fill("The plumber comes along.")
        maintenance.get_by_role("button", name="Save", exact=True).click()
        expect(maintenance.get_by_role("status").filter(has_text="Saved")).to_be_visible()
        expect(maintenance.locator("main")).to_contain_text("The plumber comes along.")
        browsing.check(maintenance, "maintenance page after a change")
        maintenance.get_by_label("Status", exact=True).select_option(label="In progress")
        maintenance.get_by_role("button", name="Save", exact=True).click()
        expect(maintenance.locator("main p .status-tag")).to_have_text("In progress")

        # --- the resident's page follows without a reload (HTMX poll) --------------------------
        expect(status).to_contain_text("In progress", timeout=POLL_TIMEOUT)
        assert same_document(page), "the status was updated by reloading the page"
        area = page.locator("#report-status")
        expect(area).to_contain_text("Visit agreed")
        expect(area).to_contain_text("The plumber comes along.")
        expect(area).to_have_attribute("data-hx-trigger", "every 10s")  # and goes on polling
        facts = page.locator("#report-facts")  # the facts came with the poll, out of band
        expect(facts).to_contain_text("Agreed visit")
        expect(facts).to_contain_text("9:30")
        browsing.check(page, "report page updated in place")

        maintenance.get_by_label("Status", exact=True).select_option(label="Done")
        maintenance.get_by_role("button", name="Save", exact=True).click()
        expect(
            maintenance.get_by_role("status").filter(has_text="The report is now closed")
        ).to_be_visible()
        browsing.check(maintenance, "maintenance page, report closed")
        response = maintenance.goto(link)
        assert response is not None
        assert response.status == 410  # the link expires when the report closes
        browsing.check(maintenance, "expired maintenance link")

        # --- done: the resident answers "not fixed" and the report reopens ---------------------
        page.reload()
        expect(status).to_contain_text("Done")
        expect(page.locator("#report-status")).not_to_have_attribute(
            "data-hx-trigger", re.compile(".")
        )
        browsing.check(page, "report done, fixed or not?")
        page.get_by_label("Comment (optional)").fill("Still dripping under the sink.")
        page.get_by_role("button", name="Not fixed").click()
        _path(page, f"/my/faults/{report_id}")
        expect(page.get_by_role("status").filter(has_text="reopened")).to_be_visible()
        expect(status).to_contain_text("Sent to maintenance")
        expect(page.locator("#report-status .timeline")).to_contain_text(
            "reopened: the resident answered not fixed"
        )
        expect(facts).not_to_contain_text("Agreed visit")  # the old visit is not the coming one
        browsing.check(page, "report reopened")

        subjects = _subjects(live_smtp, email)
        for expected in (
            f"Fault report {report_id}: Visit agreed",
            f"New message about your fault report {report_id}",
            f"Fault report {report_id}: In progress",
            f"Fault report {report_id}: Done",
            f"Fault report {report_id}: Sent to maintenance",
        ):
            assert expected in subjects, subjects
        visit_mail = next(m for m in live_smtp.to(email) if "Visit agreed" in str(m["Subject"]))
        assert "9:30" in visit_mail.get_body(("plain",)).get_content()
        assert f"/my/faults/{report_id}" in visit_mail.get_body(("plain",)).get_content()
        # maintenance hears of the reopened report (not as a new one), and its link works again
        first, reopened = live_smtp.to(maintenance_email)
        assert str(reopened["Subject"]) != str(first["Subject"])
        assert "Still dripping under the sink." in reopened.get_body(("plain",)).get_content()
        with in_app():
            kinds = [
                m.kind for m in OutboxMail.select().where(OutboxMail.recipient == maintenance_email)
            ]
            assert kinds == ["fault_forward", "fault_reopened"]
        response = maintenance.goto(link)
        assert response is not None
        assert response.status == 200


def test_public_report_review_and_the_desk_queue(
    browsing, in_app, live_app, live_smtp, desk_moments
):
    """Can an anonymous visitor report through the public form (address search, then the flat by
    HTMX), confirm by the mailed link; and can the desk accept the unmatched report from the
    review queue, filter the queue, and add an internal note (hidden from the resident) and a
    message (shown), and change the status?"""
    with time_machine.travel(desk_moments.open, tick=True):
        with in_app(), live_app.test_request_context(base_url=browsing.base_url):
            user = make_tenant(email="maija@example.fi")
            flat = user.flat
            street = flat.building.street_address
            address = f"{street}, {flat.building.postal_code} – {flat.housing_company.name}"
            flat_number = flat.number
            own = service.file_report(
                user,
                flat.id,
                ReportInput(
                    category="water.shower",
                    description="The shower head is loose.",
                    phone="040 765 4321",
                ),
            )
            staff = make_staff(language="en")

        # --- the visitor -----------------------------------------------------------------------
        visitor = browsing.new_page()
        visitor.goto(browsing.url("/report-fault/"))
        browsing.check(visitor, "public fault form")
        mark_document(visitor)
        visitor.get_by_label("Street address or housing company").fill(street)
        _choose(visitor, "Address", address)
        flat_select = visitor.locator("#flat")
        expect(flat_select.locator("option", has_text=flat_number)).to_have_count(1)
        flat_select.select_option(label=flat_number)
        assert same_document(visitor)
        visitor.get_by_label("Your name").fill("Ville Vieras")
        visitor.get_by_label("E-mail address").fill("ville@example.fi")
        visitor.get_by_label("Kind of fault").select_option(label="Door")
        visitor.get_by_label("Description of the fault").fill("The front door does not lock.")
        _choose(visitor, "May maintenance enter", "No")
        visitor.locator("#phone").fill("050 111 2222")
        browsing.check(visitor, "public fault form filled in")
        visitor.get_by_role("button", name="Send the report").click()
        _path(visitor, "/report-fault/sent")
        browsing.check(visitor, "public report: check your e-mail")

        confirm_mails = live_smtp.to("ville@example.fi")
        assert [str(m["Subject"]) for m in confirm_mails] == ["Confirm your fault report"]
        visitor.goto(_link_in(confirm_mails[0], "/report-fault/confirm/"))
        _path(visitor, "/report-fault/confirmed")
        expect(visitor.get_by_role("heading", level=1)).to_have_text(
            "Thank you, your report was received"
        )
        browsing.check(visitor, "public report confirmed")
        with in_app():
            public = FaultReport.get(FaultReport.reporter_email == "ville@example.fi")
            assert public.status == rules.REVIEW
            public_id = public.id

        # --- the desk: review queue --------------------------------------------------------------
        desk = browsing.new_page()
        _log_in(browsing, desk, staff.email)
        _path(desk, "/staff/")
        desk.get_by_role("link", name="Review queue", exact=True).click()
        _path(desk, "/staff/faults/review")
        card = desk.get_by_role("article").filter(has_text="Ville Vieras")
        expect(card).to_have_count(1)
        browsing.check(desk, "review queue")
        mark_document(desk)
        card.get_by_role("button", name=f"Accept report {public_id}").click()
        expect(desk.locator("#review-h")).to_have_text("0 reports waiting")
        expect(desk.locator("#review-h")).to_be_focused()
        assert same_document(desk)
        browsing.check(desk, "review queue emptied")
        with in_app():
            assert FaultReport.get_by_id(public_id).status == rules.SENT_TO_MAINTENANCE

        # --- the desk: the queue, filtered by HTMX -----------------------------------------------
        desk.get_by_role("link", name="All fault reports").click()
        _path(desk, "/staff/faults/")
        expect(desk.locator("#results-h")).to_have_text("2 reports")
        browsing.check(desk, "fault queue")
        mark_document(desk)
        desk.get_by_label("Status", exact=True).select_option(label="Received")
        expect(desk.locator("#results-h")).to_have_text("0 reports")
        expect(desk).to_have_url(re.compile(r"/staff/faults/\?(.*&)?status=received(&|$)"))
        desk.get_by_label("Status", exact=True).select_option(label="Sent to maintenance")
        expect(desk).to_have_url(re.compile(r"status=sent_to_maintenance"))
        rows = desk.locator("#results tbody tr")
        expect(rows).to_have_count(2)
        assert same_document(desk), "filtering reloaded the page"
        browsing.check(desk, "fault queue filtered")
        rows.filter(has_text="Shower").get_by_role("link", name=str(own.id)).click()
        _path(desk, f"/staff/faults/{own.id}")
        browsing.check(desk, "desk report page")

        mark_document(desk)
        desk.get_by_role("textbox", name="Internal note").fill("Key register checked.")
        desk.get_by_role("button", name="Save internal note").click()
        internal = desk.locator(".timeline__item--internal")
        expect(internal).to_contain_text("Key register checked")
        message = desk.get_by_role("textbox", name="Message to the resident")
        message.fill("The technician calls you tomorrow.")
        desk.get_by_role("button", name="Send to the resident").click()
        expect(desk.locator("#report-work .timeline")).to_contain_text("calls you tomorrow")
        # "visit agreed" without a time: refused next to the field; with one: the facts follow
        desk.get_by_role("combobox", name="New status").select_option(label="Visit agreed")
        desk.get_by_role("button", name="Change status").click()
        expect(desk.locator("#visit_at-error")).to_contain_text("Give the agreed visit time.")
        browsing.check(desk, "desk report page: visit time missing")
        visit = (desk_moments.open + timedelta(days=1)).replace(hour=9, minute=30)
        desk.get_by_label("Agreed visit time").fill(visit.strftime("%Y-%m-%dT%H:%M"))
        desk.get_by_role("button", name="Change status").click()
        expect(desk.locator("#status-h")).to_contain_text("Visit agreed")
        expect(desk.locator("#report-facts")).to_contain_text("Agreed visit")
        expect(desk.locator("#report-facts")).to_contain_text("9:30")
        desk.get_by_role("combobox", name="New status").select_option(label="In progress")
        desk.get_by_role("button", name="Change status").click()
        expect(desk.locator("#status-h")).to_contain_text("In progress")
        assert same_document(desk), "the desk's changes reloaded the page"
        browsing.check(desk, "desk report page after the changes")
        with in_app():
            kinds = [
                (e.kind, e.visible_to_resident)
                for e in FaultEvent.select().where(
                    (FaultEvent.report == own.id) & FaultEvent.kind.in_(["note", "comment"])
                )
            ]
            assert sorted(kinds) == [("comment", True), ("note", False)]

        # --- the resident sees the message and the status, never the internal note --------------
        page = browsing.new_page()
        _log_in(browsing, page, "maija@example.fi")
        page.goto(browsing.url(f"/my/faults/{own.id}"))
        expect(page.locator("#status-h")).to_contain_text("In progress")
        expect(page.locator("main")).to_contain_text("The technician calls you tomorrow.")
        expect(page.locator("main")).not_to_contain_text("Key register")
        browsing.check(page, "resident's report page after the desk's changes")
        assert f"New message about your fault report {own.id}" in _subjects(
            live_smtp, "maija@example.fi"
        )


def _focused_id(page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.tagName")


def test_new_report_by_keyboard_only(browsing, in_app):
    """Can the new-report form be filled and sent with the keyboard alone, in a sensible order
    (Tab between fields, typing to pick the kind, Space and arrows for the radios, Enter)?"""
    with in_app():
        user = make_tenant()
        email = user.email

    page = browsing.new_page()
    _log_in(browsing, page, email)
    page.goto(browsing.url("/my/faults/new"))
    browsing.check(page, "new report form")

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link: focus to the main content
    assert _focused_id(page) == "main"
    for _ in range(15):  # past the urgent-number links to the first field
        page.keyboard.press("Tab")
        if _focused_id(page) == "category":
            break
    assert _focused_id(page) == "category"

    order = ["category"]
    page.keyboard.type("Stove")  # type-to-select in the closed list
    expect(page.locator("#category")).to_have_value("appliances.stove")
    for text in ("kitchen", "The oven door does not close.", ""):  # "": the photo input
        page.keyboard.press("Tab")
        order.append(_focused_id(page))
        page.keyboard.type(text)
    page.keyboard.press("Tab")  # into the radio group: the first radio
    order.append(_focused_id(page))
    page.keyboard.press("Space")
    expect(page.locator("#master_key_allowed-0")).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#master_key_allowed-1")).to_be_checked()
    order.append(_focused_id(page))
    for text in ("none", "mornings", "040 123 4567"):
        page.keyboard.press("Tab")
        order.append(_focused_id(page))
        page.keyboard.type(text)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    assert order == [
        "category",
        "location",
        "description",
        "photos",
        "master_key_allowed-0",
        "master_key_allowed-1",
        "pets",
        "visiting_times",
        "phone",
    ]
    page.keyboard.press("Enter")

    _path(page, r"/my/faults/\d+")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stove or oven")
    browsing.check(page, "report sent by keyboard")
    with in_app():
        report = FaultReport.get(FaultReport.reporter == user.id)
        assert (report.location, report.master_key_allowed, report.pets, report.reporter_phone) == (
            "kitchen",
            False,
            "none",
            "040 123 4567",
        )

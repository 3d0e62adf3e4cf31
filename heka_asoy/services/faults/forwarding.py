"""Sending reports on to the housing company's maintenance company: now in office hours, else at
the next opening (a periodic job), as a new or a reopened report, and the residents' comments
that follow; each mail carries the signed maintenance link."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app

from ...db import write_txn
from ...domain import faults as rules
from ...domain import responsibility
from ...domain.office_hours import Hours, WeeklyHours
from ...models import FaultEvent, FaultReport, Flat, utcnow
from ..mailer import queue_mail
from ..urls import external_url
from .core import mail_reporter, naive, photos_of, set_status
from .links import maintenance_token


def forward_hours() -> Hours:
    """The forwarding hours from the FORWARD_HOURS setting ("0,1,2,3,4 9-12")."""
    days, span = current_app.config["FORWARD_HOURS"].split()
    start, end = (int(part) for part in span.split("-"))
    return Hours(desk=WeeklyHours({int(day): (start, end) for day in days.split(",")}))


def schedule_forward(report: FaultReport, template: str | None = "fault_received") -> None:
    """Forward now in office hours, else at the next opening; tell the reporter which (with
    ``template``; None tells nothing: a public report's sender was told at confirmation).

    Only the housing company's share goes to its maintenance company (``report.responsible``,
    set from the responsibility table at filing): Heka's share and the resident's stay with the
    asoy desk, in "received", and the reporter is told so by the same template."""
    if not responsibility.forwarded(report.responsible):
        report.forward_after = None
        report.save()
        if template is not None:
            mail_reporter(report, template, forward_at=None)
        return
    now = datetime.now(UTC)
    when = rules.forward_at(now, forward_hours())
    if when <= now:
        forward(report)
    else:
        report.forward_after = naive(when)
        report.save()
    if template is not None:
        mail_reporter(report, template, forward_at=None if when <= now else when)


def forward(report: FaultReport) -> None:
    """Send the report to the housing company's maintenance company, with a signed link."""
    mail_forward(report)
    set_status(report, rules.SENT_TO_MAINTENANCE, actor_label="system")


def reopen_comments(report: FaultReport) -> list[str] | None:
    """While a report is back at "received" because the resident answered "not fixed": the
    resident's comments since (oldest first; the first says what is still wrong). None when the
    report is there for any other reason. Read from the timeline, so a report reopened outside
    office hours and forwarded at the next opening is still told apart from a new one."""
    reopened = (
        FaultEvent.select(FaultEvent.id, FaultEvent.status, FaultEvent.text)
        .where((FaultEvent.report == report.id) & (FaultEvent.kind == "status"))
        .order_by(FaultEvent.id.desc())
        .first()
    )
    if reopened is None or (reopened.status, reopened.text) != (rules.RECEIVED, "not_fixed"):
        return None
    comments = (
        FaultEvent.select(FaultEvent.text)
        .where(
            (FaultEvent.report == report.id)
            & (FaultEvent.id > reopened.id)
            & (FaultEvent.kind == "comment")
            & FaultEvent.actor.is_null(False)
            & (FaultEvent.actor_label == "")
            & (FaultEvent.text != "")
        )
        .order_by(FaultEvent.id)
    )
    return [event.text for event in comments]


def mail_forward(report: FaultReport) -> None:
    """Mail the report, its photos and the signed link to the maintenance company: as a new
    report, or as reopened when the resident answered "not fixed". Call it before the status
    moves on from "received": the reason is read from the report's current status."""
    flat = Flat.with_companies(report.flat_id)
    report.forwarded_at = utcnow()
    report.forward_after = None
    report.save()
    company = flat.housing_company.maintenance_company
    photos = photos_of(report)
    comments = reopen_comments(report)
    queue_mail(
        company.email,
        "fault_forward" if comments is None else "fault_reopened",
        "fi",
        attachments=[
            {"key": p.storage_key, "filename": f"kuva-{i}.jpg", "type": p.content_type}
            for i, p in enumerate(photos, start=1)
        ],
        report=report,
        flat=flat,
        photo_count=len(photos),
        link=external_url("maintenance.report", token=maintenance_token(report, flat)),
        comments=comments,
    )


def mail_maintenance_comment(report: FaultReport, text: str) -> None:
    """A resident's comment on a report maintenance is working on goes to the company too."""
    flat = Flat.with_companies(report.flat_id)
    queue_mail(
        flat.housing_company.maintenance_company.email,
        "fault_comment_to_maintenance",
        "fi",
        report=report,
        flat=flat,
        message=text,
        link=external_url("maintenance.report", token=maintenance_token(report, flat)),
    )


def forward_due(now: datetime | None = None) -> int:
    """Forward the reports received outside office hours whose time has come (periodic job)."""
    now_naive = naive(now or datetime.now(UTC))
    due = FaultReport.select(FaultReport.id).where(
        (FaultReport.status == rules.RECEIVED)
        & FaultReport.forward_after.is_null(False)
        & (FaultReport.forward_after <= now_naive)
    )
    count = 0
    for (report_id,) in due.tuples():
        with write_txn():
            report = FaultReport.get_by_id(report_id)
            if report.status == rules.RECEIVED and report.forward_after is not None:
                forward(report)
                if not report.is_public:
                    # A public report's sender hears of no forwarding: a matched report is
                    # forwarded, an unmatched one waits for the desk, and that must not show.
                    mail_reporter(report, "fault_status")
                count += 1
    return count

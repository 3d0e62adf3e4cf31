"""The public (no-login) fault form: filing, confirmation by the mailed link, and routing the
confirmed report afterwards (on like a resident's when name and flat match the register, else to
the desk's review queue, where the desk accepts or rejects it)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from peewee import IntegrityError

from ...db import locked, write_txn
from ...domain import faults as rules
from ...domain.clock import helsinki_today
from ...models import FaultReport, Flat, Occupancy, Resident, User, utcnow
from .. import audit, jobs, tokens
from ..mailer import queue_mail
from ..responsibility import responsible_for
from ..urls import external_url
from .core import (
    FaultError,
    ReportInput,
    ReportNotFound,
    StoredPhotos,
    check_input,
    first_of_double_submit,
    mail_reporter,
    process_photos,
    report_fields,
    set_status,
)
from .forwarding import schedule_forward
from .status import change_status, claim_report

CONFIRM = "fault_confirm"
#: The desk acts as "asoy" on timelines and in the audit log (its person is in ``actor``).
DESK_LABEL = "asoy"


@dataclass
class PublicReporter:
    name: str
    email: str
    phone: str


def file_public_report(
    flat_id: int, who: PublicReporter, data: ReportInput, language: str
) -> FaultReport:
    """Anyone may report without logging in; the report waits for e-mail confirmation."""
    if Flat.get_or_none(Flat.id == flat_id) is None:
        raise FaultError("flat")
    try:
        return _file_public_report(flat_id, who, data, language)
    except IntegrityError:
        existing = first_of_double_submit(data)
        if existing is None:
            raise
        return existing


def _file_public_report(
    flat_id: int, who: PublicReporter, data: ReportInput, language: str
) -> FaultReport:
    existing = first_of_double_submit(data)
    if existing is not None:
        return existing
    check_input(data)
    photos = process_photos(data.photos)
    with StoredPhotos(photos) as stored, write_txn():
        report = FaultReport.create(
            flat=flat_id,
            reporter_name=who.name.strip(),
            reporter_email=who.email.strip().lower(),
            reporter_phone=who.phone.strip(),
            is_public=True,
            matches_register=False,
            **report_fields(data),
            responsible=responsible_for(data.category, flat_id).who,
            status=rules.UNCONFIRMED,
        )
        stored.attach(report, None)
        raw = tokens.issue(
            CONFIRM,
            None,
            current_app.config["TOKEN_LIFETIME"],
            {"report": report.id, "language": language},
        )
        queue_mail(
            report.reporter_email,
            "fault_confirm",
            language,
            report=report,
            flat=Flat.with_companies(flat_id),
            link=external_url("public_faults.confirm", token=raw),
        )
    return report


def _matches_register(report: FaultReport) -> bool:
    """Does the given name belong to someone living in the chosen flat? Never shown to the
    reporter: it only decides whether the desk reviews the report first, in the background job
    after confirmation (``route_public_report``)."""
    given = " ".join(report.reporter_name.casefold().split())
    if not given:
        return False
    today = helsinki_today()
    people = (
        Resident.select(Resident.first_names, Resident.last_name)
        .join(Occupancy)
        .where((Occupancy.flat == report.flat_id) & Occupancy.current_on(today))
    )
    for person in people:
        last = person.last_name.casefold()
        firsts = person.first_names.casefold().split()
        if given in {f"{first} {last}" for first in firsts} | {f"{' '.join(firsts)} {last}"}:
            return True
    return False


def confirm_public_report(raw: str) -> FaultReport:
    """The reporter clicked the mailed link: the report is confirmed and the reporter gets the
    receipt. Everything the reporter meets here (the page, the mail, the work done while they
    wait) is the same whatever the register holds, or the form would tell anyone who lives in a
    flat: matching the name against the register and routing the report happen afterwards, in a
    background job (``route_public_report``). A bad link raises ``tokens.TokenError``."""
    with write_txn():
        token = tokens.consume(CONFIRM, raw)
        report = FaultReport.get_by_id(token.data["report"])
        if report.status != rules.UNCONFIRMED or report.confirmed_at is not None:
            return report  # e.g. the desk cancelled it as spam: the link changes nothing
        report.confirmed_at = utcnow()
        report.save()
        mail_reporter(
            report, "fault_received", language=token.data.get("language", "fi"), public=True
        )
    jobs.after_request("route_public_report", report.id)
    return report


def route_public_report(report_id: int) -> FaultReport | None:
    """A confirmed public report goes on like a resident's when name and flat match the register,
    otherwise to the desk's review queue (the background job after confirmation). Tells the
    reporter nothing: the receipt at confirmation was the same for both."""
    with write_txn():
        report = locked(FaultReport.select().where(FaultReport.id == report_id)).first()
        if report is None or report.status != rules.UNCONFIRMED or report.confirmed_at is None:
            return report  # routed already (a second job, the sweep) or cancelled meanwhile
        report.matches_register = _matches_register(report)
        if report.matches_register:
            set_status(report, rules.RECEIVED, actor_label="system")
            schedule_forward(report, template=None)
        else:
            set_status(report, rules.REVIEW, actor_label="system")
    return report


def route_confirmed() -> int:
    """Route the confirmed public reports no job has routed yet (the queue was unreachable, or
    the worker stopped): the periodic sweep behind ``route_public_report``."""
    waiting = FaultReport.select(FaultReport.id).where(
        (FaultReport.status == rules.UNCONFIRMED) & FaultReport.confirmed_at.is_null(False)
    )
    return sum(1 for (report_id,) in waiting.tuples() if route_public_report(report_id))


# --- the desk's review of unmatched reports ----------------------------------------------------


def accept_review(staff: User, report_id: int, version: int) -> FaultReport:
    """The desk accepts an unmatched public report: it is received and goes on like a resident's
    (to maintenance now in office hours, else at the next opening). The reporter is not mailed:
    a matched report's reporter hears nothing at this point either, and the two must not differ.

    One transaction, the same optimistic version check as every status change."""
    with write_txn():
        report = claim_report(report_id, version)
        if report.status != rules.REVIEW or not rules.can_transition(
            report.status, rules.RECEIVED, rules.DESK
        ):
            raise FaultError("transition")
        set_status(report, rules.RECEIVED, actor=staff, actor_label=DESK_LABEL)
        audit.record(
            "fault_review_accepted", staff, report, actor_label=DESK_LABEL, status=rules.RECEIVED
        )
        schedule_forward(report, template=None)  # told at confirmation, like a match
    return report


def reject_review(staff: User, report_id: int, version: int) -> FaultReport:
    """The desk rejects an unmatched public report (spam, not a flat of ours): cancelled."""
    report = FaultReport.get_or_none(FaultReport.id == report_id)
    if report is None:
        raise ReportNotFound()
    if report.status != rules.REVIEW:
        raise FaultError("transition")
    return change_status(
        report_id,
        rules.CANCELLED,
        actor_kind=rules.DESK,
        version=version,
        actor=staff,
        actor_label=DESK_LABEL,
    )

"""A logged-in resident's fault reports: the list and the form's flats, filing, one report with
its timeline, comments and photos, and the answer once maintenance says "done".

Every read goes through ``access``: a report or photo of another flat does not exist for the
user (``ReportNotFound``, ``PhotoNotFound``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from peewee import IntegrityError, fn

from ...db import write_txn
from ...domain import faults as rules
from ...models import FaultEvent, FaultPhoto, FaultReport, User, utcnow
from ...prepared import Prepared
from .. import access, audit
from ..access import FlatSummary, describe
from ..errors import NotFound, Refused
from ..responsibility import responsible_for
from .core import (
    FaultError,
    PhotoFile,
    ReportInput,
    ReportNotFound,
    ReportView,
    StoredPhotos,
    aware,
    check_input,
    check_room_for_photos,
    event,
    first_of_double_submit,
    photo_file,
    photos_of,
    process_photos,
    report_fields,
    set_status,
    timeline,
)
from .forwarding import mail_maintenance_comment, schedule_forward

#: Statuses in which maintenance works on the report: a resident's comment goes to them too.
_AT_MAINTENANCE = (
    rules.SENT_TO_MAINTENANCE,
    rules.VISIT_AGREED,
    rules.IN_PROGRESS,
    rules.WAITING_FOR_PARTS,
)


# --- the list and the form's flats -------------------------------------------------------------


def fault_flats(user: User) -> list[FlatSummary]:
    """The started flats where the user may report faults; ``Refused`` when there is none."""
    flats = [fa for fa in access.started_flats(user) if fa.can("faults")]
    if not flats:
        raise Refused("faults")
    return describe(flats)


@dataclass(frozen=True)
class ReportsPage:
    """The resident's fault page: the reports of their flats and the flats themselves."""

    reports: list[FaultReport]
    flats: list[FlatSummary]


def reports_page(user: User) -> ReportsPage:
    """The reports of the user's flats (newest first) and the flats they may report for."""
    flats = fault_flats(user)
    return ReportsPage(flat_reports(user), flats)


def new_report_flats(user: User, chosen: int | None) -> tuple[list[FlatSummary], int]:
    """The flats the new-report form offers and the one chosen (the first unless ``chosen``
    names another); ``NotFound`` when ``chosen`` is not one of them."""
    flats = fault_flats(user)
    chosen = chosen or flats[0].flat_id
    if chosen not in {f.flat_id for f in flats}:
        raise NotFound("flat")
    return flats, chosen


def _reports_of(flat_ids: list[int], limit: int):
    # The photo count as a subquery, not a grouped join: the grouped join had to read and sort
    # every report of the flat before the LIMIT (52 ms at 10,000 reports; this: 1.5 ms).
    photo_count = (
        FaultPhoto.select(fn.COUNT(FaultPhoto.id)).where(FaultPhoto.report == FaultReport.id)
    )
    return (
        FaultReport.select(FaultReport, photo_count.alias("photo_count"))
        .where(FaultReport.flat.in_(flat_ids) & (FaultReport.status != rules.UNCONFIRMED))
        .order_by(FaultReport.created_at.desc(), FaultReport.id.desc())
        .limit(limit)
    )


#: The resident's fault page runs it on every visit: built once (see ``prepared``).
_REPORTS = Prepared(_reports_of, [int], int)


def flat_reports(user: User, limit: int = 50) -> list[FaultReport]:
    """The reports of the user's flats, newest first, with the photo count (constant queries)."""
    return list(_REPORTS(access.flat_ids_with(user, "faults"), limit))


# --- filing ------------------------------------------------------------------------------------


def file_report(user: User, flat_id: int, data: ReportInput) -> FaultReport:
    """A logged-in resident files a report for a flat they live in (and only that flat)."""
    access.flat_access(user, flat_id, "faults")
    try:
        return _file_report(user, flat_id, data)
    except IntegrityError:
        # Two sends of one form at the same moment: the unique submission id let one through.
        existing = first_of_double_submit(data, flat_id)
        if existing is None:
            raise
        return existing


def _file_report(user: User, flat_id: int, data: ReportInput) -> FaultReport:
    existing = first_of_double_submit(data, flat_id)
    if existing is not None:
        return existing  # a double submit: the first report stands
    check_input(data)
    photos = process_photos(data.photos)
    resident = user.resident
    with StoredPhotos(photos) as stored, write_txn():
        report = FaultReport.create(
            flat=flat_id,
            reporter=user,
            reporter_name=resident.full_name if resident else user.email,
            reporter_email=user.notice_email,
            reporter_phone=data.phone,
            **report_fields(data),
            responsible=responsible_for(data.category, flat_id).who,
            status=rules.RECEIVED,
        )
        stored.attach(report, user)
        event(report, "status", status=rules.RECEIVED, actor=user)
        schedule_forward(report)
        audit.record("fault_report_filed", user, report)
    return report


# --- one report --------------------------------------------------------------------------------


def resident_report(user: User, report_id: int) -> FaultReport:
    """A report of one of the user's flats; ``ReportNotFound`` for any other (another flat's
    report does not exist for them)."""
    flat_ids = access.flat_ids_with(user, "faults")
    report = FaultReport.get_or_none((FaultReport.id == report_id) & FaultReport.flat.in_(flat_ids))
    if report is None or report.status in (rules.UNCONFIRMED,):
        raise ReportNotFound()
    return report


def report_view(user: User, report_id: int, unless_version: str | None = None):
    """The report page's content; None when the report is still at ``unless_version`` (the
    page's poll: nothing changed, so nothing more is read)."""
    report = resident_report(user, report_id)
    if unless_version is not None and unless_version == str(report.version):
        return None
    return ReportView(report, timeline(report), photos_of(report))


def resident_photo(user: User, photo_id: int, thumb: bool = False) -> PhotoFile:
    """The file of a photo of one of the user's flats' reports; ``PhotoNotFound`` for any other."""
    flat_ids = access.flat_ids_with(user, "faults")
    photo = (
        FaultPhoto.select(FaultPhoto)
        .join(FaultReport)
        .where((FaultPhoto.id == photo_id) & FaultReport.flat.in_(flat_ids))
        .first()
    )
    return photo_file(photo, thumb)


def add_comment(user: User, report_id: int, text: str, photo: bytes | None = None) -> FaultEvent:
    """The resident adds a comment (and maybe a photo) while the report is open."""
    report = resident_report(user, report_id)
    if report.status in rules.CLOSED_STATUSES:
        raise FaultError("closed")
    if not text.strip() and not photo:
        raise FaultError("empty_comment")
    photos = process_photos([photo] if photo else [])
    check_room_for_photos(report, len(photos))
    with StoredPhotos(photos) as stored, write_txn():
        stored.attach(report, user)
        comment = event(report, "comment", text=text.strip(), actor=user)
        FaultReport.update(updated_at=utcnow()).where(FaultReport.id == report.id).execute()
        if report.status in _AT_MAINTENANCE:
            mail_maintenance_comment(report, text.strip())
    return comment


# --- the answer after "done" -------------------------------------------------------------------


def answer_feedback(user: User, report_id: int, fixed: bool, comment: str = "") -> FaultReport:
    """After "done" the resident answers fixed / not fixed, maybe with a comment (what is still
    wrong). Not fixed within 14 days reopens the report and sends it back to maintenance with the
    comment; later it opens a new report linked to the old one, the comment on the new one."""
    report = resident_report(user, report_id)
    if report.status != rules.DONE or report.feedback:
        raise FaultError("feedback")
    comment = comment.strip()
    with write_txn():
        report.feedback = "fixed" if fixed else "not_fixed"
        report.save()
        event(report, "feedback", text=report.feedback, actor=user)
        outcome = None
        if not fixed:
            outcome = rules.feedback_outcome(aware(report.done_at), datetime.now(UTC))
        answered = report
        if outcome == rules.REOPEN:
            report.feedback = ""
            set_status(report, rules.RECEIVED, actor=user, text="not_fixed")
        elif outcome == rules.NEW_REPORT:
            answered = _follow_up(report, user)
        if comment:  # after the reopening, so that the mail to maintenance carries it
            event(answered, "comment", text=comment, actor=user)
        if outcome is not None:
            schedule_forward(
                answered, "fault_status" if outcome == rules.REOPEN else "fault_received"
            )
    return answered


def _follow_up(report: FaultReport, user: User) -> FaultReport:
    """A new report linked to ``report``, for "not fixed" answered after the reopen window."""
    follow = FaultReport.create(
        flat=report.flat_id,
        reporter=user,
        reporter_name=report.reporter_name,
        reporter_email=user.notice_email,
        reporter_phone=report.reporter_phone,
        category=report.category,
        location=report.location,
        description=report.description,
        master_key_allowed=report.master_key_allowed,
        pets=report.pets,
        visiting_times=report.visiting_times,
        previous=report,
        responsible=report.responsible,  # whoever had the first report has this one too
        status=rules.RECEIVED,
    )
    event(follow, "status", status=rules.RECEIVED, actor=user, text="follow_up")
    return follow

"""Fault reports: filing, forwarding to maintenance, status changes, comments and feedback.

Every write is one transaction that also queues its mails and on-page notifications, so a
report is never half-saved and its notices are never lost. Photos are processed and stored
*before* the transaction (a bad photo changes nothing) and removed again if it fails.
Status changes use an optimistic version check, so the desk and maintenance cannot overwrite
each other's change unseen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from peewee import IntegrityError, fn

from .. import tasks
from ..db import locked, write_txn
from ..domain import faults as rules
from ..domain.office_hours import HELSINKI, Hours, WeeklyHours, to_helsinki
from ..models import (
    Building,
    FaultEvent,
    FaultPhoto,
    FaultReport,
    Flat,
    HousingCompany,
    MaintenanceCompany,
    Notification,
    Occupancy,
    Resident,
    User,
    utcnow,
)
from . import access, audit, tokens
from .mailer import queue_mail
from .photos import PhotoError, ProcessedPhoto, delete_stored, process_photo, store_photo
from .urls import external_url

MAX_PHOTOS = 5
CONFIRM = "fault_confirm"
MAINTENANCE_SALT = "maintenance-link"


class FaultError(Exception):
    """A rule said no; ``code`` picks the message shown to the user."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass
class ReportInput:
    """What a fault form sends, already validated for shape by the form."""

    category: str
    description: str
    location: str = ""
    master_key_allowed: bool = False
    pets: str = ""
    visiting_times: str = ""
    phone: str = ""
    photos: list[bytes] = field(default_factory=list)
    client_token: str | None = None
    urgent_acknowledged: bool = False


def _aware(naive_utc: datetime) -> datetime:
    return naive_utc.replace(tzinfo=UTC)


def _naive(aware: datetime) -> datetime:
    return aware.astimezone(UTC).replace(tzinfo=None)


def _report_fields(data: ReportInput) -> dict:
    """The report's own fields from the form, the same for the resident and the public form."""
    return {
        "category": data.category,
        "location": data.location,
        "description": data.description.strip(),
        "master_key_allowed": data.master_key_allowed,
        "pets": data.pets,
        "visiting_times": data.visiting_times,
        "client_token": data.client_token,
    }


def check_input(data: ReportInput) -> None:
    """Rules the form cannot know: a real leaf category, the photo count, urgency acknowledged."""
    if data.category not in rules.LEAF_CODES:
        raise FaultError("category")
    if not data.description.strip():
        raise FaultError("description")
    if len(data.photos) > MAX_PHOTOS:
        raise FaultError("too_many_photos")
    if rules.looks_urgent(data.description, data.category) and not data.urgent_acknowledged:
        raise FaultError("looks_urgent")


def _process_photos(blobs: list[bytes]) -> list[ProcessedPhoto]:
    processed = []
    for index, blob in enumerate(blobs, start=1):
        try:
            processed.append(process_photo(blob))
        except PhotoError as exc:
            raise FaultError("photo_" + exc.code, str(index)) from exc
    return processed


class _StoredPhotos:
    """Photos written to disk before the transaction; removed again if the transaction fails."""

    def __init__(self, photos: list[ProcessedPhoto]):
        self.photos = photos
        self.keys: list[tuple[str, str]] = []

    def __enter__(self):
        folder = current_app.config["UPLOAD_FOLDER"]
        for photo in self.photos:
            self.keys.append(store_photo(photo, folder))
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            delete_stored(
                [k for pair in self.keys for k in pair], current_app.config["UPLOAD_FOLDER"]
            )
        return False

    def attach(self, report: FaultReport, user: User | None) -> None:
        for photo, (key, thumb) in zip(self.photos, self.keys, strict=True):
            FaultPhoto.create(
                report=report,
                storage_key=key,
                thumb_key=thumb,
                content_type=photo.content_type,
                width=photo.width,
                height=photo.height,
                size=len(photo.data),
                uploaded_by=user,
            )


# --- filing ----------------------------------------------------------------------------------


def _first_of_double_submit(data: ReportInput, flat_id: int | None = None) -> FaultReport | None:
    """The report an earlier send of the same form made, if any."""
    if not data.client_token:
        return None
    existing = FaultReport.get_or_none(FaultReport.client_token == data.client_token)
    if existing is not None and (flat_id is None or existing.flat_id == flat_id):
        return existing
    return None


def file_report(user: User, flat_id: int, data: ReportInput) -> FaultReport:
    """A logged-in resident files a report for a flat they live in (and only that flat)."""
    access.flat_access(user, flat_id, "faults")
    try:
        return _file_report(user, flat_id, data)
    except IntegrityError:
        # Two sends of one form at the same moment: the unique submission id let one through.
        existing = _first_of_double_submit(data, flat_id)
        if existing is None:
            raise
        return existing


def _file_report(user: User, flat_id: int, data: ReportInput) -> FaultReport:
    existing = _first_of_double_submit(data, flat_id)
    if existing is not None:
        return existing  # a double submit: the first report stands
    check_input(data)
    photos = _process_photos(data.photos)
    resident = user.resident
    with _StoredPhotos(photos) as stored, write_txn():
        report = FaultReport.create(
            flat=flat_id,
            reporter=user,
            reporter_name=resident.full_name if resident else user.email,
            reporter_email=user.notice_email,
            reporter_phone=data.phone,
            **_report_fields(data),
            status=rules.RECEIVED,
        )
        stored.attach(report, user)
        _event(report, "status", status=rules.RECEIVED, actor=user)
        _schedule_forward(report)
        audit.record("fault_report_filed", user, report)
    return report


def forward_hours() -> Hours:
    """The forwarding hours from the FORWARD_HOURS setting ("0,1,2,3,4 9-12")."""
    days, span = current_app.config["FORWARD_HOURS"].split()
    start, end = (int(part) for part in span.split("-"))
    return Hours(desk=WeeklyHours({int(day): (start, end) for day in days.split(",")}))


def _schedule_forward(report: FaultReport, template: str | None = "fault_received") -> None:
    """Forward now in office hours, else at the next opening; tell the reporter which (with
    ``template``; None tells nothing: a public report's sender was told at confirmation)."""
    now = datetime.now(UTC)
    when = rules.forward_at(now, forward_hours())
    if when <= now:
        _forward(report)
    else:
        report.forward_after = _naive(when)
        report.save()
    if template is not None:
        _mail_reporter(report, template, forward_at=None if when <= now else when)


def _forward(report: FaultReport) -> None:
    """Send the report to the housing company's maintenance company, with a signed link."""
    flat = (
        Flat.select(Flat, Building, HousingCompany, MaintenanceCompany)
        .join(Building)
        .switch(Flat)
        .join(HousingCompany)
        .join(MaintenanceCompany)
        .where(Flat.id == report.flat_id)
        .get()
    )
    _mail_forward(report, flat)
    _set_status(report, rules.SENT_TO_MAINTENANCE, actor_label="system")


def _reopen_comments(report: FaultReport) -> list[str] | None:
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


def _mail_forward(report: FaultReport, flat: Flat | None = None) -> None:
    """Mail the report, its photos and the signed link to the maintenance company: as a new
    report, or as reopened when the resident answered "not fixed". Call it before the status
    moves on from "received": the reason is read from the report's current status."""
    if flat is None:
        flat = (
            Flat.select(Flat, Building, HousingCompany, MaintenanceCompany)
            .join(Building)
            .switch(Flat)
            .join(HousingCompany)
            .join(MaintenanceCompany)
            .where(Flat.id == report.flat_id)
            .get()
        )
    report.forwarded_at = utcnow()
    report.forward_after = None
    report.save()
    company = flat.housing_company.maintenance_company
    photos = list(report.photos)
    comments = _reopen_comments(report)
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
        link=external_url("maintenance.report", token=maintenance_token(report)),
        comments=comments,
    )


def forward_due(now: datetime | None = None) -> int:
    """Forward the reports received outside office hours whose time has come (periodic job)."""
    now_naive = _naive(now or datetime.now(UTC))
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
                _forward(report)
                if not report.is_public:
                    # A public report's sender hears of no forwarding: a matched report is
                    # forwarded, an unmatched one waits for the desk, and that must not show.
                    _mail_reporter(report, "fault_status")
                count += 1
    return count


# --- the public form -------------------------------------------------------------------------


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
        existing = _first_of_double_submit(data)
        if existing is None:
            raise
        return existing


def _file_public_report(
    flat_id: int, who: PublicReporter, data: ReportInput, language: str
) -> FaultReport:
    existing = _first_of_double_submit(data)
    if existing is not None:
        return existing
    check_input(data)
    photos = _process_photos(data.photos)
    with _StoredPhotos(photos) as stored, write_txn():
        report = FaultReport.create(
            flat=flat_id,
            reporter_name=who.name.strip(),
            reporter_email=who.email.strip().lower(),
            reporter_phone=who.phone.strip(),
            is_public=True,
            matches_register=False,
            **_report_fields(data),
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
    today = datetime.now(HELSINKI).date()
    people = (
        Resident.select(Resident.first_names, Resident.last_name)
        .join(Occupancy)
        .where(
            (Occupancy.flat == report.flat_id)
            & (Occupancy.moved_in <= today)
            & (Occupancy.moved_out.is_null() | (Occupancy.moved_out >= today))
        )
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
    background job (``route_public_report``)."""
    with write_txn():
        token = tokens.consume(CONFIRM, raw)
        report = FaultReport.get_by_id(token.data["report"])
        if report.status != rules.UNCONFIRMED or report.confirmed_at is not None:
            return report  # e.g. the desk cancelled it as spam: the link changes nothing
        report.confirmed_at = utcnow()
        report.save()
        _mail_reporter(
            report, "fault_received", language=token.data.get("language", "fi"), public=True
        )
    tasks.soon(tasks.route_public_report, report.id)
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
            _set_status(report, rules.RECEIVED, actor_label="system")
            _schedule_forward(report, template=None)
        else:
            _set_status(report, rules.REVIEW, actor_label="system")
    return report


def route_confirmed() -> int:
    """Route the confirmed public reports no job has routed yet (the queue was unreachable, or
    the worker stopped): the periodic sweep behind ``route_public_report``."""
    waiting = FaultReport.select(FaultReport.id).where(
        (FaultReport.status == rules.UNCONFIRMED) & FaultReport.confirmed_at.is_null(False)
    )
    return sum(1 for (report_id,) in waiting.tuples() if route_public_report(report_id))


# --- status, comments, notes ------------------------------------------------------------------


def _event(report, kind, *, status="", text="", visible=True, actor=None, actor_label=""):
    return FaultEvent.create(
        report=report,
        kind=kind,
        status=status,
        text=text,
        visible_to_resident=visible,
        actor=actor,
        actor_label=actor_label,
    )


def _set_status(report: FaultReport, new: str, actor=None, actor_label="", text="") -> None:
    """Write a status and its timeline event (the caller has checked the rule)."""
    now = utcnow()
    report.status = new
    report.status_changed_at = now
    report.updated_at = now
    report.version += 1
    if new == rules.DONE:
        report.done_at = now
    if new not in rules.KEEPS_VISIT:
        report.visit_at = None  # e.g. reopened: the old visit is not the coming one
    report.save()
    _event(report, "status", status=new, text=text, actor=actor, actor_label=actor_label)


def claim_report(report_id: int, version: int) -> FaultReport:
    """Take a report for a change if nobody changed it since ``version`` was read; call inside
    a write transaction. The conditional UPDATE is what makes it safe: of two workers holding the
    same version, the second updates no row (PostgreSQL re-checks the WHERE after the first
    commits; SQLite's IMMEDIATE transaction serialises them)."""
    report = FaultReport.get_or_none(FaultReport.id == report_id)
    if report is None:
        raise FaultError("not_found")
    claimed = (
        FaultReport.update(version=FaultReport.version + 1)
        .where((FaultReport.id == report_id) & (FaultReport.version == version))
        .execute()
    )
    if claimed != 1:
        raise FaultError("conflict")
    report.version = version + 1
    return report


def change_status(
    report_id: int,
    new: str,
    *,
    actor_kind: str,
    version: int,
    actor: User | None = None,
    actor_label: str = "",
    text: str = "",
    visit_at: datetime | None = None,
) -> FaultReport:
    """Change a report's status as desk, maintenance or system, if the rules allow it and nobody
    changed the report since ``version`` was read (no lost update)."""
    with write_txn():
        report = claim_report(report_id, version)
        if not rules.can_transition(report.status, new, actor_kind):
            raise FaultError("transition")
        problem = rules.visit_problem(report.status, new, visit_at is not None)
        if problem:
            raise FaultError(problem)
        if visit_at is not None:
            report.visit_at = _naive(visit_at)
        if new == rules.SENT_TO_MAINTENANCE:
            _mail_forward(report)  # the desk sends it on by hand: maintenance must hear of it
        _set_status(report, new, actor=actor, actor_label=actor_label, text=text)
        audit.record("fault_status", actor, report, actor_label=actor_label, status=new)
        _mail_reporter(report, "fault_status")
    return report


def reschedule_visit(report_id: int, visit_at: datetime, *, version: int, actor_label: str):
    """Maintenance moves an agreed visit to a new time (no status change); the resident is told.
    Only while a visit is agreed: a report still waiting for one gets it with "visit agreed"."""
    with write_txn():
        report = claim_report(report_id, version)
        problem = rules.visit_problem(report.status, None, True)
        if problem:
            raise FaultError(problem)
        report.visit_at = _naive(visit_at)
        report.updated_at = utcnow()
        report.save()
        _event(report, "visit", text=visit_at.isoformat(), actor_label=actor_label)
        audit.record("fault_visit", None, report, actor_label=actor_label)
        _mail_reporter(report, "fault_status")
    return report


def add_comment(user: User, report_id: int, text: str, photo: bytes | None = None) -> FaultEvent:
    """The resident adds a comment (and maybe a photo) while the report is open."""
    report = resident_report(user, report_id)
    if report.status in rules.CLOSED_STATUSES:
        raise FaultError("closed")
    if not text.strip() and not photo:
        raise FaultError("empty_comment")
    photos = _process_photos([photo] if photo else [])
    if photos and FaultPhoto.select().where(FaultPhoto.report == report).count() >= MAX_PHOTOS * 2:
        raise FaultError("too_many_photos")
    with _StoredPhotos(photos) as stored, write_txn():
        stored.attach(report, user)
        event = _event(report, "comment", text=text.strip(), actor=user)
        FaultReport.update(updated_at=utcnow()).where(FaultReport.id == report.id).execute()
        if report.status in (
            rules.SENT_TO_MAINTENANCE,
            rules.VISIT_AGREED,
            rules.IN_PROGRESS,
            rules.WAITING_FOR_PARTS,
        ):
            _mail_maintenance_comment(report, text.strip())
    return event


def staff_message(staff: User, report_id: int, text: str, internal: bool) -> FaultEvent:
    """The desk writes an internal note (never shown to the resident) or a message to them."""
    if not text.strip():
        raise FaultError("empty_comment")
    with write_txn():
        report = FaultReport.get_by_id(report_id)
        event = _event(
            report,
            "note" if internal else "comment",
            text=text.strip(),
            visible=not internal,
            actor=staff,
            actor_label="asoy",
        )
        if not internal:
            _mail_reporter(report, "fault_message", message=text.strip())
        audit.record("fault_note" if internal else "fault_message", staff, report)
    return event


def maintenance_note(report_id: int, text: str, label: str) -> FaultEvent:
    """Maintenance, acting through its link, leaves a note for the resident."""
    with write_txn():
        report = FaultReport.get_by_id(report_id)
        event = _event(report, "comment", text=text.strip(), actor_label=label)
        _mail_reporter(report, "fault_message", message=text.strip())
        audit.record("fault_maintenance_note", None, report, actor_label=label)
    return event


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
        _event(report, "feedback", text=report.feedback, actor=user)
        outcome = None
        if not fixed:
            outcome = rules.feedback_outcome(_aware(report.done_at), datetime.now(UTC))
        answered = report
        if outcome == rules.REOPEN:
            report.feedback = ""
            _set_status(report, rules.RECEIVED, actor=user, text="not_fixed")
        elif outcome == rules.NEW_REPORT:
            answered = _follow_up(report, user)
        if comment:  # after the reopening, so that the mail to maintenance carries it
            _event(answered, "comment", text=comment, actor=user)
        if outcome is not None:
            _schedule_forward(
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
        status=rules.RECEIVED,
    )
    _event(follow, "status", status=rules.RECEIVED, actor=user, text="follow_up")
    return follow


# --- reading ---------------------------------------------------------------------------------


def resident_report(user: User, report_id: int) -> FaultReport:
    """A report of one of the user's flats, or 404 (another flat's report does not exist for
    them)."""
    from flask import abort

    flat_ids = access.flat_ids_with(user, "faults")
    report = FaultReport.get_or_none((FaultReport.id == report_id) & FaultReport.flat.in_(flat_ids))
    if report is None or report.status in (rules.UNCONFIRMED,):
        abort(404)
    return report


def flat_reports(user: User, limit: int = 50) -> list[FaultReport]:
    """The reports of the user's flats, newest first, with the photo count (constant queries)."""
    flat_ids = access.flat_ids_with(user, "faults")
    # The photo count as a subquery, not a grouped join: the grouped join had to read and sort
    # every report of the flat before the LIMIT (52 ms at 10,000 reports; this: 1.5 ms).
    photo_count = (
        FaultPhoto.select(fn.COUNT(FaultPhoto.id)).where(FaultPhoto.report == FaultReport.id)
    )
    return list(
        FaultReport.select(FaultReport, photo_count.alias("photo_count"))
        .where(FaultReport.flat.in_(flat_ids) & (FaultReport.status != rules.UNCONFIRMED))
        .order_by(FaultReport.created_at.desc(), FaultReport.id.desc())
        .limit(limit)
    )


def timeline(report: FaultReport, include_internal: bool = False) -> list[FaultEvent]:
    query = FaultEvent.select().where(FaultEvent.report == report)
    if not include_internal:
        query = query.where(FaultEvent.visible_to_resident)
    return list(query.order_by(FaultEvent.created_at, FaultEvent.id))


def photos_of(report: FaultReport) -> list[FaultPhoto]:
    return list(FaultPhoto.select().where(FaultPhoto.report == report).order_by(FaultPhoto.id))


def resident_photo(user: User, photo_id: int) -> FaultPhoto:
    """A photo of one of the user's flats' reports, or 404."""
    from flask import abort

    flat_ids = access.flat_ids_with(user, "faults")
    photo = (
        FaultPhoto.select(FaultPhoto)
        .join(FaultReport)
        .where((FaultPhoto.id == photo_id) & FaultReport.flat.in_(flat_ids))
        .first()
    )
    if photo is None:
        abort(404)
    return photo


# --- the maintenance link ----------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=MAINTENANCE_SALT)


def maintenance_token(report: FaultReport) -> str:
    """A signed link token naming the report and the company it was sent to."""
    flat = Flat.get_by_id(report.flat_id)
    company = HousingCompany.get_by_id(flat.housing_company_id)
    return _serializer().dumps({"r": report.id, "m": company.maintenance_company_id})


def report_for_maintenance(token: str) -> FaultReport:
    """The report behind a maintenance link; refused if forged, or once the report has closed."""
    try:
        data = _serializer().loads(token)
    except BadSignature as exc:
        raise FaultError("link_invalid") from exc
    report = FaultReport.get_or_none(FaultReport.id == data.get("r"))
    if report is None:
        raise FaultError("link_invalid")
    flat = Flat.get_by_id(report.flat_id)
    company = HousingCompany.get_by_id(flat.housing_company_id)
    if company.maintenance_company_id != data.get("m"):
        raise FaultError("link_invalid")
    if report.status in rules.CLOSED_STATUSES:
        raise FaultError("link_closed")
    return report


# --- notices -----------------------------------------------------------------------------------


def _mail_reporter(
    report: FaultReport, template: str, language: str = "fi", **context
) -> None:
    """Mail (in the reporter's language: a resident's own, else ``language``) and an on-page
    notice for the reporting resident."""
    if not report.reporter_email:
        return
    if report.reporter_id:
        user = User.get_by_id(report.reporter_id)
        language = user.language
        Notification.create(
            user=user,
            kind=template,
            text=f"fault:{report.id}:{report.status}",
            url=external_url("faults.detail", report_id=report.id),
        )
    link = external_url("faults.detail", report_id=report.id) if report.reporter_id else None
    queue_mail(report.reporter_email, template, language, report=report, link=link, **context)


def _mail_maintenance_comment(report: FaultReport, text: str) -> None:
    flat = Flat.get_by_id(report.flat_id)
    company = MaintenanceCompany.get_by_id(
        HousingCompany.get_by_id(flat.housing_company_id).maintenance_company_id
    )
    queue_mail(
        company.email,
        "fault_comment_to_maintenance",
        "fi",
        report=report,
        message=text,
        link=external_url("maintenance.report", token=maintenance_token(report)),
    )


def local(dt: datetime | None) -> datetime | None:
    """A stored naive-UTC time in Helsinki time, for display."""
    return to_helsinki(_aware(dt)) if dt else None

"""What every fault use case shares: the errors, the form's input and its rules, photos stored
around a transaction, timeline events and status writes, and the reporter's notices.

Photos are processed and stored *before* the transaction (a bad photo changes nothing) and
removed again if it fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from ...domain import faults as rules
from ...domain.faults import MAX_PHOTOS, MAX_REPORT_PHOTOS
from ...domain.office_hours import to_helsinki
from ...models import (
    FaultEvent,
    FaultMeToo,
    FaultPhoto,
    FaultReport,
    Notification,
    User,
    utcnow,
)
from ..errors import NotFound, Refused, ServiceError
from ..mailer import queue_mail
from ..photos import (
    PhotoError,
    ProcessedPhoto,
    discard_stored,
    process_photo,
    read_stored,
    store_photo,
)
from ..urls import external_url


class FaultError(ServiceError):
    """A rule said no; ``code`` picks the message shown to the user (next to the field it
    concerns), ``detail`` fills it in (e.g. which photo)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.detail = detail


class ReportNotFound(NotFound):
    """No such report for this user (404). Not a ``FaultError``: views that show a refusal in
    words next to a form let this one through to the 404 page, unless they say otherwise."""

    def __init__(self, code: str = "not_found", **params):
        super().__init__(code, **params)


class LinkInvalid(NotFound):
    """A maintenance link that is forged, signed for another company, or names no report."""

    def __init__(self, code: str = "link_invalid", **params):
        super().__init__(code, **params)


class LinkClosed(Refused):
    """A maintenance link whose report has closed: the link has expired."""

    def __init__(self, code: str = "link_closed", **params):
        super().__init__(code, **params)


class PhotoNotFound(NotFound):
    """No such photo for this viewer, or its file is missing."""


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


def aware(naive_utc: datetime) -> datetime:
    return naive_utc.replace(tzinfo=UTC)


def naive(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def local(dt: datetime | None) -> datetime | None:
    """A stored naive-UTC time in Helsinki time, for display."""
    return to_helsinki(aware(dt)) if dt else None


def report_fields(data: ReportInput) -> dict:
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


def first_of_double_submit(data: ReportInput, flat_id: int | None = None) -> FaultReport | None:
    """The report an earlier send of the same form made, if any."""
    if not data.client_token:
        return None
    existing = FaultReport.get_or_none(FaultReport.client_token == data.client_token)
    if existing is not None and (flat_id is None or existing.flat_id == flat_id):
        return existing
    return None


# --- photos ------------------------------------------------------------------------------------


def process_photos(blobs: list[bytes]) -> list[ProcessedPhoto]:
    processed = []
    for index, blob in enumerate(blobs, start=1):
        try:
            processed.append(process_photo(blob))
        except PhotoError as exc:
            raise FaultError("photo_" + exc.code, str(index)) from exc
    return processed


def photo_count(report: FaultReport) -> int:
    return FaultPhoto.select().where(FaultPhoto.report == report).count()


def check_room_for_photos(report: FaultReport, adding: int) -> None:
    """A report keeps at most ``MAX_REPORT_PHOTOS`` (those of the form and of comments)."""
    if adding and photo_count(report) + adding > MAX_REPORT_PHOTOS:
        raise FaultError("too_many_photos")


class StoredPhotos:
    """Photos stored before the transaction; removed again if the transaction fails."""

    def __init__(self, photos: list[ProcessedPhoto]):
        self.photos = photos
        self.keys: list[tuple[str, str]] = []

    def __enter__(self):
        try:
            for photo in self.photos:
                self.keys.append(store_photo(photo))
        except OSError as exc:  # a full disk, a bucket gone: said next to the photos
            self._remove()  # __exit__ is not called when __enter__ fails
            raise FaultError("photo_not_saved") from exc
        except BaseException:
            self._remove()
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self._remove()
        return False

    def _remove(self) -> None:
        discard_stored([k for pair in self.keys for k in pair])

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


def photos_of(report: FaultReport) -> list[FaultPhoto]:
    return list(FaultPhoto.select().where(FaultPhoto.report == report).order_by(FaultPhoto.id))


@dataclass(frozen=True)
class PhotoFile:
    """A stored photo's bytes, its type and file name, for a view to send."""

    data: bytes = field(repr=False)
    mimetype: str
    name: str


def photo_file(photo: FaultPhoto | None, thumb: bool = False) -> PhotoFile:
    """The file of a photo the caller may show (``thumb``: its thumbnail when it has one);
    ``PhotoNotFound`` when there is no such photo or its file is gone."""
    if photo is None:
        raise PhotoNotFound("photo")
    thumb = thumb and bool(photo.thumb_key)
    key = photo.thumb_key if thumb else photo.storage_key
    data = read_stored(key)
    if data is None:
        raise PhotoNotFound("photo")
    return PhotoFile(data, "image/jpeg" if thumb else photo.content_type, key.rsplit("/", 1)[-1])


@dataclass(frozen=True)
class ReportView:
    """One report with its timeline and photos, as a page shows it; the resident's view (public
    timeline), the maintenance company's and the desk's add what they show besides."""

    report: FaultReport
    events: list[FaultEvent]
    photos: list[FaultPhoto]

    @property
    def closed(self) -> bool:
        return self.report.status in rules.CLOSED_STATUSES


# --- timeline and status -----------------------------------------------------------------------


def event(report, kind, *, status="", text="", visible=True, actor=None, actor_label=""):
    return FaultEvent.create(
        report=report,
        kind=kind,
        status=status,
        text=text,
        visible_to_resident=visible,
        actor=actor,
        actor_label=actor_label,
    )


def set_status(report: FaultReport, new: str, actor=None, actor_label="", text="") -> None:
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
    event(report, "status", status=new, text=text, actor=actor, actor_label=actor_label)


def timeline(report: FaultReport, include_internal: bool = False) -> list[FaultEvent]:
    query = FaultEvent.select().where(FaultEvent.report == report)
    if not include_internal:
        query = query.where(FaultEvent.visible_to_resident)
    return list(query.order_by(FaultEvent.created_at, FaultEvent.id))


# --- notices -----------------------------------------------------------------------------------


def mail_reporter(report: FaultReport, template: str, language: str = "fi", **context) -> None:
    """Mail (in the reporter's language: a resident's own, else ``language``) and an on-page
    notice for the reporting resident; the neighbours who said "me too" hear of its progress."""
    notify_followers(report, template, **context)
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


#: The notices "me too" users get as well: the report's progress. A message from the desk or
#: maintenance (or a move's reason) is written to the reporter and may name them: not these.
FOLLOWER_TEMPLATES = frozenset({"fault_status"})


def notify_followers(report: FaultReport, template: str, **context) -> None:
    """The same progress mail and bell notice as the reporter's, for every user who said "me
    too" to the report (``services.faults.shared``), each in their own language; the link leads
    to their fault form, where the building's open shared-space reports are listed."""
    if template not in FOLLOWER_TEMPLATES:
        return
    followers = (
        User.select()
        .join(FaultMeToo, on=FaultMeToo.user == User.id)
        .where((FaultMeToo.report == report.id) & (User.id != (report.reporter_id or 0)))
        .order_by(User.id)
    )
    link = external_url("faults.new")
    for user in followers:
        Notification.create(
            user=user, kind=template, text=f"fault:{report.id}:{report.status}", url=link
        )
        queue_mail(user.notice_email, template, user.language, report=report, link=link, **context)

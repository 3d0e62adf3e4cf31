"""The fault form, shared by the resident pages and the public (no-login) form.

``FaultForm`` holds the fields every report has; ``PublicFaultForm`` adds who reports and which
flat (chosen from the register's addresses, never free text) and a honeypot. Both render their
common fields with ``faults/_form_fields.html``; the rules (leaf category, photo count, urgency
acknowledged, photo contents) are checked again by ``services.faults``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from ...domain import faults as rules
from ...domain.office_hours import urgent_phone
from ...forms import FlaskForm
from ...labels import category_label
from ...models import Building, Flat
from ...services.faults import MAX_PHOTOS, ReportInput
from ...services.photos import MAX_BYTES

#: What the file input offers (the service checks the real format from the bytes).
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_DIGITS = re.compile(r"(\d+)")


def category_choices() -> list[SelectChoice]:
    """The category tree as a select: top levels are optgroups, leaves the options."""
    choices = [SelectChoice("", _l("Choose the kind of fault"))]
    for node in rules.CATEGORIES:
        if node.parent is not None and node.code in rules.LEAF_CODES:
            choices.append(
                SelectChoice(
                    node.code, category_label(node.code), optgroup=category_label(node.parent)
                )
            )
    return choices


def _new_client_token() -> str:
    return uuid.uuid4().hex


def _uploads(field) -> list[FileStorage]:
    """The files chosen in a file input (an empty input sends one nameless part: not a file)."""
    return [f for f in (field.data or []) if isinstance(f, FileStorage) and f.filename]


class _PublicFields:
    """The public form's own fields. Declared before FaultForm's so that they come first in the
    form's field order (the error summary then follows the page's order)."""

    building = SelectField(_l("Address"), validators=[DataRequired()])
    flat = SelectField(_l("Flat"), validators=[DataRequired()])
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    #: A honeypot: hidden from people (visually and from screen readers); bots fill it in.
    website = StringField(
        _l("Leave this empty"), render_kw={"autocomplete": "off", "tabindex": "-1"}
    )


class FaultForm(FlaskForm):
    """The fields of every fault report."""

    category = SelectField(
        _l("Kind of fault"), choices=category_choices, validators=[DataRequired()]
    )
    location = StringField(_l("Where in the flat"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(
        _l("Description of the fault"), validators=[DataRequired(), Length(max=4000)]
    )
    #: Shown only when the text or category looks urgent.
    urgent_acknowledged = BooleanField(
        _l("My fault is not urgent: there is no water leak, sewer blockage or electrical fault.")
    )
    photos = MultipleFileField(_l("Photos"), render_kw={"accept": PHOTO_ACCEPT})
    master_key_allowed = RadioField(
        _l("May maintenance enter with the master key when nobody is at home?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(message=_l("Choose yes or no."))],
    )
    pets = StringField(_l("Pets in the flat"), validators=[Optional(), Length(max=200)])
    visiting_times = StringField(
        _l("Preferred visiting times"), validators=[Optional(), Length(max=200)]
    )
    phone = TelField(
        _l("Phone"),
        validators=[
            DataRequired(),
            Length(max=30),
            Regexp(
                r"^\+?[0-9][0-9 ()-]{4,29}$",
                message=_l("Give a phone number, for example 040 123 4567."),
            ),
        ],
    )
    #: A one-time id of this filled-in form: a second submit of it finds the first report.
    client_token = HiddenField(default=_new_client_token)

    def validate_photos(self, field) -> None:
        if len(_uploads(field)) > MAX_PHOTOS:
            raise ValidationError(_l("You can attach at most 5 photos."))

    def validate_client_token(self, field) -> None:
        # Not the user's doing: start a fresh token rather than refuse the form.
        if not _TOKEN.match(field.data or ""):
            field.data = _new_client_token()

    def set_urgency_check(self, url: str) -> str:
        """Point the category and description at an HTMX urgency check (``url``). Called by the
        ``fault_fields`` macro; returns "" so a template can call it inline."""
        hooks = {
            "hx-post": url,
            "hx-trigger": "change, keyup changed delay:800ms",
            "hx-target": "#urgent-warning",
            "hx-swap": "innerHTML",
            "hx-params": "category,description,urgent_shown",
        }
        for field in (self.category, self.description):
            field.render_kw = {**(field.render_kw or {}), **hooks}
        return ""

    # --- urgency ----------------------------------------------------------------------------

    def urgent_words(self) -> list[str]:
        """The phrases of the description that look urgent (none: an empty list)."""
        return rules.urgent_matches(self.description.data or "")

    def urgent_category(self) -> str | None:
        """The chosen category when it is one to phone about, else None."""
        code = self.category.data
        return code if code in rules.URGENT_CATEGORY_CODES else None

    def looks_urgent(self) -> bool:
        return rules.looks_urgent(self.description.data or "", self.category.data)

    @property
    def urgent_phone_now(self) -> str:
        """The number to phone urgent faults to at this moment."""
        return urgent_phone(datetime.now(UTC))

    def has_uploads(self) -> bool:
        """Were files chosen in this submit? (A re-shown form cannot keep them.)"""
        return bool(_uploads(self.photos))


def _natural(text: str) -> list:
    """Sort key that puts "A 2" before "A 10"."""
    return [int(part) if part.isdigit() else part.casefold() for part in _DIGITS.split(text)]


def building_choices() -> list[SelectChoice]:
    """The register's addresses, sorted (street and number naturally, then postal code); two
    buildings at one address are told apart by their code."""
    rows = list(
        Building.select(Building.id, Building.code, Building.street_address, Building.postal_code)
    )
    rows.sort(key=lambda b: (_natural(b.street_address), b.postal_code, b.code, b.id))
    count: dict[tuple[str, str], int] = {}
    for b in rows:
        key = (b.street_address, b.postal_code)
        count[key] = count.get(key, 0) + 1
    choices = [SelectChoice("", _l("Choose the address"))]
    for b in rows:
        label = f"{b.street_address}, {b.postal_code}"
        if count[(b.street_address, b.postal_code)] > 1:
            label = f"{label} ({b.code})"
        choices.append(SelectChoice(str(b.id), label))
    return choices


def flat_choices(building_id: str | int | None) -> list[SelectChoice]:
    """The flat numbers of one building (none until a building is chosen)."""
    try:
        bid = int(building_id or 0)
    except (TypeError, ValueError):
        bid = 0
    if not bid:
        return [SelectChoice("", _l("Choose the address first"))]
    flats = list(Flat.select(Flat.id, Flat.number).where(Flat.building == bid))
    flats.sort(key=lambda f: (_natural(f.number), f.id))
    return [SelectChoice("", _l("Choose the flat"))] + [
        SelectChoice(str(f.id), f.number) for f in flats
    ]


class PublicFaultForm(_PublicFields, FaultForm):
    """The no-login form: who reports, which flat (building, flat), name, email, and the honeypot
    ``website`` for bots."""

    def __init__(self, *args, building: str | int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if building is not None:
            self.building.data = str(building)
        self.building.choices = building_choices()
        self.flat.choices = flat_choices(self.building.data)
        self.building.render_kw = {
            "hx-get": url_for("public_faults.flats"),
            "hx-trigger": "change",
            "hx-target": "#flat-select",
            "hx-swap": "outerHTML",
        }

    def chosen_flat_id(self) -> int | None:
        try:
            return int(self.flat.data)
        except (TypeError, ValueError):
            return None


def form_to_input(form: FaultForm, files: Iterable[FileStorage]) -> ReportInput:
    """What the service needs from a validated form. Each upload is read to at most MAX_BYTES+1
    bytes: enough to know a file is too large without reading all of it."""
    blobs: list[bytes] = []
    for upload in files:
        if not isinstance(upload, FileStorage) or not upload.filename:
            continue
        if len(blobs) > MAX_PHOTOS:  # one over the limit is enough for the service to refuse
            break
        blobs.append(upload.stream.read(MAX_BYTES + 1))
    return ReportInput(
        category=form.category.data or "",
        description=form.description.data or "",
        location=(form.location.data or "").strip(),
        master_key_allowed=form.master_key_allowed.data == "yes",
        pets=(form.pets.data or "").strip(),
        visiting_times=(form.visiting_times.data or "").strip(),
        phone=(form.phone.data or "").strip(),
        photos=blobs,
        client_token=form.client_token.data or None,
        urgent_acknowledged=bool(form.urgent_acknowledged.data),
    )


class CommentForm(FlaskForm):
    """A resident's comment (and maybe a photo) on an open report."""

    text = TextAreaField(_l("Comment"), validators=[Length(max=4000)])
    photo = FileField(
        _l("Photo (optional)"),
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )

"""The fault form, shared by the resident pages and the public (no-login) form.

``FaultForm`` holds the fields every report has; ``PublicFaultForm`` adds who reports and which
flat (chosen from the register's addresses, never free text) and a honeypot. Both render their
common fields with ``faults/_form_fields.html``; the rules (leaf category, photo count, urgency
acknowledged, photo contents) are checked again by ``services.faults``.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime

from flask import url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SearchField,
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
from ...forms import FlaskForm, OptionsByLanguage
from ...labels import category_label
from ...params import parse_id
from ...services import addresses
from ...services.faults import MAX_PHOTOS, ReportInput
from ...services.photos import MAX_BYTES, MAX_MEGABYTES
from .messages import fault_error_text

#: What the file input offers (the service checks the real format from the bytes).
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def category_choices() -> list[SelectChoice]:
    """The category tree as a select: top levels are optgroups, leaves the options (made once
    per language: the tree is fixed)."""
    return _category_choices(str(get_locale()))


@functools.cache
def _category_choices(_language: str) -> list[SelectChoice]:
    choices = [SelectChoice("", str(_l("Choose the kind of fault")))]
    for node in rules.CATEGORIES:
        if node.parent is not None and node.code in rules.LEAF_CODES:
            choices.append(
                SelectChoice(
                    node.code,
                    str(category_label(node.code)),
                    optgroup=str(category_label(node.parent)),
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

    #: The address search. It belongs to the page's small GET form (the HTML ``form`` attribute)
    #: though it is drawn inside this one, so a search works without JavaScript and never sends
    #: what else was typed; it carries the error when no address was chosen.
    address = SearchField(
        _l("Street address or housing company"),
        validators=[Optional(), Length(max=100)],
        render_kw={"form": "address-search"},
    )
    building = RadioField(_l("Address"), choices=[], validate_choice=False)
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
        _l("Kind of fault"),
        choices=category_choices,
        validators=[DataRequired()],
        widget=OptionsByLanguage(),
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

    #: The photo limits, for the form's hint.
    max_photos = MAX_PHOTOS
    max_megabytes = MAX_MEGABYTES

    def validate_photos(self, field) -> None:
        if len(_uploads(field)) > MAX_PHOTOS:
            raise ValidationError(fault_error_text("too_many_photos"))

    def validate_client_token(self, field) -> None:
        # Not the user's doing: start a fresh token rather than refuse the form.
        if not _TOKEN.match(field.data or ""):
            field.data = _new_client_token()

    def set_urgency_check(self, url: str) -> str:
        """Point the category and description at an HTMX urgency check (``url``). Called by the
        ``fault_fields`` macro; returns "" so a template can call it inline."""
        hooks = {
            "data-hx-post": url,
            "data-hx-trigger": "change, keyup changed delay:800ms",
            "data-hx-target": "#urgent-warning",
            "data-hx-swap": "innerHTML",
            "data-hx-params": "category,description,urgent_shown",
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


def building_choices(buildings: list) -> list[SelectChoice]:
    """Addresses as radio choices: street address, postal code and housing company; two
    buildings at one address are told apart by their code."""
    count = Counter((b.street_address, b.postal_code) for b in buildings)
    choices = []
    for b in buildings:
        label = f"{b.street_address}, {b.postal_code} – {b.housing_company.name}"
        if count[(b.street_address, b.postal_code)] > 1:
            label = f"{label} ({b.code})"
        choices.append(SelectChoice(str(b.id), label))
    return choices


def flat_choices(chosen, flats: list) -> list[SelectChoice]:
    """The flat numbers of the chosen building (none until a building is chosen)."""
    if chosen is None:
        return [SelectChoice("", _l("Choose the address first"))]
    return [SelectChoice("", _l("Choose the flat"))] + [
        SelectChoice(str(f.id), f.number) for f in flats
    ]


class PublicFaultForm(_PublicFields, FaultForm):
    """The no-login form: who reports, which flat (address search, building, flat), name, email,
    and the honeypot ``website`` for bots.

    The address part comes from one lookup (``services.addresses``): the buildings the search
    found, or the chosen one, as radio buttons, and the chosen building's flats."""

    def __init__(self, *args, building: str | int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if building is not None:
            self.building.data = str(building)
        self.addresses = addresses.lookup(self.address.data or "", self.building.data)
        # A search shows what it found (the chosen address checked if among them); without one,
        # the chosen address alone.
        shown = self.addresses.results if self.addresses.query else [self.addresses.chosen]
        shown = [b for b in shown if b is not None]
        self.building.choices = building_choices(shown)
        self.building.data = str(self.addresses.chosen.id) if self.addresses.chosen else None
        self.flat.choices = flat_choices(self.addresses.chosen, self.addresses.flats)
        # Live results as the visitor types (HTMX). Enter or the button submit the GET form;
        # with HTMX that submit runs this same search at once (and cancels a pending one), so
        # no late answer to the typing can undo a choice made after it. Searches run one at a
        # time, the latest waiting (never out of order); the chosen address goes along and
        # stays chosen if found again.
        self.address.render_kw = {
            **(self.address.render_kw or {}),
            "data-hx-get": url_for("public_faults.addresses"),
            "data-hx-trigger": "input changed delay:400ms, submit from:#address-search",
            "data-hx-target": "#address-results",
            "data-hx-swap": "innerHTML",
            "data-hx-sync": "this:queue last",
            "data-hx-include": "#address-results",
        }
        # Who the chosen category goes to depends on the flat's housing company: a new flat
        # asks again (the category select asks when the category changes).
        self.flat.render_kw = {
            **(self.flat.render_kw or {}),
            "data-hx-get": url_for("public_faults.who_handles"),
            "data-hx-trigger": "change",
            "data-hx-target": "#responsibility",
            "data-hx-swap": "innerHTML",
            "data-hx-include": "[name='category']",
        }

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.addresses.chosen is None:
            message = _l("Search for the address and choose it from the results.")
            self.address.errors = [*self.address.errors, message]
            return False
        return valid

    def chosen_flat_id(self) -> int | None:
        return parse_id(self.flat.data)


def read_upload(upload) -> bytes | None:
    """A chosen file's bytes, read to at most MAX_BYTES+1: enough for the service to know a file
    is too large without reading all of it. None when no file was chosen."""
    if not isinstance(upload, FileStorage) or not upload.filename:
        return None
    return upload.stream.read(MAX_BYTES + 1)


def form_to_input(form: FaultForm, files: Iterable[FileStorage]) -> ReportInput:
    """What the service needs from a validated form (each upload read by ``read_upload``)."""
    blobs: list[bytes] = []
    for upload in files:
        blob = read_upload(upload)
        if blob is None:
            continue
        if len(blobs) > MAX_PHOTOS:  # one over the limit is enough for the service to refuse
            break
        blobs.append(blob)
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
    photo = FileField(_l("Photo (optional)"), render_kw={"accept": PHOTO_ACCEPT})


class FeedbackForm(FlaskForm):
    """The resident's answer once the report is done: fixed or not (the button pressed), with
    what is still wrong; a "not fixed" comment goes to maintenance with the reopened report."""

    comment = TextAreaField(
        _l("Comment (optional)"),
        validators=[Length(max=4000)],
        description=_l("If the fault was not fixed, tell what is still wrong."),
    )

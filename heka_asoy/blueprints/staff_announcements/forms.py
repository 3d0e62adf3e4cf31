"""The desk's announcement form: three languages, the audience, the schedule, the flags."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    RadioField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ...domain import announcements as rules
from ...domain.announcements import utc_to_wall
from ...forms import FlaskForm
from ...params import MomentField, parse_id
from ...services import company_search
from ...services.announcements import AnnouncementInput
from ..faults.forms import building_choices
from ..staff.picker import company_choices, errors_to_search, live_search

MAX_TITLE = 200
MAX_BODY = 5000


class AnnouncementForm(FlaskForm):
    """Finnish is required; a missing Swedish or English text shows the Finnish one."""

    title_fi = StringField(
        _l("Title in Finnish"), validators=[DataRequired(), Length(max=MAX_TITLE)]
    )
    body_fi = TextAreaField(
        _l("Text in Finnish"), validators=[DataRequired(), Length(max=MAX_BODY)]
    )
    title_sv = StringField(_l("Title in Swedish"), validators=[Length(max=MAX_TITLE)])
    body_sv = TextAreaField(_l("Text in Swedish"), validators=[Length(max=MAX_BODY)])
    title_en = StringField(_l("Title in English"), validators=[Length(max=MAX_TITLE)])
    body_en = TextAreaField(_l("Text in English"), validators=[Length(max=MAX_BODY)])
    audience = SelectField(
        _l("For whom"),
        choices=[
            SelectChoice(rules.ALL, _l("Every resident")),
            SelectChoice(rules.HOUSING_COMPANY, _l("The residents of one housing company")),
            SelectChoice(rules.BUILDING, _l("The residents of one building")),
        ],
        default=rules.ALL,
    )
    #: Heka has some 5,000 housing companies and 9,000 buildings: each is found by a search
    #: (live results, ``templates/_picker.html``) and chosen from its results.
    company_q = SearchField(
        _l("Find the housing company"), validators=[Length(max=company_search.MAX_TEXT)]
    )
    company = RadioField(_l("Housing company"), choices=[], validate_choice=False)
    building_q = SearchField(
        _l("Find the building"), validators=[Length(max=company_search.MAX_TEXT)]
    )
    building = RadioField(_l("Building"), choices=[], validate_choice=False)
    publish_at = MomentField(_l("Published at"), validators=[Optional()])
    expires_at = MomentField(_l("Expires at"), validators=[Optional()])
    emergency = BooleanField(
        _l("Emergency: pinned on top and shown in the fault form"),
    )
    send_mail = BooleanField(_l("Send by mail to the residents it is for"))

    def searches(self) -> dict:
        """What the pickers ask the service for: each search and chosen id."""
        return {
            "company_query": self.company_q.data or "",
            "company_id": parse_id(self.company.data),
            "building_query": self.building_q.data or "",
            "building_id": parse_id(self.building.data),
        }

    def searching(self) -> bool:
        """Was the form sent by a picker's search button (no JavaScript)? Then it is shown
        again with the results, and nothing is saved."""
        return bool(request.form.get("find_company") or request.form.get("find_building"))

    def fill_choices(self, places) -> None:
        """The pickers' radio buttons: what each search found, or the chosen one."""
        self.company.choices = company_choices(places.companies.shown)
        chosen = places.companies.chosen
        self.company.data = str(chosen.id) if chosen else None
        self.building.choices = building_choices(places.buildings.shown)
        chosen = places.buildings.chosen
        self.building.data = str(chosen.id) if chosen else None
        live_search(self.company_q, url_for("staff_announcements.places", which="company"),
                    self.company.id)  # fmt: skip
        live_search(self.building_q, url_for("staff_announcements.places", which="building"),
                    self.building.id)  # fmt: skip
        errors_to_search(self.company, self.company_q)
        errors_to_search(self.building, self.building_q)

    def fill_from(self, row) -> None:
        """The edit form's values from a stored announcement (times as Helsinki wall times)."""
        for name in ("title_fi", "body_fi", "title_sv", "body_sv", "title_en", "body_en"):
            getattr(self, name).data = getattr(row, name)
        self.audience.data = row.audience
        self.company.data = str(row.housing_company_id or "")
        self.building.data = str(row.building_id or "")
        self.publish_at.data = utc_to_wall(row.published_at)
        self.expires_at.data = utc_to_wall(row.expires_at) if row.expires_at else None
        self.emergency.data = row.emergency
        self.send_mail.data = row.send_mail

    def to_input(self) -> AnnouncementInput:
        return AnnouncementInput(
            audience=self.audience.data,
            company_id=parse_id(self.company.data),
            building_id=parse_id(self.building.data),
            title_fi=self.title_fi.data or "",
            body_fi=self.body_fi.data or "",
            title_sv=self.title_sv.data or "",
            body_sv=self.body_sv.data or "",
            title_en=self.title_en.data or "",
            body_en=self.body_en.data or "",
            publish_at=self.publish_at.data,
            expires_at=self.expires_at.data,
            emergency=bool(self.emergency.data),
            send_mail=bool(self.send_mail.data),
        )


class ActionForm(FlaskForm):
    """Only the CSRF token (withdraw)."""

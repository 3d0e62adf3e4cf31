"""The desk's forms on a thread: answer (mailed), internal note (never shown nor mailed),
status (close / reopen) and assignment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from ...forms import FlaskForm
from ...services.messages import BODY_MAX, MAX_ATTACHMENTS
from ...services.photos import MAX_MEGABYTES
from ..messages.forms import FILE_ACCEPT


class AnswerForm(FlaskForm):
    body = TextAreaField(
        _l("Answer to the resident"), validators=[DataRequired(), Length(max=BODY_MAX)]
    )
    attachments = MultipleFileField(
        _l("Attachments (optional)"), render_kw={"accept": FILE_ACCEPT}
    )
    max_attachments = MAX_ATTACHMENTS
    max_megabytes = MAX_MEGABYTES


class NoteForm(FlaskForm):
    body = TextAreaField(
        _l("Internal note (never shown to the resident)"),
        validators=[DataRequired(), Length(max=BODY_MAX)],
    )


class StatusForm(FlaskForm):
    status = HiddenField(validators=[AnyOf(["open", "closed"])])


class AssignForm(FlaskForm):
    worker = SelectField(_l("Assigned to"), validate_choice=False)

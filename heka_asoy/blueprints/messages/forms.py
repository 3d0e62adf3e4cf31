"""The resident's message forms: a new thread, and a reply in a thread."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from werkzeug.datastructures import FileStorage
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ...forms import FlaskForm
from ...services.messages import BODY_MAX, MAX_ATTACHMENTS, SUBJECT_MAX, TOPICS, Upload
from ...services.photos import MAX_BYTES, MAX_MEGABYTES

#: What the file input offers (the service checks the real format from the bytes).
FILE_ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"


def read_uploads(field) -> list[Upload]:
    """The chosen files, each read to at most MAX_BYTES + 1 (enough for the service to know a
    file is too large); one over the count limit is enough for the service to refuse."""
    uploads = []
    for item in field.data or []:
        if not isinstance(item, FileStorage) or not item.filename:
            continue
        if len(uploads) > MAX_ATTACHMENTS:
            break
        uploads.append(Upload(item.filename, item.stream.read(MAX_BYTES + 1)))
    return uploads


def _topic_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Choose a topic"))] + [
        SelectChoice(code, label) for code, label in TOPICS.items()
    ]


def _attachments():
    return MultipleFileField(_l("Attachments (optional)"), render_kw={"accept": FILE_ACCEPT})


class NewThreadForm(FlaskForm):
    flat = SelectField(_l("Flat"), validators=[Optional()])
    topic = SelectField(_l("Topic"), choices=_topic_choices, validators=[DataRequired()])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=SUBJECT_MAX)])
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=BODY_MAX)])
    attachments = _attachments()
    max_attachments = MAX_ATTACHMENTS
    max_megabytes = MAX_MEGABYTES


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your message"), validators=[Length(max=BODY_MAX)])
    attachments = _attachments()
    max_attachments = MAX_ATTACHMENTS
    max_megabytes = MAX_MEGABYTES

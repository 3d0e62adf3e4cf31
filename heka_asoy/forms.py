"""The base classes of every form of the project.

Every text field (StringField and its kinds: e-mail, phone, search, hidden, password, and the
textarea) loses the control characters it may not hold before any validator or view sees the
data (``domain.text``): a NUL byte would make PostgreSQL refuse the whole write, and control
characters in names or descriptions only hide text. Doing it once here, through the form's
``Meta.bind_field``, covers every field of every form, also fields added later; a test walks every
form class of the package to keep it so.
"""

from __future__ import annotations

import flask_wtf
import wtforms
from wtforms import StringField, TextAreaField

from .domain.text import strip_controls


def _single_line(value):
    return strip_controls(value) if isinstance(value, str) else value


def _multi_line(value):
    return strip_controls(value, multiline=True) if isinstance(value, str) else value


class CleanTextMeta:
    """Adds the control-character filter in front of a text field's own filters."""

    def bind_field(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        if issubclass(field_class, StringField):
            clean = _multi_line if issubclass(field_class, TextAreaField) else _single_line
            own = tuple(unbound_field.kwargs.get("filters", ()))
            options = {**options, "filters": (clean, *own)}
        return super().bind_field(form, unbound_field, options)


class FlaskForm(flask_wtf.FlaskForm):
    """Flask-WTF's form (CSRF, request data) with clean text fields."""

    class Meta(CleanTextMeta):
        pass


class Form(wtforms.Form):
    """A plain WTForms form (the caller passes the data) with clean text fields."""

    class Meta(CleanTextMeta):
        pass

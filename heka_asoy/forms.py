"""The base classes of every form of the project.

Every text field (StringField and its kinds: e-mail, phone, search, hidden, password, and the
textarea) loses the control characters it may not hold before any validator or view sees the
data (``domain.text``): a NUL byte would make PostgreSQL refuse the whole write, and control
characters in names or descriptions only hide text. Doing it once here, through the form's
``Meta.bind_field``, covers every field of every form, also fields added later; a test walks every
form class of the package to keep it so.

The same ``Meta`` keeps rendered fields valid HTML (the Nu HTML checker runs over every page in
the browser tests): constraint attributes that WTForms derives from validators are left off where
HTML forbids them.
"""

from __future__ import annotations

import flask_wtf
import wtforms
from flask_babel import get_locale
from markupsafe import Markup, escape
from wtforms import SelectField, StringField, TextAreaField
from wtforms.widgets import Select, html_params

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


#: What WTForms writes from validators (Length, InputRequired …) that a hidden input may not carry.
_CONSTRAINTS = ("required", "minlength", "maxlength", "pattern", "min", "max", "step")


class ValidHtmlMeta:
    """Leaves off the validator-derived attributes HTML forbids where a field is rendered:

    * a field rendered as ``type="hidden"`` (carried from one step to the next) gets none of
      ``required``, ``minlength``, ``maxlength``…; the server validates it as before;
    * a select without an empty first option gets no ``required``: it always sends one of its
      options, and HTML allows ``required`` only with an empty placeholder option first.
    This holds also where a template asks for ``required`` (the field macro mirrors the flags)."""

    def render_field(self, field, render_kw):
        given = {**(field.render_kw or {}), **render_kw}
        if given.get("type", getattr(field.widget, "input_type", None)) == "hidden":
            render_kw = {**render_kw, **dict.fromkeys(_CONSTRAINTS, False)}
        elif isinstance(field, SelectField) and not getattr(field.widget, "multiple", False):
            first = next(iter(field.iter_choices()), None)
            if first is not None and first.value not in ("", None):
                render_kw = {**render_kw, "required": False}
        return super().render_field(field, render_kw)


class FlaskForm(flask_wtf.FlaskForm):
    """Flask-WTF's form (CSRF, request data) with clean text fields and valid HTML."""

    class Meta(CleanTextMeta, ValidHtmlMeta):
        pass


class Form(wtforms.Form):
    """A plain WTForms form (the caller passes the data) with clean text fields and valid HTML."""

    class Meta(CleanTextMeta, ValidHtmlMeta):
        pass


class OptionsByLanguage(Select):
    """A select widget for a long list whose options depend only on the page's language (the
    fault categories): the options are rendered once per language and reused, with the chosen
    one marked. Rendering some sixty options through WTForms cost a third of the new-report
    page's time; the select's own tag is still made per request (ids, errors, ARIA)."""

    def __init__(self) -> None:
        super().__init__()
        self._options: dict[str, str] = {}

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for name in dir(flags):
            if name in self.validation_attrs and name not in kwargs:
                kwargs[name] = getattr(flags, name)
        language = str(get_locale())
        options = self._options.get(language)
        if options is None:
            chosen, field.data = field.data, None  # rendered with nothing selected
            try:
                whole = str(super().__call__(field))
            finally:
                field.data = chosen
            options = self._options[language] = whole[whole.index(">") + 1 : -len("</select>")]
        if field.data not in (None, ""):
            mark = f'<option value="{escape(field.data)}"'
            options = options.replace(mark, mark.replace("<option ", "<option selected "), 1)
        # Both parts come escaped from WTForms (html_params, the cached options); the chosen
        # value is escaped above.
        params = html_params(name=field.name, **kwargs)
        return Markup(f"<select {params}>{options}</select>")  # noqa: S704

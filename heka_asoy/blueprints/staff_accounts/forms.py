"""Forms of the staff account list: one CSRF-only form per button, and the role choice."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from ...forms import FlaskForm

ROLE_LABELS = {"staff": _l("Asoy desk"), "admin": _l("Admin")}


class ActionForm(FlaskForm):
    """Only the CSRF token: disable, enable, send a reset link."""


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Role"), choices=[SelectChoice(code, label) for code, label in ROLE_LABELS.items()]
    )

"""Forms of the account pages. Password rules are checked by the domain, not by WTForms, so
the rule and its message live in one place."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ...forms import FlaskForm


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class EmailForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )


class NewPasswordMixin:
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class StrongRegistrationForm(NewPasswordMixin, EmailForm):
    pass


class OfficeIdentifyForm(FlaskForm):
    """The first step after office identification: who you are, before any password."""

    code = StringField(
        _l("Identification code from the office"), validators=[DataRequired(), Length(max=20)]
    )
    personal_code = StringField(
        _l("Personal identity code"), validators=[DataRequired(), Length(min=11, max=11)]
    )


class OfficeRegistrationForm(NewPasswordMixin, EmailForm, OfficeIdentifyForm):
    """The second step: the first step's answers travel along (and are checked again)."""


class ActivationForm(LoginForm):
    pass


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    pass

"""Account views: thin; the rules are in ``services.accounts``."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ... import on_behalf
from ...domain.passwords import PasswordRule
from ...extensions import limiter
from ...services import accounts, identification, login_throttle, sessions, tokens
from ...services.accounts import AccountError
from .forms import (
    ActivationForm,
    EmailForm,
    LoginForm,
    OfficeIdentifyForm,
    OfficeRegistrationForm,
    ResetPasswordForm,
    StrongRegistrationForm,
)
from .messages import ACCOUNT_ERRORS, TOKEN_PROBLEMS, password_problem_text, password_rule_text

bp = Blueprint("auth", __name__)


def _safe_next(default: str) -> str:
    """Only same-site relative paths are followed after login (no open redirect)."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


def _language() -> str:
    return str(get_locale() or "fi")


def _show_error(form, error: AccountError, rule: PasswordRule | None = None) -> None:
    """Put a refusal next to the field it concerns, or above the form."""
    if error.code == "password_rule" and rule is not None:
        form.password.errors = [*form.password.errors, password_problem_text(error.details, rule)]
    else:
        form.form_errors.append(str(ACCOUNT_ERRORS[error.code]))


def _limit(setting: str):
    return lambda: current_app.config[setting]


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Failed logins are throttled by ``services.login_throttle`` (a refusal is a 429 page)."""
    form = LoginForm()
    show_resend = False
    if form.validate_on_submit():
        try:
            user = login_throttle.authenticate(
                form.email.data, form.password.data, request.remote_addr or ""
            )
        except AccountError as exc:
            _show_error(form, exc)
            show_resend = exc.code == "not_activated"
        else:
            session.clear()
            login_user(user)
            session.permanent = True
            default = url_for("staff.home") if user.is_staff else url_for("resident.dashboard")
            return redirect(_safe_next(default))
    return render_template("auth/login.html", form=form, show_resend=show_resend)


@bp.post("/logout")
def logout():
    """End this browser's session, on the server too (a copied cookie opens nothing after)."""
    on_behalf.stop("logout")
    if current_user.is_authenticated:
        sessions.end_session(current_user)
    return _logged_out(_("You have logged out."))


@bp.post("/logout/everywhere")
@on_behalf.never_on_behalf
@login_required
def logout_everywhere():
    """End every session of the account: other browsers, phones and copied cookies too."""
    sessions.log_out_everywhere(current_user._get_current_object())
    return _logged_out(_("You have logged out on every device."))


def _logged_out(message: str):
    logout_user()
    session.clear()
    flash(message, "success")
    return redirect(url_for("main.index"))


# --- registration ---------------------------------------------------------------------------


@bp.get("/register")
def register():
    return render_template("auth/register.html")


@bp.get("/register/identify")
@on_behalf.never_on_behalf
def register_identify():
    session["oidc_purpose"] = "register"
    return identification.start(url_for("auth.identify_callback", _external=True))


@bp.get("/identify/first")
@on_behalf.never_on_behalf
@login_required
def first_identification():
    """Accounts from the city's service identify once before the resident pages open."""
    if not current_user.needs_strong_identification:
        return redirect(url_for("resident.dashboard"))
    return render_template("auth/first_identification.html")


@bp.get("/identify/first/start")
@on_behalf.never_on_behalf
@login_required
def first_identification_start():
    session["oidc_purpose"] = "first_login"
    return identification.start(url_for("auth.identify_callback", _external=True))


@bp.get("/identify/callback")
@on_behalf.never_on_behalf
def identify_callback():
    purpose = session.pop("oidc_purpose", None)
    if request.args.get("error") or purpose is None:
        flash(_("The identification was cancelled or failed. Please try again."), "error")
        return redirect(url_for("auth.register"))
    try:
        claims = identification.finish()
    except Exception:  # noqa: BLE001 - any protocol failure: the user starts over
        current_app.logger.warning("OIDC callback failed", exc_info=True)
        flash(_("The identification was cancelled or failed. Please try again."), "error")
        return redirect(url_for("auth.register"))
    try:
        if purpose == "first_login" and current_user.is_authenticated:
            accounts.complete_first_identification(current_user, claims)
            flash(_("Thank you, you are identified. Welcome to the resident pages."), "success")
            return redirect(url_for("resident.dashboard"))
        ident = accounts.identify_strong(claims)
    except AccountError as exc:
        flash(str(ACCOUNT_ERRORS[exc.code]), "error")
        return redirect(url_for("auth.register"))
    session["strong_ident"] = ident.id
    return redirect(url_for("auth.register_details"))


def _wants_new_username() -> bool:
    """The person who already has an account chose to register a new username."""
    return request.values.get("new_username") == "1"


@bp.route("/register/details", methods=["GET", "POST"])
@on_behalf.never_on_behalf
def register_details():
    """After strong identification: a person who already has an account is told so (and offered
    to log in) before any password is asked; otherwise, or when they choose a new username, the
    username and password form."""
    ident_id = session.get("strong_ident")
    replace = _wants_new_username()
    try:
        person = accounts.strong_identified(ident_id)
    except AccountError as exc:
        flash(str(ACCOUNT_ERRORS[exc.code]), "error")
        return redirect(url_for("auth.register"))
    if person.existing_username and not replace:
        return render_template(
            "auth/existing_account.html",
            person=person,
            new_username_url=url_for("auth.register_details", new_username="1"),
        )
    form = StrongRegistrationForm()
    if form.validate_on_submit():
        try:
            accounts.register_strong(
                ident_id, form.email.data, form.password.data, _language(), replace=replace
            )
        except AccountError as exc:
            _show_error(form, exc, PasswordRule.STRONG)
        else:
            session.pop("strong_ident", None)
            return redirect(url_for("auth.register_done"))
    return render_template(
        "auth/register_details.html",
        form=form,
        name=person.name,
        replacing=replace and bool(person.existing_username),
        rule_text=password_rule_text(PasswordRule.STRONG),
    )


@bp.route("/register/office", methods=["GET", "POST"])
@on_behalf.never_on_behalf
@limiter.limit(_limit("LOGIN_LIMIT_PER_ADDRESS"), methods=["POST"])
def register_office():
    """Two steps: the office code and identity code (checked, and an existing account said at
    once), then username and password, posted with the first step's answers, which are checked
    again as the code is used up."""
    replace = _wants_new_username()
    if "email" in request.form:
        form = OfficeRegistrationForm()
        if form.validate_on_submit():
            try:
                accounts.register_office(
                    form.email.data,
                    form.code.data,
                    form.personal_code.data,
                    form.password.data,
                    _language(),
                    replace=replace,
                )
            except AccountError as exc:
                _show_error(form, exc, PasswordRule.OFFICE)
            else:
                return redirect(url_for("auth.register_done"))
        return _office_page(form, replace)
    form = OfficeIdentifyForm()
    if form.validate_on_submit():
        try:
            person = accounts.office_identified(form.code.data, form.personal_code.data)
        except AccountError as exc:
            _show_error(form, exc)
        else:
            if person.existing_username and not replace:
                return render_template(
                    "auth/existing_account.html", person=person, office_form=form
                )
            replacing = replace and bool(person.existing_username)
            return _office_page(OfficeRegistrationForm(), replacing, name=person.name)
    return render_template("auth/register_office.html", form=form, step="identify")


def _office_page(form: OfficeRegistrationForm, replacing: bool, name: str = ""):
    return render_template(
        "auth/register_office.html",
        form=form,
        step="details",
        name=name,
        replacing=replacing,
        rule_text=password_rule_text(PasswordRule.OFFICE),
    )


@bp.get("/register/done")
def register_done():
    return render_template("auth/register_done.html")


# --- activation -----------------------------------------------------------------------------


@bp.route("/activate/<token>", methods=["GET", "POST"])
@limiter.limit(_limit("LOGIN_LIMIT_PER_ADDRESS"), methods=["POST"])
def activate(token: str):
    try:
        tokens.peek(accounts.ACTIVATE, token)
    except tokens.TokenError as exc:
        return _token_refused(exc, "auth.resend_activation")
    form = ActivationForm()
    if form.validate_on_submit():
        try:
            accounts.activate(token, form.email.data, form.password.data)
        except tokens.TokenError as exc:
            return _token_refused(exc, "auth.resend_activation")
        except AccountError as exc:
            _show_error(form, exc)
        else:
            flash(_("Your account is active. You can now log in."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/activate.html", form=form)


def _token_refused(exc: tokens.TokenError, retry_endpoint: str):
    return (
        render_template(
            "auth/link_refused.html",
            message=TOKEN_PROBLEMS[exc.problem.value],
            retry_url=url_for(retry_endpoint),
        ),
        410 if exc.problem != tokens.TokenProblem.INVALID else 404,
    )


@bp.route("/activate/resend", methods=["GET", "POST"])
@limiter.limit(_limit("LOGIN_LIMIT_PER_ADDRESS"), methods=["POST"])
def resend_activation():
    form = EmailForm()
    if form.validate_on_submit():
        accounts.resend_activation(form.email.data)
        flash(
            _("If the address has an account waiting for activation, a new link is on its way."),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/resend_activation.html", form=form)


# --- password reset -------------------------------------------------------------------------


@bp.route("/password/forgot", methods=["GET", "POST"])
@on_behalf.never_on_behalf
@limiter.limit(_limit("LOGIN_LIMIT_PER_ADDRESS"), methods=["POST"])
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        flash(
            _(
                "If the address has an account, a link to set a new password is on its way. "
                "The link is valid for 24 hours."
            ),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@on_behalf.never_on_behalf
def reset_password(token: str):
    try:
        tokens.peek(accounts.RESET, token)
    except tokens.TokenError as exc:
        return _token_refused(exc, "auth.forgot_password")
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.reset_password(token, form.password.data)
        except tokens.TokenError as exc:
            return _token_refused(exc, "auth.forgot_password")
        except AccountError as exc:
            _show_error(form, exc, PasswordRule.STRONG)
        else:
            logout_user()
            if user.activated_at is None:
                flash(
                    _(
                        "Your password has been changed. Your account is not activated yet: "
                        "open the activation link we sent you, or ask for a new one."
                    ),
                    "info",
                )
                return redirect(url_for("auth.resend_activation"))
            flash(_("Your password has been changed. Log in with the new password."), "success")
            return redirect(url_for("auth.login"))
    return render_template(
        "auth/reset_password.html", form=form, rule_text=password_rule_text(PasswordRule.STRONG)
    )

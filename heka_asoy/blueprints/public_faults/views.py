"""The public fault form: anyone may report a non-urgent fault without logging in.

The reporter finds the address by a search (street address, postal code or housing company; a
plain GET form, live results with HTMX), picks the building and the flat from the register (never
free text) and confirms the report by a mailed link. Whether the name matches the register decides
only whether the desk reviews the report first, and is found out after the confirmation in a
background job: every page and mail here is the same whatever the register holds. Bots meet a
honeypot and a per-address rate limit.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ...extensions import limiter
from ...labels import RESPONSIBLE_TEXTS
from ...params import parse_id
from ...rendering import render
from ...services import faults as service
from ...services import responsibility, tokens
from ...services.faults import FaultError, PublicReporter
from ..faults.forms import PublicFaultForm, form_to_input
from ..faults.messages import fault_error_text
from ..faults.urgency import urgency_response

bp = Blueprint("public_faults", __name__)

#: Filed reports (mails sent) per client address.
DEFAULT_LIMIT = "5 per hour"
#: Any posts of the form per client address (each may carry photos to decode).
DEFAULT_POST_LIMIT = "60 per hour"


def _filed(response) -> bool:
    """Only a report that went through (or a bot's pretended success) counts towards the limit,
    so someone correcting mistakes in the form is not locked out."""
    return response.status_code == 303


def _language() -> str:
    return str(get_locale() or "fi")


def _page(form: PublicFaultForm, block: str | None = None, **context):
    context.setdefault("show_urgent_ack", False)
    context.setdefault("urgent_words", form.urgent_words())
    context["responsibility"] = responsibility.form_responsibility(
        form.category.data, form.chosen_flat_id()
    )
    return render("public_faults/form.html", block=block, form=form, **context)


def _show_error(form: PublicFaultForm, exc: FaultError) -> None:
    """Put a refusal of the rules next to the field it concerns."""
    text = fault_error_text(exc.code, exc.detail)
    if exc.code.startswith("photo_"):
        text = " ".join(
            [
                text,
                _(
                    "Choose the photos again: a browser cannot keep chosen files when the form "
                    "is shown again."
                ),
            ]
        )
        form.photos.errors = [*form.photos.errors, text]
    elif exc.code == "too_many_photos":
        form.photos.errors = [*form.photos.errors, text]
    elif exc.code == "category":
        form.category.errors = [*form.category.errors, text]
    elif exc.code == "description":
        form.description.errors = [*form.description.errors, text]
    elif exc.code == "flat":
        form.flat.errors = [*form.flat.errors, text]
    elif exc.code == "looks_urgent":
        form.urgent_acknowledged.errors = [text]
    else:
        form.form_errors.append(text)


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config.get("PUBLIC_FAULT_LIMIT", DEFAULT_LIMIT),
    methods=["POST"],
    deduct_when=_filed,
)
@limiter.limit(
    lambda: current_app.config.get("PUBLIC_FAULT_POST_LIMIT", DEFAULT_POST_LIMIT),
    methods=["POST"],
)
def form():
    if request.method == "GET":
        # The address search and a chosen building come in the query string.
        return _page(PublicFaultForm(request.args))
    form = PublicFaultForm()
    if form.website.data:
        # A bot filled the honeypot: pretend success, save and send nothing.
        return redirect(url_for("public_faults.sent"), 303)
    if request.form.get("show_flats"):
        # Without JavaScript: the page again with the chosen address's flats, nothing checked.
        return _page(form)
    valid = form.validate_on_submit()
    urgent_unacknowledged = form.looks_urgent() and not form.urgent_acknowledged.data
    if urgent_unacknowledged:
        _show_error(form, FaultError("looks_urgent"))
    if valid and not urgent_unacknowledged:
        who = PublicReporter(name=form.name.data, email=form.email.data, phone=form.phone.data)
        data = form_to_input(form, request.files.getlist(form.photos.name))
        try:
            report = service.file_public_report(form.chosen_flat_id(), who, data, _language())
        except FaultError as exc:
            _show_error(form, exc)
        else:
            # Who it goes to rides along for the page (category and flat were the sender's own
            # choice: it tells nothing of the register).
            return redirect(url_for("public_faults.sent", who=report.responsible), 303)
    return _page(form, show_urgent_ack=form.looks_urgent())


@bp.get("/addresses")
def addresses():
    """The address search's results (HTMX, as the visitor types); without HTMX, the whole page."""
    return _page(PublicFaultForm(request.args), block="address_results")


@bp.get("/flats")
def flats():
    """The flat select of the chosen address (HTMX); without HTMX, the whole page."""
    form = PublicFaultForm(formdata=None, building=request.args.get("building", ""))
    return _page(form, block="flat_select")


@bp.post("/check-urgency")
def check_urgency():
    """HTMX: does the text or category look urgent?"""
    return urgency_response()


@bp.get("/responsibility")
def who_handles():
    """HTMX: who the chosen category goes to (at the chosen flat's housing company, once a flat
    is chosen), said under the category before the report is sent."""
    found = responsibility.form_responsibility(
        request.args.get("category"), parse_id(request.args.get("flat"))
    )
    return render_template("faults/_responsibility.html", responsibility=found)


@bp.get("/sent")
def sent():
    who = request.args.get("who", "")
    return render_template("public_faults/sent.html", who=who if who in RESPONSIBLE_TEXTS else "")


@bp.get("/confirm/<token>")
def confirm(token: str):
    """The link in the mail: the report goes on. Then a redirect, so that the token does not stay
    in the address bar, the history or the language links."""
    try:
        service.confirm_public_report(token)
    except tokens.TokenError as exc:
        status = 404 if exc.problem == tokens.TokenProblem.INVALID else 410
        return render_template("public_faults/link_refused.html", problem=exc.problem.value), status
    return redirect(url_for("public_faults.confirmed"), 303)


@bp.get("/confirmed")
def confirmed():
    """The same page whether the name matched the register or the desk checks the report first."""
    return render_template("public_faults/confirmed.html")

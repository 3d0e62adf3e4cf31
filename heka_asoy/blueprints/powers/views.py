"""How to give a power of attorney, and the form as a PDF (lease parties: the form is given for
the lease). Every rule is in ``services.powers``."""

from __future__ import annotations

from flask import Blueprint, make_response, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from ...params import id_arg
from ...services import powers
from ..resident.guards import resident_required

bp = Blueprint("powers", __name__)

LANGUAGES = ("fi", "sv", "en")


@bp.get("/")
@resident_required
def info():
    return render_template("powers/info.html", flats=powers.grantable_flats(current_user))


@bp.get("/form.pdf")
@resident_required
def form_pdf():
    language = request.args.get("lang", "")
    if language not in LANGUAGES:
        language = str(get_locale() or "fi")
    data = powers.resident_form_pdf(current_user, id_arg("flat"), language)
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="power-of-attorney-{language}.pdf"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response

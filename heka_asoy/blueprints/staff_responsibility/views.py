"""The desk's repair-responsibility table (staff only; a resident gets 403).

``/staff/responsibility/``: every fault category with its default party, the rule for every
housing company and the companies' own rules; the form below sets or removes one rule, with a
note. Every edit is audited (``services.responsibility.set_rule``).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...labels import category_label
from ...rendering import render
from ...services import responsibility
from ..staff.guards import staff_required
from .forms import RuleForm

bp = Blueprint("staff_responsibility", __name__)

#: The service's refusals, each said next to its field.
FIELDS = ("category", "company", "responsible", "note")


def _page(form: RuleForm, code: int = 200, block: str | None = None):
    form.fill_choices(responsibility.form_companies(form.company_q.data or "", form.company_id()))
    html = render("staff_responsibility/index.html", block=block, rows=responsibility.table(),
                  form=form)  # fmt: skip
    return html, code


@bp.get("/")
@staff_required
def index():
    """The table; ``?category=…&company=…`` fills the form in to edit that rule."""
    return _page(RuleForm(request.args, meta={"csrf": False}))


@bp.get("/companies")
@staff_required
def companies():
    """The company search's live results (HTMX, as the desk types); without HTMX, the page
    with the results."""
    return _page(RuleForm(request.args, meta={"csrf": False}), block="company_results")


@bp.post("/")
@staff_required
def save():
    form = RuleForm()
    if form.searching():
        return _page(form)  # the company search without JavaScript: nothing saved
    if not form.validate():
        return _page(form, 422)
    try:
        rule = responsibility.set_rule(
            current_user._get_current_object(),
            form.category.data,
            form.company_id(),
            form.responsible.data,
            form.note.data or "",
        )
    except responsibility.RuleError as exc:
        field = getattr(form, exc.code if exc.code in FIELDS else "category")
        field.errors = [*field.errors, _("Check this choice.")]
        return _page(form, 422)
    if rule is None:
        flash(
            _("%(category)s: the rule was removed.", category=category_label(form.category.data)),
            "success",
        )
    else:
        flash(
            _("%(category)s: the rule was saved.", category=category_label(form.category.data)),
            "success",
        )
    return redirect(url_for("staff_responsibility.index"), 303)

"""``/staff/register/``: the admins search the register (flats by housing company, address and
flat; people by name, birth date or identity code, shown masked) and open a flat's page (its
people, leases, bookings, cases and invoices). Admins only; every read is audited by the
service.

The search form is POSTed (a search writes an audit row; an identity code must not travel in
a URL, which servers log and browsers keep); a GET takes the flat fields only, for links.
"""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for
from flask_login import current_user

from ...rendering import render
from ...services import register
from ..staff.guards import admin_required
from . import labels
from .forms import RegisterSearchForm

bp = Blueprint("staff_register", __name__)


@bp.route("/", methods=["GET", "POST"])
@admin_required
def search():
    if request.method == "POST":
        form = RegisterSearchForm()
    elif "person" in request.args:  # a person (maybe an identity code) never stays in a URL
        args = {k: v for k, v in request.args.items() if k != "person"}
        return redirect(url_for("staff_register.search", **args), 303)
    else:
        form = RegisterSearchForm(request.args, meta={"csrf": False})
    query = form.query() if form.validate() else register.RegisterQuery()
    result = register.search(query, current_user._get_current_object())
    form.person.data = result.query.person or form.person.data  # a full code comes back masked
    return render(
        "staff_register/search.html", block="results", form=form, result=result,
        page_size=register.PAGE_SIZE,
    )  # fmt: skip


@bp.get("/flat/<int:flat_id>")
@admin_required
def flat(flat_id: int):
    view = register.flat_view(flat_id, current_user._get_current_object())
    return render("staff_register/flat.html", view=view, labels=labels)

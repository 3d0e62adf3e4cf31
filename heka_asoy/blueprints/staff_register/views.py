"""``/staff/register/``: the admins search the register (flats by housing company, address and
flat; people by name, birth date or identity code, shown masked) and open a flat's page (its
people, leases, bookings, cases and invoices). Admins only; every read is audited by the
service."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from ...rendering import render
from ...services import register
from ..staff.guards import admin_required
from . import labels
from .forms import RegisterSearchForm

bp = Blueprint("staff_register", __name__)


@bp.get("/")
@admin_required
def search():
    form = RegisterSearchForm(request.args)
    query = form.query() if form.validate() else register.RegisterQuery()
    result = register.search(query, current_user._get_current_object())
    return render(
        "staff_register/search.html", block="results", form=form, result=result,
        page_size=register.PAGE_SIZE,
    )  # fmt: skip


@bp.get("/flat/<int:flat_id>")
@admin_required
def flat(flat_id: int):
    view = register.flat_view(flat_id, current_user._get_current_object())
    return render("staff_register/flat.html", view=view, labels=labels)

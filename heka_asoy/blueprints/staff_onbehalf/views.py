"""Starting and ending on-behalf mode. Starting is a staff page (refused while already acting:
end first); ending works while acting, for the desk worker whose mode it is."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import on_behalf
from ...services import on_behalf as service
from ..staff.guards import staff_required
from .forms import ResidentAccountSearchForm, StartForm

bp = Blueprint("staff_onbehalf", __name__)


@bp.get("/")
@staff_required
def index():
    search = ResidentAccountSearchForm(request.args)
    query = search.q.data if search.validate() else ""
    results = service.search(current_user, query or "")
    return render_template(
        "staff_onbehalf/index.html", search=search, results=results, start_form=StartForm()
    )


@bp.post("/<int:user_id>/start")
@staff_required
def start(user_id: int):
    form = StartForm()
    if not form.validate_on_submit():
        abort(400)
    acting = service.start(current_user, user_id)
    on_behalf.begin(acting)
    flash(_("You are now acting for %(name)s.", name=acting.name), "info")
    return redirect(url_for("resident.dashboard"))


@bp.post("/end")
@login_required
def end():
    if not current_user.is_staff:
        abort(403)
    data = on_behalf.stop("ended")
    if data is not None:
        flash(_("You no longer act for %(name)s.", name=data["name"]), "success")
    return redirect(url_for("staff_onbehalf.index"))

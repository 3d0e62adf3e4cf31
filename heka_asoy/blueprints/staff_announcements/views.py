"""``/staff/announcements/``: the desk's announcements (staff only; a resident gets 403).

The list with each one's state (scheduled, shown, expired, withdrawn); the form writes one in
Finnish, Swedish and English for every resident, a housing company or a building, with a publish
time, an expiry, the emergency flag and "send by mail"; withdraw takes one off the pages. Every
change is audited by the service.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...rendering import render
from ...services import announcements as service
from ..staff.guards import staff_required
from .forms import ActionForm, AnnouncementForm

bp = Blueprint("staff_announcements", __name__)

#: The service's refusals, each said next to its field.
ERRORS = {
    "audience": ("audience", _l("Choose for whom the announcement is.")),
    "company": ("company", _l("Choose the housing company.")),
    "building": ("building", _l("Choose the building.")),
    "expires_before_publish": ("expires_at", _l("The expiry must be after the publish time.")),
}


@bp.get("/")
@staff_required
def index():
    return render(
        "staff_announcements/index.html", rows=service.desk_list(), action_form=ActionForm()
    )


def _form_page(form: AnnouncementForm, row=None, code: int = 200, block: str | None = None):
    places = service.form_places(**form.searches())
    form.fill_choices(places)
    html = render("staff_announcements/form.html", block=block, form=form, row=row, places=places)
    return html, code


def _save(form: AnnouncementForm, announcement_id: int | None, row=None):
    if form.is_submitted() and form.searching():
        return _form_page(form, row)  # a picker's search without JavaScript: nothing saved
    if not form.validate_on_submit():
        return _form_page(form, row, 422 if form.is_submitted() else 200)
    try:
        service.save(current_user._get_current_object(), form.to_input(), announcement_id)
    except service.AnnouncementError as exc:
        name, text = ERRORS.get(exc.code, ("audience", _l("Check this choice.")))
        field = getattr(form, name)
        field.errors = [*field.errors, str(text)]
        return _form_page(form, row, 422)
    flash(_("The announcement was saved."), "success")
    return redirect(url_for("staff_announcements.index"), 303)


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new():
    return _save(AnnouncementForm(), None)


@bp.route("/<int:announcement_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(announcement_id: int):
    row = service.announcement(announcement_id)
    form = AnnouncementForm()
    if not form.is_submitted():
        form.fill_from(row)
    return _save(form, announcement_id, row)


@bp.get("/places")
@staff_required
def places():
    """A picker's live results (HTMX, as the desk types): ``which`` is company or building;
    without HTMX, the new announcement's page with the results."""
    form = AnnouncementForm(request.args, meta={"csrf": False})
    block = "building_results" if request.args.get("which") == "building" else "company_results"
    return _form_page(form, block=block)


@bp.post("/<int:announcement_id>/withdraw")
@staff_required
def withdraw(announcement_id: int):
    if not ActionForm().validate_on_submit():
        flash(_("Something went wrong. Try again."), "error")
        return redirect(url_for("staff_announcements.index"), 303)
    service.withdraw(current_user._get_current_object(), announcement_id)
    flash(_("The announcement was withdrawn: residents no longer see it."), "success")
    return redirect(url_for("staff_announcements.index"), 303)

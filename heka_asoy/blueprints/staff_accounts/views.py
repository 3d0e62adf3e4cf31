"""``/staff/accounts/``: the admins' list of staff accounts with their actions (disable or
enable, mail a password reset link, change the role); new accounts are made on the existing
form (``staff.new_staff_user``). Admins only; the service audits every change and refuses an
admin's own account and the last active admin."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...rendering import render
from ...services import staff_admin
from ..staff.guards import admin_required
from .forms import ROLE_LABELS, ActionForm, RoleForm

bp = Blueprint("staff_accounts", __name__)

REFUSALS = {
    "own_account": _l("You cannot disable your own account or take your own admin role."),
    "last_admin": _l("At least one active admin must remain."),
    "disabled": _l("The account is disabled: enable it before sending a reset link."),
    "role": _l("Choose a role from the list."),
    "not_admin": _l("Your account is no longer an active admin account."),
}


def _refused(exc: staff_admin.StaffAdminError):
    flash(str(REFUSALS.get(exc.code, REFUSALS["role"])), "error")
    return redirect(url_for("staff_accounts.index"))


def _name(user) -> str:
    return user.name or user.email


@bp.get("/")
@admin_required
def index():
    accounts, capped = staff_admin.staff_accounts()
    return render(
        "staff_accounts/list.html", accounts=accounts, capped=capped, role_labels=ROLE_LABELS,
        action_form=ActionForm(formdata=None),
    )  # fmt: skip


@bp.post("/<int:user_id>/disable")
@admin_required
def disable(user_id: int):
    if ActionForm().validate_on_submit():
        try:
            user = staff_admin.set_disabled(user_id, True, current_user._get_current_object())
        except staff_admin.StaffAdminError as exc:
            return _refused(exc)
        flash(_("%(name)s can no longer log in; their sessions have ended.", name=_name(user)),
              "success")  # fmt: skip
    return redirect(url_for("staff_accounts.index"))


@bp.post("/<int:user_id>/enable")
@admin_required
def enable(user_id: int):
    if ActionForm().validate_on_submit():
        user = staff_admin.set_disabled(user_id, False, current_user._get_current_object())
        flash(_("%(name)s can log in again.", name=_name(user)), "success")
    return redirect(url_for("staff_accounts.index"))


@bp.post("/<int:user_id>/reset")
@admin_required
def reset(user_id: int):
    if ActionForm().validate_on_submit():
        try:
            user = staff_admin.send_password_reset(user_id, current_user._get_current_object())
        except staff_admin.StaffAdminError as exc:
            return _refused(exc)
        flash(_("A password reset link was mailed to %(email)s.", email=user.email), "success")
    return redirect(url_for("staff_accounts.index"))


@bp.post("/<int:user_id>/role")
@admin_required
def role(user_id: int):
    form = RoleForm()
    if form.validate_on_submit():
        try:
            user = staff_admin.change_role(
                user_id, form.role.data, current_user._get_current_object()
            )
        except staff_admin.StaffAdminError as exc:
            return _refused(exc)
        flash(_("%(name)s's role is now %(role)s.", name=_name(user),
                role=str(ROLE_LABELS[user.role])), "success")  # fmt: skip
    else:
        flash(str(REFUSALS["role"]), "error")
    return redirect(url_for("staff_accounts.index"))

"""``/notifications``: the user's notifications, and the bell's count for the header.

Listing does not mark anything read (a GET changes nothing); opening one (POST, then a redirect
to its page) marks it read, and "mark all as read" marks all (HTMX swaps the list and the bell;
without JavaScript the form posts and the page reloads).
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...forms import FlaskForm
from ...rendering import render, wants_block
from ...services import notifications

bp = Blueprint("notifications", __name__)


def notification_count() -> int:
    """The current user's unread count, read at most once per request and only when a template
    asks (the header's bell): one query on a full page, none on fragments and redirects."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = notifications.unread_count(current_user.id)
    return g.unread_notifications


@bp.app_context_processor
def bell_context() -> dict:
    return {"notification_count": notification_count}


class ActionForm(FlaskForm):
    """Only the CSRF token."""


@bp.get("/")
@login_required
def index():
    return render(
        "notifications/index.html",
        block="list",
        notifications=notifications.notifications_for(current_user),
    )


@bp.post("/<int:notification_id>/open")
@login_required
def open_one(notification_id: int):
    if not ActionForm().validate_on_submit():
        flash(_("Something went wrong. Try again."), "error")
        return redirect(url_for("notifications.index"))
    target = notifications.open_notification(notification_id, current_user)
    return redirect(target or url_for("notifications.index"))


@bp.post("/read-all")
@login_required
def read_all():
    if ActionForm().validate_on_submit():
        notifications.mark_all_read(current_user)
        g.pop("unread_notifications", None)
        if wants_block():
            return render(
                "notifications/index.html",
                block="list",
                oob=("bell",),
                notifications=notifications.notifications_for(current_user),
                form=ActionForm(formdata=None),
            )
        flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))

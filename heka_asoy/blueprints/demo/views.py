"""The demo mailbox: lets a person click an activation link without a real mail account."""

from flask import Blueprint, abort, current_app, render_template

from ...services import mailer

bp = Blueprint("demo", __name__)


@bp.before_request
def only_in_demo_mode():
    if not current_app.config.get("DEMO_MODE"):
        abort(404)


@bp.get("/mail")
def mailbox():
    return render_template("demo/mailbox.html", mails=mailer.recent_mails())


@bp.get("/mail/<int:mail_id>")
def mail(mail_id: int):
    return render_template("demo/mail.html", mail=mailer.outbox_mail(mail_id))

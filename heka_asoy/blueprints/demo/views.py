"""The demo mailbox: lets a person click an activation link without a real mail account."""

from flask import Blueprint, abort, current_app, render_template

from ...models import OutboxMail

bp = Blueprint("demo", __name__)


@bp.before_request
def only_in_demo_mode():
    if not current_app.config.get("DEMO_MODE"):
        abort(404)


@bp.get("/mail")
def mailbox():
    mails = (
        OutboxMail.select().order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc()).limit(100)
    )
    return render_template("demo/mailbox.html", mails=list(mails))


@bp.get("/mail/<int:mail_id>")
def mail(mail_id: int):
    row = OutboxMail.get_or_none(OutboxMail.id == mail_id)
    if row is None:
        abort(404)
    return render_template("demo/mail.html", mail=row)

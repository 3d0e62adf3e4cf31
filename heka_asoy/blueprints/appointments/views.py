"""PLACEHOLDER (lead): the routes the appointment mails link to; the pages come with the helper."""

from flask import Blueprint, abort

bp = Blueprint("appointments", __name__)


@bp.get("/manage/<token>")
def manage(token: str):
    abort(404)

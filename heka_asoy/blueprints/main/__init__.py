"""The front page, the language switch and the context every template gets."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from . import views  # noqa: E402, F401

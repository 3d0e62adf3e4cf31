"""Fault reports on the resident pages: file, follow, comment, answer fixed / not fixed."""

from flask import Blueprint

bp = Blueprint("faults", __name__)

from . import views  # noqa: E402, F401

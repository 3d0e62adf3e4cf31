"""Accounts: login, registration by both paths, activation, first identification, reset."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import views  # noqa: E402, F401  (routes register on import)

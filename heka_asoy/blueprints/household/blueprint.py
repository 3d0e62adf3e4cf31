"""The household blueprint object, apart from the view modules that add routes to it."""

from flask import Blueprint

bp = Blueprint("household", __name__)

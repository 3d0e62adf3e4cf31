"""The door-opening page (capability flat_info: every resident of the flat, and an agent whose
power covers the keys)."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from ...params import id_arg
from ...rendering import render
from ...services import door
from ..resident.guards import resident_required

bp = Blueprint("door", __name__)


@bp.get("/")
@resident_required
def index():
    return render("door/index.html", info=door.door_info(current_user, id_arg("flat")))

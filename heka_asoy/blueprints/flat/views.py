"""The flat page and the download of a document of one's own building (capability flat_info:
every resident of the flat, and an agent whose power covers it)."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from ...params import id_arg
from ...rendering import render
from ...services import flat_info
from ..file_download import send_document
from ..resident.guards import resident_required
from .labels import KIND_LABELS

bp = Blueprint("flat", __name__)


@bp.get("/")
@resident_required
def index():
    page = flat_info.flat_page(current_user, id_arg("flat"))
    return render("flat/index.html", page=page, kind_labels=KIND_LABELS)


@bp.get("/documents/<int:document_id>")
@resident_required
def document(document_id: int):
    """A document of one of the user's buildings; another's is 404."""
    return send_document(flat_info.document_file(current_user, document_id))

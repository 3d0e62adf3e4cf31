"""The desk's documents of housing companies and buildings (staff only; a resident gets 403).

``/staff/documents/``: find a housing company; ``/company/<id>``: its documents and the upload
form; ``/<id>``: one document, replace its file, remove it; ``/<id>/file``: the file. Every rule
is in ``services.flat_info``.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from ...params import parse_id
from ...rendering import render
from ...services import flat_info
from ...services.photos import MAX_BYTES
from ..file_download import send_document
from ..flat.labels import KIND_LABELS
from ..staff.guards import staff_required
from .forms import WHOLE_COMPANY, CompanySearchForm, DeleteForm, ReplaceForm, UploadForm
from .messages import ERRORS

bp = Blueprint("staff_documents", __name__)


@bp.get("/")
@staff_required
def index():
    chosen = parse_id(request.args.get("company"))
    if chosen:
        return redirect(url_for(".company", company_id=chosen))
    form = CompanySearchForm(request.args)
    query = (form.q.data or "").strip() if form.validate() else ""
    return render(
        "staff_documents/index.html",
        block="companies",
        form=form,
        found=flat_info.find_companies(query),
    )


def _upload() -> flat_info.Upload:
    """The chosen file, read to at most MAX_BYTES + 1 bytes (enough to refuse a larger one)."""
    chosen = request.files.get("file")
    if not isinstance(chosen, FileStorage) or not chosen.filename:
        return flat_info.Upload("", b"")
    return flat_info.Upload(chosen.filename, chosen.stream.read(MAX_BYTES + 1))


def _show_error(form, exc: flat_info.DocumentsError) -> None:
    name, text = ERRORS.get(exc.code, (None, exc.code))
    target = getattr(form, name, None) if name else None
    if target is not None:
        target.errors = [*target.errors, str(text)]
    else:
        form.form_errors.append(str(text))


@bp.route("/company/<int:company_id>", methods=["GET", "POST"])
@staff_required
def company(company_id: int):
    """A housing company's documents and the form to upload one."""
    found = flat_info.company_documents(company_id)
    form = UploadForm()
    form.fill_scopes(found.buildings)
    code = 200
    if form.validate_on_submit():
        scope = form.scope.data
        building_id = None if scope == WHOLE_COMPANY else parse_id(scope)
        try:
            doc, replaced = flat_info.upload_document(
                current_user, company_id, building_id, form.kind.data, form.title.data, _upload()
            )
        except flat_info.DocumentsError as exc:
            _show_error(form, exc)
            code = 422
        else:
            message = (
                _("%(title)s replaced the earlier document of its kind.", title=doc.title)
                if replaced
                else _("%(title)s uploaded.", title=doc.title)
            )
            flash(message, "success")
            return redirect(url_for(".company", company_id=company_id, _anchor="documents"))
    elif request.method == "POST":
        code = 422
    return (
        render("staff_documents/company.html", found=found, form=form, kind_labels=KIND_LABELS),
        code,
    )


@bp.route("/<int:document_id>", methods=["GET", "POST"])
@staff_required
def document(document_id: int):
    """One document: its facts, the form to replace its file, and its removal."""
    doc = flat_info.get_document(document_id)
    form = ReplaceForm(data={"title": doc.title} if request.method == "GET" else None)
    code = 200
    if form.validate_on_submit():
        try:
            flat_info.replace_document(current_user, document_id, form.title.data, _upload())
        except flat_info.DocumentsError as exc:
            _show_error(form, exc)
            code = 422
        else:
            flash(_("The document was replaced."), "success")
            return redirect(
                url_for(".company", company_id=doc.housing_company_id, _anchor="documents")
            )
    elif request.method == "POST":
        code = 422
    return (
        render(
            "staff_documents/document.html",
            doc=doc,
            form=form,
            kind_labels=KIND_LABELS,
        ),
        code,
    )


@bp.post("/<int:document_id>/delete")
@staff_required
def delete(document_id: int):
    form = DeleteForm()
    if not form.validate_on_submit():
        flash(_("The form expired; try again."), "error")
        return redirect(url_for(".document", document_id=document_id))
    doc = flat_info.delete_document(current_user, document_id)
    flash(_("%(title)s removed.", title=doc.title), "success")
    return redirect(url_for(".company", company_id=doc.housing_company_id, _anchor="documents"))


@bp.get("/<int:document_id>/file")
@staff_required
def file(document_id: int):
    """The document's file, as a download that no browser runs or sniffs."""
    return send_document(flat_info.staff_document_file(document_id))

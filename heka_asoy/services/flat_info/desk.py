"""The desk's documents of housing companies and buildings: upload, replace, delete (audited).

Uploads are untrusted. Only PDFs are taken, told by their content (``domain.documents.is_pdf``),
never by the file's name or the browser's type; then the checks of the scanned powers of attorney
apply (``services.powers.documents.clean_document``: not empty, at most 10 MB, parsed by pypdf,
not encrypted, no scripts, actions on opening or embedded files).

The file is written before the transaction and removed again when the transaction fails, so a
refused or failed upload leaves neither a row nor a file.

Replacing: a scope (the company, or one building) has one current rescue plan and one current
set of house rules. Uploading one where one exists, or replacing any document, updates the
document's row in place (its id, and so its links, stay) with the new file; the old file is
removed once the new one is committed. No old versions are kept: the pages must never offer an
outdated rescue plan, and the audit log keeps what changed (checksums, sizes, names, who, when).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from peewee import JOIN

from ...db import locked, write_txn
from ...domain import documents as rules
from ...models import Building, Document, HousingCompany, User, utcnow
from .. import audit
from ..booking_admin.lookups import find_companies as _search_companies
from ..errors import NotFound, ServiceError
from ..messages.attachments import safe_filename
from ..powers.documents import PDF, DocumentError, clean_document
from ..powers.documents import CleanDocument as CleanPdf
from . import storage
from .page import DocumentFile, DocumentItem, file_of, sorted_items


class DocumentsError(ServiceError):
    """An upload or change the desk cannot make as asked; ``code`` names the reason: a field
    (``kind``, ``title``, ``building``) or the file's refusal (``empty``, ``too_large``,
    ``not_pdf``, ``pdf_damaged``, ``pdf_encrypted``, ``pdf_active``)."""


@dataclass(frozen=True)
class Upload:
    """A chosen file as the view read it (at most MAX_BYTES + 1 bytes)."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class CompanyDocuments:
    company: HousingCompany
    buildings: list[Building]
    documents: list[DocumentItem]


def checked_pdf(data: bytes | None) -> CleanPdf:
    """The upload as it will be stored, or ``DocumentsError`` saying why not."""
    data = data or b""
    try:
        if data and not rules.is_pdf(data):
            # Judged before the size: an image or a text file is refused as "not a PDF"
            # (what to do about it) even when it is also too large.
            raise DocumentError("not_pdf")
        document = clean_document(data)
    except DocumentError as exc:
        raise DocumentsError(exc.code) from exc
    if document.mimetype != PDF:  # pragma: no cover - is_pdf let only PDFs through
        raise DocumentsError("not_pdf")
    return document


def _title(title: str) -> str:
    text = " ".join((title or "").split())
    if not text or len(text) > rules.MAX_TITLE:
        raise DocumentsError("title")
    return text


def _filename(original: str, kind: str) -> str:
    """The name the file is offered under: the uploaded name without path or odd characters
    (``messages.attachments.safe_filename``), or the kind when nothing of it is left."""
    name = safe_filename(original, CleanPdf(b"", PDF))
    return name if name != "attachment.pdf" else f"{kind.replace('_', '-')}.pdf"


def _file_fields(upload: Upload, document: CleanPdf, kind: str) -> dict:
    return {
        "filename": _filename(upload.filename, kind),
        "content_type": PDF,
        "size": len(document.data),
        "sha256": hashlib.sha256(document.data).hexdigest(),
        "created_at": utcnow(),
    }


def _stored(document: CleanPdf):
    """Write the file; the caller's ``try`` removes it when the transaction fails."""
    return storage.put(document.data, "pdf")


def upload_document(
    staff: User,
    company_id: int,
    building_id: int | None,
    kind: str,
    title: str,
    upload: Upload,
) -> tuple[Document, bool]:
    """Add a document to a company (``building_id`` None) or one of its buildings; a rescue
    plan or house rules where the scope has one replace it. Returns the row and whether it
    replaced one. Audited."""
    if kind not in rules.KINDS:
        raise DocumentsError("kind")
    text = _title(title)
    document = checked_pdf(upload.data)
    key = _stored(document)
    old_key = None
    try:
        with write_txn():
            # The company's row lock serialises its uploads, so two rescue plans uploaded at
            # once still leave one (PostgreSQL; SQLite's IMMEDIATE transaction already does).
            company = locked(HousingCompany.select().where(HousingCompany.id == company_id)).first()
            if company is None:
                raise NotFound("housing_company")
            if building_id is not None:
                building = Building.get_or_none(
                    (Building.id == building_id) & (Building.housing_company == company.id)
                )
                if building is None:
                    raise DocumentsError("building")
            fields = _file_fields(upload, document, kind)
            current = None
            if kind in rules.ONE_PER_SCOPE:
                scope = (
                    Document.building.is_null()
                    if building_id is None
                    else Document.building == building_id
                )
                current = (
                    Document.select()
                    .where((Document.housing_company == company.id) & (Document.kind == kind))
                    .where(scope)
                    .order_by(Document.id)
                    .first()
                )
            if current is not None:
                old_key = current.storage_key
                _audit_replace(staff, current, fields, text)
                _update(current, fields, text, key)
                doc = current
            else:
                doc = Document.create(
                    housing_company=company.id,
                    building=building_id,
                    kind=kind,
                    title=text,
                    storage_key=key,
                    **fields,
                )
                audit.record(
                    "document_uploaded",
                    staff,
                    doc,
                    company=company.id,
                    building=building_id,
                    kind=kind,
                    title=text,
                    filename=doc.filename,
                    size=doc.size,
                    sha256=doc.sha256,
                )
    except BaseException:
        storage.remove([key])
        raise
    if old_key:
        storage.remove([old_key])
    return doc, current is not None


def _audit_replace(staff: User, doc: Document, fields: dict, title: str) -> None:
    audit.record(
        "document_replaced",
        staff,
        doc,
        company=doc.housing_company_id,
        building=doc.building_id,
        kind=doc.kind,
        title=title,
        old_title=doc.title,
        filename=fields["filename"],
        old_filename=doc.filename,
        size=fields["size"],
        old_size=doc.size,
        sha256=fields["sha256"],
        old_sha256=doc.sha256,
    )


def _update(doc: Document, fields: dict, title: str, key: str) -> None:
    for name, value in fields.items():
        setattr(doc, name, value)
    doc.title = title
    doc.storage_key = key
    doc.save()


def replace_document(staff: User, document_id: int, title: str | None, upload: Upload) -> Document:
    """Put a new file (and, when given, a new title) in a document's place; the old file is
    removed once this is committed. Audited."""
    text = _title(title) if title is not None else None
    document = checked_pdf(upload.data)
    key = _stored(document)
    try:
        with write_txn():
            doc = locked(Document.select().where(Document.id == document_id)).first()
            if doc is None:
                raise NotFound("document")
            old_key = doc.storage_key
            fields = _file_fields(upload, document, doc.kind)
            _audit_replace(staff, doc, fields, text or doc.title)
            _update(doc, fields, text or doc.title, key)
    except BaseException:
        storage.remove([key])
        raise
    storage.remove([old_key])
    return doc


def delete_document(staff: User, document_id: int) -> Document:
    """Remove a document and, once that is committed, its file. Audited."""
    with write_txn():
        doc = locked(Document.select().where(Document.id == document_id)).first()
        if doc is None:
            raise NotFound("document")
        audit.record(
            "document_deleted",
            staff,
            doc,
            company=doc.housing_company_id,
            building=doc.building_id,
            kind=doc.kind,
            title=doc.title,
            filename=doc.filename,
            sha256=doc.sha256,
        )
        doc.delete_instance()
    storage.remove([doc.storage_key])
    return doc


def find_companies(query: str = ""):
    """Housing companies by name, business ID or street address (the bookings desk's search):
    a ``CompanyList``, at most 50 and how many in all."""
    return _search_companies(query)


def company_documents(company_id: int) -> CompanyDocuments:
    """A housing company with its buildings and every document of it and its buildings."""
    company = HousingCompany.get_or_none(HousingCompany.id == company_id)
    if company is None:
        raise NotFound("housing_company")
    buildings = list(
        Building.select().where(Building.housing_company == company.id).order_by(Building.code)
    )
    docs = (
        Document.select(Document, Building)
        .join(Building, JOIN.LEFT_OUTER)
        .where(Document.housing_company == company.id)
    )
    return CompanyDocuments(company, buildings, sorted_items(docs))


def get_document(document_id: int) -> Document:
    """One document with its company and building (None for a company-level one)."""
    doc = (
        Document.select(Document, HousingCompany, Building)
        .join(HousingCompany)
        .switch(Document)
        .join(Building, JOIN.LEFT_OUTER)
        .where(Document.id == document_id)
        .first()
    )
    if doc is None:
        raise NotFound("document")
    return doc


def staff_document_file(document_id: int) -> DocumentFile:
    """Any document's file, for the desk."""
    doc = Document.get_or_none(Document.id == document_id)
    if doc is None:
        raise NotFound("document")
    return file_of(doc)

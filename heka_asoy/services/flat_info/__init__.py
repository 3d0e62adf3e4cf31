"""Flat information and the housing companies' documents (DOMAIN.md, resident feature 5).

``page``: the resident's flat page in one call and the download of a document of their own
building, scoped through ``services.access`` (capability ``flat_info``). ``desk``: the asoy
desk's upload, replacement and removal of documents per housing company or building, audited.
``storage``: the one module that touches the documents' files.
"""

from .desk import (
    CompanyDocuments,
    DocumentsError,
    Upload,
    checked_pdf,
    company_documents,
    delete_document,
    find_companies,
    get_document,
    replace_document,
    staff_document_file,
    upload_document,
)
from .page import (
    DocumentFile,
    DocumentItem,
    FlatPage,
    ParkingInfo,
    SaunaInfo,
    document_file,
    flat_page,
)

__all__ = [
    "CompanyDocuments",
    "DocumentFile",
    "DocumentItem",
    "DocumentsError",
    "FlatPage",
    "ParkingInfo",
    "SaunaInfo",
    "Upload",
    "checked_pdf",
    "company_documents",
    "delete_document",
    "document_file",
    "find_companies",
    "flat_page",
    "get_document",
    "replace_document",
    "staff_document_file",
    "upload_document",
]

"""Words for the refusals of the documents' uploads: (field, message)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ERRORS = {
    "kind": ("kind", _l("Choose the kind of document.")),
    "title": ("title", _l("Give the document a title (at most 200 characters).")),
    "building": ("scope", _l("Choose the whole housing company or one of its buildings.")),
    "empty": ("file", _l("The file is empty.")),
    "too_large": ("file", _l("The file is too large (at most 10 MB).")),
    "not_pdf": ("file", _l("The file is not a PDF. Upload the document as a PDF.")),
    "pdf_damaged": ("file", _l("The PDF is damaged or incomplete.")),
    "pdf_encrypted": ("file", _l("The PDF is protected with a password; upload it without.")),
    "pdf_active": (
        "file",
        _l("The PDF contains scripts, actions or attached files; save it again as a plain PDF."),
    ),
}

"""Words for the kinds of documents, on the resident's and the desk's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "rescue_plan": _l("Rescue plan"),
    "house_rules": _l("House rules"),
    "other": _l("Other document"),
}

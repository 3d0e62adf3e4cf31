"""Public information pages (no login): /contact, /help, /accessibility, /privacy.

Why the prose is not in the message catalogs: these pages are long legal and practical texts
(an accessibility statement, a privacy notice) whose sentences are written for each language,
not translated string by string; hundreds of msgids would make them hard to review as a whole
and easy to half-update. So each page's prose lives in per-language templates,
``templates/info/<fi|sv|en>/<page>.html``, chosen by the current locale (Finnish for any
other). Each of them is a set of macros, one per section, with the same names in every language
(tests/blueprints/test_info_pages.py checks that).

What *does* go through gettext: the page chrome (``templates/info/page.html``), the page titles
and section headings that the footer, the page's table of contents and the browser tab use, and
the dynamic parts: "right now call …" and the office's service today, computed by
``domain.office_hours.right_now`` for the current Helsinki time. Phone numbers, addresses and
place names come from ``domain.contacts`` (``places(language)`` for the names in each
language), never typed into the prose.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ...domain import contacts
from ...domain.clock import helsinki_now
from ...domain.office_hours import right_now
from ...rendering import render

bp = Blueprint("info", __name__)

LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class Section:
    """One section of a page: its anchor (also the macro's name in the prose templates) and
    its heading."""

    id: str
    title: str


#: Each page's title and sections, in order. The prose templates define one macro per id.
PAGES: dict[str, tuple[str, tuple[Section, ...]]] = {
    "contact": (
        _l("Contact and office"),
        (
            Section("asoy_desk", _l("The asoy desk")),
            Section("urgent", _l("Heka customer service and the on-call service")),
            Section("agents", _l("Agents and estates")),
            Section("office", _l("Customer service office")),
            Section("getting_there", _l("Getting to the office")),
            Section("keys", _l("Key service point")),
        ),
    ),
    "help": (
        _l("Help"),
        (
            Section("not_working", _l("If the pages do not work")),
            Section("account", _l("Registering and logging in")),
            Section("who_to_call", _l("Who to contact")),
        ),
    ),
    "accessibility": (
        _l("Accessibility statement"),
        (
            Section("status", _l("Compliance status")),
            Section("checked", _l("How accessibility is checked")),
            Section("gaps", _l("Known accessibility gaps")),
            Section("feedback", _l("Feedback")),
            Section("enforcement", _l("Enforcement")),
        ),
    ),
    "privacy": (
        _l("Privacy notice"),
        (
            Section("controller", _l("Controller")),
            Section("data", _l("What data is processed")),
            Section("identity_code", _l("Personal identity code")),
            Section("purposes", _l("Purposes and legal bases")),
            Section("recipients", _l("Who receives data")),
            Section("retention", _l("How long data is kept")),
            Section("cookies", _l("Cookies")),
            Section("rights", _l("Your rights and your data")),
            Section("complaint", _l("Complaints")),
        ),
    ),
}


def _language() -> str:
    locale = get_locale()
    language = locale.language if locale else "fi"
    return language if language in LANGUAGES else "fi"


def _page(name: str, **context) -> str:
    """The page ``name`` with its prose in the current language."""
    language = _language()
    title, sections = PAGES[name]
    return render(
        f"info/{name}.html",
        page_title=title,
        sections=sections,
        prose_template=f"info/{language}/{name}.html",
        places=contacts.places(language),
        **context,
    )


@bp.get("/contact")
def contact():
    return _page("contact", now=right_now(helsinki_now(), _language()))


@bp.get("/help")
def help_page():
    return _page("help")


@bp.get("/accessibility")
def accessibility():
    return _page("accessibility")


@bp.get("/privacy")
def privacy():
    return _page("privacy")

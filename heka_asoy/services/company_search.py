"""Finding housing companies by a part of the name or business ID, for the desk's filters and
pickers.

Heka's stock has some 5,000 housing companies (and 9,000 buildings), so no page may list them
all: a select of every company made the fault queue 305 KB and slow under load. Instead

* a queue's filter is a text that becomes a condition inside the queue's own SQL
  (``condition``: a subquery of the matching companies, never a Python list of ids of unbounded
  length), plus one small query (``resolve``) that tells the page what the text matched;
* a picker shows at most ``MAX_RESULTS`` companies for a search (``search``).

A link from another page names one company by its id (``?company=12``); the page then shows the
company's name in the field and keeps the filter exact while the name is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from peewee import SQL, Case

from ..db import contains_text
from ..domain.text import strip_controls
from ..models import HousingCompany
from ..params import parse_id

#: Shorter texts would match nearly every company (a company's id may be a single digit).
MIN_TEXT = 2
#: The longest text a filter or search takes (the forms say the same).
MAX_TEXT = 80
#: Each word must match; more words than this add nothing but work.
MAX_WORDS = 5
#: A picker's search shows at most this many companies.
MAX_RESULTS = 20


def clean(text: str | None) -> str:
    """The text as searched: no control characters, single spaces, at most ``MAX_TEXT``."""
    return " ".join(strip_controls(text or "").split())[:MAX_TEXT]


def too_short(text: str, id_counts: bool = True) -> bool:
    """A text too short to narrow anything; in a filter (``id_counts``) an id of digits is never
    too short, a picker searches text alone."""
    if id_counts and parse_id(text) is not None:
        return False
    return bool(text) and len(text.replace(" ", "")) < MIN_TEXT


def text_condition(text: str):
    """Companies whose name or business ID holds every word of ``text`` (case ignored in every
    alphabet); None for an empty text."""
    words = clean(text).split()[:MAX_WORDS]
    if not words:
        return None
    return reduce(
        and_,
        [
            contains_text(HousingCompany.name, word) | HousingCompany.business_id.contains(word)
            for word in words
        ],
    )


@dataclass(frozen=True)
class CompanyChoice:
    """What a queue's company filter turned out to be.

    ``company_id``: the one company a link (or the field left unchanged) names, ``name`` its
    name ("" when no company has that id: the queue then shows nothing); otherwise ``text``, the
    words the companies are matched by. ``found``: some company matches."""

    company_id: int | None = None
    name: str = ""
    text: str = ""
    found: bool = True

    @property
    def pinned(self) -> bool:
        return self.company_id is not None and bool(self.name)


def _same(text: str, name: str) -> bool:
    return clean(text).casefold() == clean(name).casefold()


def resolve(text: str | None, kept_id: int | None = None) -> CompanyChoice | None:
    """The filter a page asked for: ``text`` what the field holds, ``kept_id`` the company the
    page showed by name (the form's hidden field). One query; None, and no query, without a
    filter.

    A text of digits is a company's id (links from other pages say ``?company=12``) when a
    company has it, else a part of a business ID. ``kept_id`` counts while the field still
    holds that company's name, so changing another filter keeps the same one company; an
    emptied field is no filter."""
    text = clean(text)
    linked = parse_id(text)
    company_id = linked if linked is not None else kept_id
    by_text = text_condition(text) if len(text.replace(" ", "")) >= MIN_TEXT else None
    if by_text is None and linked is None:
        return None
    wanted = HousingCompany.id == (company_id or 0)
    hit = Case(None, [(by_text, 1)], 0) if by_text is not None else SQL("0")
    rows = list(
        HousingCompany.select(HousingCompany.id, HousingCompany.name, hit.alias("hit"))
        .where(wanted | by_text if by_text is not None else wanted)
        .order_by(Case(None, [(wanted, 0)], 1), HousingCompany.id)
        .limit(2)
    )
    named = next((row for row in rows if row.id == company_id), None)
    if named is not None and (linked is not None or _same(text, named.name)):
        return CompanyChoice(company_id=named.id, name=named.name)
    if by_text is not None:
        return CompanyChoice(text=text, found=any(row.hit for row in rows))
    return CompanyChoice(company_id=company_id, found=False)  # an id of nothing


def condition(column, choice: CompanyChoice | None):
    """``column`` (a housing company's id, e.g. ``Flat.housing_company``) is a company the
    filter chose: one id, or a subquery of the companies the text matches. None: no filter."""
    if choice is None:
        return None
    if choice.company_id is not None:
        return column == choice.company_id
    return column.in_(HousingCompany.select(HousingCompany.id).where(text_condition(choice.text)))


def search(text: str, limit: int = MAX_RESULTS) -> tuple[list[HousingCompany], bool]:
    """Companies matching ``text`` by name or business ID, at most ``limit`` by name, and
    whether there were more (one query; none for a text too short to narrow anything)."""
    text = clean(text)
    if not text or too_short(text, id_counts=False):
        return [], False
    rows = list(
        HousingCompany.select(
            HousingCompany.id,
            HousingCompany.name,
            HousingCompany.business_id,
            HousingCompany.street_address,
        )
        .where(text_condition(text))
        .order_by(HousingCompany.name, HousingCompany.id)
        .limit(limit + 1)
    )
    return rows[:limit], len(rows) > limit


def one(company_id: int | None) -> HousingCompany | None:
    """The company with this id (name and business ID), or None (one query; none without)."""
    if company_id is None:
        return None
    return (
        HousingCompany.select(
            HousingCompany.id,
            HousingCompany.name,
            HousingCompany.business_id,
            HousingCompany.street_address,
        )
        .where(HousingCompany.id == company_id)
        .first()
    )


@dataclass(frozen=True)
class Found:
    """What a picker shows: the search (``query``, ``too_short`` to run), its ``results`` (at
    most ``MAX_RESULTS``; ``more``: there were more) and the ``chosen`` row, if any."""

    query: str = ""
    too_short: bool = False
    results: list = field(default_factory=list)
    more: bool = False
    chosen: object = None

    @property
    def shown(self) -> list:
        """The choices to offer: what the search found (the chosen row first when it is not
        among them), or the chosen row alone without a search."""
        rows = list(self.results) if self.query else []
        chosen = self.chosen
        if chosen is not None and all(row.id != chosen.id for row in rows):
            rows.insert(0, chosen)
        return rows


def find(text: str | None, chosen_id: int | None = None) -> Found:
    """A picker's companies: the search's (one query, none for a text too short) and the chosen
    one (one more query when the search did not find it)."""
    query = clean(text)
    results, more = search(query)
    chosen = next((row for row in results if row.id == chosen_id), None) or one(chosen_id)
    return Found(query, too_short(query, id_counts=False), results, more, chosen)

"""The desk's pickers: a search field with live results that fill a radio choice, for lists too
long for a select (housing companies, buildings). The markup is ``templates/_picker.html``, the
pattern the public fault form's address search set (issue 7 item 10)."""

from __future__ import annotations

from wtforms.fields.choices import SelectChoice


def live_search(field, url: str, choice_id: str) -> None:
    """Make ``field`` ask ``url`` for results as one types (HTMX) into ``#<choice_id>-results``.

    Searches run one at a time, the latest waiting (never out of order); the chosen row goes
    along, so it stays chosen when the search finds it again. ``data-picker-search`` tells
    app.js to make Enter search at once (its ``picker-search`` event) instead of submitting the
    form the field sits in (whose default button saves it); a trigger filter such as
    ``keydown[key=='Enter']`` would need eval, which the page's htmx config forbids."""
    field.render_kw = {
        **(field.render_kw or {}),
        "data-picker-search": True,
        "data-hx-get": url,
        "data-hx-trigger": "input changed delay:400ms, picker-search",
        "data-hx-target": f"#{choice_id}-results",
        "data-hx-swap": "innerHTML",
        "data-hx-sync": "this:queue last",
        "data-hx-include": f"#{choice_id}-results",
    }


def company_choices(companies) -> list[SelectChoice]:
    """Housing companies as radio choices: the name and, to tell namesakes apart, the business
    ID."""
    return [SelectChoice(str(c.id), f"{c.name} ({c.business_id})") for c in companies]


def errors_to_search(choice, search) -> None:
    """A choice with no options to show (nothing searched or chosen yet) has nowhere to say its
    error: the search field says it, and the error summary links there."""
    if not choice.choices and choice.errors:
        search.errors = [*search.errors, *choice.errors]
        choice.errors = []

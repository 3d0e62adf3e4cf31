"""One template per page: HTMX requests get a block of it, never a second copy of the markup."""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app, render_template
from jinja2_fragments import render_blocks

from .extensions import htmx


def wants_block() -> bool:
    """Is this an HTMX request that is answered with a block of its page? Not a boosted one,
    nor one restoring a page of the history: both put the answer in place of the whole body."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(template: str, block: str | None = None, oob: Sequence[str] = (), **context) -> str:
    """Render the whole page, or only ``block`` of it when HTMX asks (and is not boosting, nor
    restoring a page of the history: that needs the whole page).

    ``oob`` names further blocks of the page that a change can alter outside ``block`` (e.g. a
    report's facts beside its status); they follow ``block`` in the answer and mark their element
    ``data-hx-swap-oob`` when ``fragment`` is true, so HTMX puts each in its place by id.
    """
    if block and wants_block():
        context["fragment"] = True
        current_app.update_template_context(context)
        return render_blocks(current_app.jinja_env, template, (block, *oob), **context)
    return render_template(template, **context)

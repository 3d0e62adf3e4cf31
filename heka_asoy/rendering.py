"""One template per page: HTMX requests get a block of it, never a second copy of the markup."""

from __future__ import annotations

from flask import current_app, render_template
from jinja2_fragments import render_block

from .extensions import htmx


def render(template: str, block: str | None = None, **context) -> str:
    """Render the whole page, or only ``block`` of it when HTMX asks (and is not boosting)."""
    if block and htmx and not htmx.boosted:
        current_app.update_template_context(context)
        return render_block(current_app.jinja_env, template, block, **context)
    return render_template(template, **context)

"""The HTMX urgency check shared by the resident and the public fault form."""

from __future__ import annotations

from flask import render_template, request

from ...domain import faults as rules


def urgency_response():
    """The "looks urgent" alert, nothing, or 204 when the page already shows the same alert (so a
    screen reader does not announce it again at every pause in typing)."""
    text = request.form.get("description", "")[:4000]
    category = request.form.get("category") or None
    words = rules.urgent_matches(text)
    urgent_category = category if category in rules.URGENT_CATEGORY_CODES else None
    if not words and not urgent_category:
        return ""
    shown = "|".join([urgent_category or "", *words])
    if request.form.get("urgent_shown") == shown:
        return "", 204
    return render_template(
        "faults/_urgent_alert.html", urgent_words=words, urgent_category=urgent_category
    )

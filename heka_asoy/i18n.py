"""Language choice and locale-aware formatting (Flask-Babel).

The language is chosen by the user and remembered (cookie, and the account for mail); a new visitor
gets what the browser asks for among fi/sv/en, else Finnish.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Flask, g, request
from flask_babel import format_currency, format_date, format_datetime
from flask_login import current_user

from .extensions import babel

LANG_COOKIE = "lang"


def select_locale() -> str:
    """fi, sv or en: explicit choice first, then the account, then the browser, then Finnish."""
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    forced = getattr(g, "force_locale", None)
    if forced in languages:
        return forced
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    if current_user and getattr(current_user, "is_authenticated", False):
        if current_user.language in languages:
            return current_user.language
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def money(amount: Decimal | float | int) -> str:
    """Euros in the page's locale: ``1 234,50 €`` in Finnish."""
    return format_currency(amount, "EUR")


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["datetime"] = lambda d, fmt="medium": format_datetime(d, fmt) if d else ""

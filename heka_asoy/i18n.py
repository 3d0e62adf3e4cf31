"""Language choice and locale-aware formatting (Flask-Babel).

The language is chosen by the user and remembered (cookie, and the account for mail); a new visitor
gets what the browser asks for among fi/sv/en, else Finnish.

Dates and times have one house style per language, defined here once (``HOUSE_FORMATS``) and used
by every page, mail and Python message through the filters below. Babel's own ``short``/``medium``
styles are not used: they give ``2026-11-30 11:06`` and ``1 feb. 2026`` in Swedish and the US
``11/30/26, 11:06 AM`` in English, while Helsinki writes ``30.11.2026 klo 11.06`` in both of its
languages (the Finnish convention, which Finland-Swedish follows too).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal

from babel import Locale
from flask import Flask, g, request
from flask_babel import (
    Domain,
    format_date,
    format_datetime,
    format_decimal,
    format_time,
    get_locale,
)
from flask_login import current_user

from .extensions import babel

LANG_COOKIE = "lang"


@dataclass(frozen=True)
class DateStyle:
    """One language's date and time patterns (Babel/CLDR pattern syntax)."""

    date: str
    day_month: str  # a day of a known year: column heads, the start of a range
    time: str
    datetime: str
    weekday_date: str
    range_sep: str  # between the two ends of a date range


HOUSE_FORMATS: dict[str, DateStyle] = {
    # Finnish: 30.11.2026, klo 11.06; weekday in the stand-alone form (maanantai, not maanantaina).
    "fi": DateStyle(
        date="d.M.yyyy",
        day_month="d.M.",
        time="H.mm",
        datetime="d.M.yyyy 'klo' H.mm",
        weekday_date="cccc d.M.yyyy",
        range_sep="–",
    ),
    # Finland-Swedish follows the Finnish numeric convention: 30.11.2026 kl. 11.06.
    "sv": DateStyle(
        date="d.M.yyyy",
        day_month="d.M.",
        time="H.mm",
        datetime="d.M.yyyy 'kl.' H.mm",
        weekday_date="EEEE d.M.yyyy",
        range_sep="–",
    ),
    # English: day first and the month as a word, never the ambiguous US 11/30/26; 24-hour clock.
    "en": DateStyle(
        date="d MMM yyyy",
        day_month="d MMM",
        time="HH:mm",
        datetime="d MMM yyyy, HH:mm",
        weekday_date="EEEE d MMM yyyy",
        range_sep=" – ",
    ),
}


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
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    return _euros(str(get_locale() or "fi"), value)


@functools.lru_cache(maxsize=4096)
def _euros(language: str, amount: Decimal) -> str:
    """Babel's currency format of the language, remembered: a rent page shows the same few
    amounts many times, and each format call looked the locale and its pattern up again."""
    locale = Locale.parse(language)
    return locale.currency_formats["standard"].apply(amount, locale, currency="EUR")


def date_style() -> DateStyle:
    """The patterns of the page's or mail's language (Finnish for any other)."""
    locale = get_locale()
    return HOUSE_FORMATS.get(locale.language if locale else "fi", HOUSE_FORMATS["fi"])


# The house filters. Each takes no format argument on purpose: a page cannot pick another style.
# Naive datetimes are stored in UTC; Flask-Babel shows them in BABEL_DEFAULT_TIMEZONE
# (Europe/Helsinki), and a datetime given to ``house_date`` is the Helsinki day.


def house_date(value: date | datetime | None) -> str:
    """``30.11.2026`` (fi, sv), ``30 Nov 2026`` (en)."""
    return format_date(value, date_style().date) if value else ""


def house_day_month(value: date | datetime | None) -> str:
    """``30.11.`` (fi, sv), ``30 Nov`` (en): a day whose year is plain from the context."""
    return format_date(value, date_style().day_month) if value else ""


def house_weekday_date(value: date | datetime | None) -> str:
    """``maanantai 30.11.2026``, ``måndag 30.11.2026``, ``Monday 30 Nov 2026``."""
    return format_date(value, date_style().weekday_date) if value else ""


def house_time(value: time | datetime | None) -> str:
    """``11.06`` (fi, sv), ``11:06`` (en); a datetime in Helsinki time."""
    return format_time(value, date_style().time) if value else ""


def house_datetime(value: datetime | None) -> str:
    """``30.11.2026 klo 11.06``, ``30.11.2026 kl. 11.06``, ``30 Nov 2026, 11:06`` (Helsinki)."""
    return format_datetime(value, date_style().datetime) if value else ""


def house_month(value: date | None) -> str:
    """``joulukuu 2026``, ``december 2026``, ``December 2026``: a month (an invoiced period)."""
    return format_date(value, "LLLL yyyy") if value else ""


def house_date_range(start: date, end: date) -> str:
    """``30.11.–6.12.2026`` (fi, sv), ``30 Nov – 6 Dec 2026`` (en); the year is written once when
    both ends share it, else on both ends (``28.12.2026–3.1.2027``)."""
    style = date_style()
    first = house_day_month(start) if start.year == end.year else house_date(start)
    return f"{first}{style.range_sep}{house_date(end)}"


def utc_iso(value: datetime) -> str:
    """The machine-readable value of a ``<time datetime>``: ``2026-11-30T09:06:00Z``. Stored
    datetimes are naive UTC; aware ones are converted. Whole seconds, because HTML allows at most
    three digits of a fraction and ``isoformat()`` writes six (the Nu HTML checker refuses them)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


def house_area(value: Decimal | float | None) -> str:
    """A floor area: ``31,5 m²`` (fi, sv), ``31.5 m²`` (en)."""
    return f"{format_decimal(value, '#,##0.#')}\u00a0m²" if value is not None else ""


FILTERS = {
    "date": house_date,
    "day_month": house_day_month,
    "weekday_date": house_weekday_date,
    "time": house_time,
    "datetime": house_datetime,
    "date_range": house_date_range,
    "month": house_month,
    "utc_iso": utc_iso,
    "area": house_area,
}


class RequestDomain(Domain):
    """Flask-Babel's message domain with the catalog looked up once per request and language.

    Flask-Babel finds the catalog anew for every string (the context, the locale, the locale's
    name, a cache key), which cost a page more than rendering its markup: a page shows dozens of
    strings, in templates, form labels and views. The catalog is kept beside Flask-Babel's own
    per-request locale and reused while that locale is the same object, so a mail rendered in
    another language (``force_locale``) or after ``refresh()`` gets its own.
    """

    def get_translations(self):
        ctx = g.get("_flask_babel") if g else None
        memo = getattr(ctx, "heka_translations", None)
        if memo is not None and memo[0] is getattr(ctx, "babel_locale", None):
            return memo[1]
        found = super().get_translations()
        ctx = g.get("_flask_babel") if g else None
        locale = getattr(ctx, "babel_locale", None)
        if locale is not None:
            ctx.heka_translations = (locale, found)
        return found


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    babel.domain_instance = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters.update(FILTERS)

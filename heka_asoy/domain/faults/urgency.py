"""Urgency words: when a report's text reads like a fault that must be phoned (a water leak, a
sewer blockage, an electrical fault), in Finnish, Swedish and English.

The words are matched per token (inflected forms by pattern), so :func:`looks_urgent` can stop
the form and say again that such faults are phoned, and show the words that triggered it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .categories import URGENT_CATEGORY_CODES


@dataclass(frozen=True)
class _Rule:
    """Every term must match a distinct token, all within ``window`` tokens of each other.

    Terms are regular expressions matched against whole tokens (casefolded, punctuation
    removed), so a term like ``vuota\\w*`` covers Finnish inflections. ``unless`` terms cancel
    the match when any of them occurs within ``window`` tokens of it (e.g. a tap for "leaks").
    """

    terms: tuple[re.Pattern[str], ...]
    window: int = 1
    unless: tuple[re.Pattern[str], ...] = ()


def _rule(*terms: str, window: int | None = None, unless: tuple[str, ...] = ()) -> _Rule:
    return _Rule(
        tuple(re.compile(t) for t in terms),
        window if window is not None else max(1, len(terms) + 2),
        tuple(re.compile(u) for u in unless),
    )


# A dripping tap or a running toilet is an ordinary fault, not a leak to phone about.
_TAP = (r"hana\w*", r"\w*hanan?", r"kran\w*", r"\w*kranen", r"taps?", r"faucets?")
_TOBACCO = (r"tupak\w*", r"\w*savuk\w*", r"cigarett\w*", r"tobak\w*", r"cigarettes?", r"tobacco")
_SMOKE_ALARM = (
    r"\w*ilmais\w*",
    r"\w*varoit\w*",
    r"detector\w*",
    r"alarms?",
    r"\w*larm\w*",
    r"\w*varnare\w*",
    r"\w*detektor\w*",
)
_BLOCKED_FI = r"tuk[ok]\w*"  # tukossa, tukkeutunut, tukkoon, tukos; not "tuki" (support)
_BLOCKED_SV = r"(stopp\w*|igensatt\w*|igentäppt\w*|tilltäppt\w*|täppt\w*)"
_BLOCKED_EN = r"(block\w*|clog\w*|backed|backing)"
_WATER_FI = r"(vesi\w*|vettä|veden|vedet|vedessä)"
_POWER_FI = r"(sähkö|sähköä|sähköt|sähköjä|virta|virrat)"

_URGENT_RULES: tuple[_Rule, ...] = (
    # --- Finnish: leaks and floods (vuoto, vuotaa, vuotava, vuodon, vesivuoto; not "5-vuotias")
    _rule(r"\w*vuo[td]o\w*", unless=_TAP, window=3),
    _rule(r"vuota\w*", unless=_TAP, window=3),
    _rule(r"vuoti(?!a)\w*", unless=_TAP, window=3),
    _rule(r"\w*tulv\w*"),  # tulva, tulvii, tulvinut, vesitulva
    _rule(r"\w*vesivahin\w*"),  # vesivahinko
    _rule(_WATER_FI, r"lattia\w*", window=4),  # vettä lattialla, lattialla on vettä
    _rule(r"(märkä|märkänä|märän|kastu\w*)", r"lattia\w*", window=3),
    # sewer blockage: viemäri tukossa, tukossa oleva viemäri, viemäri on tukkeutunut
    _rule(r"\w*viemär\w*", _BLOCKED_FI, window=3),
    _rule(r"\w*viemär\w*tuk[ok]\w*"),  # viemäritukos
    _rule(r"(lattiakaiv\w*|wc\w*|vessa\w*|pönttö\w*|\w*istuin\w*)", _BLOCKED_FI, window=3),
    # electricity: sähkökatko, ei sähköä, sähköt poikki, sähköt meni
    _rule(r"\w*sähkökatk\w*"),
    _rule(r"\w*virtakatk\w*"),
    _rule(r"(ei|eikä)", _POWER_FI, window=3),
    _rule(_POWER_FI, r"(poikki|katke\w*|katkes\w*|pois|meni|mennyt|menneet|lähti|lähteneet)"),
    _rule(r"\w*oikosul\w*"),  # oikosulku
    _rule(r"\w*sähköisku\w*"),
    _rule(r"kipin[äö]\w*"),  # kipinä, kipinöi, kipinöintiä
    # burning: palaneen haju, haisee palaneelta, käry, savua; not "lamppu on palanut"
    _rule(r"(palane\w*|palanu\w*|palamis\w*|savun)", r"(haju\w*|hais\w*|käry\w*|tuoksu\w*)"),
    _rule(r"\w*käry\w*"),
    _rule(r"savu(?!ilmai|varoit|hormi)\w*", unless=_TOBACCO + _SMOKE_ALARM, window=2),
    _rule(r"\w*tulipalo\w*"),
    # --- Swedish: läcker, läcka, vattenläcka, läckage; not "bläck" (ink)
    _rule(r"(?!bläck)\w*läck\w*", unless=_TAP, window=3),
    _rule(r"\w*översvämn\w*"),
    _rule(r"svämma\w*"),  # svämmar över
    _rule(r"\w*vattenskad\w*"),
    _rule(r"(vatten|vattnet)", r"golv\w*", window=4),  # vatten på golvet
    _rule(r"\w*avlopp\w*", _BLOCKED_SV, window=3),  # stopp i avloppet, avloppet är stopp
    _rule(r"\w*avloppsstopp\w*"),
    _rule(r"(golvbrunn\w*|toalett\w*|wc)", _BLOCKED_SV, window=3),
    _rule(r"(ingen|inget|utan)", r"(el|elen|ström|strömmen)", window=2),  # ingen el
    _rule(r"(elen|strömmen)", r"(borta|gått|gick|bruten|slut)", window=3),
    _rule(r"\w*strömavbrott\w*"),
    _rule(r"\w*elavbrott\w*"),
    _rule(r"\w*kortslut\w*"),
    _rule(r"\w*elstöt\w*"),
    _rule(r"\w*brandlukt\w*"),
    _rule(r"(lukt\w*|doft\w*|stank|stinker)", r"(bränt|bränd\w*|brännt|bränn\w*|rök\w*)"),
    _rule(r"(rök|röken|ryker|rykande)", unless=_TOBACCO + _SMOKE_ALARM, window=2),
    _rule(r"gnist\w*"),  # gnistor, gnistrar
    _rule(r"(brand|branden|eldsvåda)"),
    # --- English: leak, leaking, leakage; "dripping tap" is not urgent
    _rule(r"leak\w*", unless=_TAP, window=3),
    _rule(r"flood\w*"),
    _rule(r"overflow\w*"),
    _rule(r"water", r"(floors?|flooring)", window=4),  # water on the floor
    _rule(r"water", r"damage\w*", window=2),
    _rule(r"wet", r"floors?", window=3),
    _rule(r"sewer\w*"),
    _rule(r"sewage"),
    _rule(r"(drains?|toilets?|wc)", _BLOCKED_EN, window=3),  # blocked drain, drain is blocked
    _rule(r"(no|without)", r"(power|electricity)", window=2, unless=(r"attorney",)),
    _rule(r"(power|electricity)", r"(cut|cuts|outage|failure|out|off|gone|down)", window=2),
    _rule(r"blackout"),
    _rule(r"short", r"circuit\w*", window=1),
    _rule(r"electric\w*", r"shocks?", window=2),
    _rule(r"burn\w*", r"(smell\w*|odou?rs?|stench)", window=3),  # burning smell, smell of burning
    _rule(r"(smoke|smoky)", unless=_TOBACCO + _SMOKE_ALARM, window=2),
    _rule(r"spark(?!l)\w*"),  # sparks, sparking; not "sparkling"
    _rule(r"(fire|ablaze)", r"on", window=1),  # on fire
)

_NON_WORD = re.compile(r"[\W_]+")


def _tokens(text: str) -> list[str]:
    normalized = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", normalized).split()


def _fullmatch_any(patterns: tuple[re.Pattern[str], ...], token: str) -> bool:
    return any(p.fullmatch(token) for p in patterns)


def _rule_spans(rule: _Rule, tokens: list[str]) -> list[tuple[int, int]]:
    """``(first, last)`` token indexes of each match of ``rule``."""
    hits = [[i for i, tok in enumerate(tokens) if term.fullmatch(tok)] for term in rule.terms]
    if not all(hits):
        return []
    spans: list[tuple[int, int]] = []
    for anchor in hits[0]:
        chosen = [anchor]
        for positions in hits[1:]:
            near = [i for i in positions if abs(i - anchor) <= rule.window and i not in chosen]
            if not near:
                break
            chosen.append(min(near, key=lambda i: abs(i - anchor)))
        else:
            lo, hi = min(chosen), max(chosen)
            context = tokens[max(0, lo - rule.window) : hi + rule.window + 1]
            if not any(_fullmatch_any(rule.unless, tok) for tok in context):
                spans.append((lo, hi))
    return spans


def urgent_matches(text: str) -> list[str]:
    """The phrases in ``text`` that suggest an urgent fault, in order of appearance.

    Each phrase is given normalized (casefolded, punctuation removed), e.g.
    ``["viemäri on tukkeutunut"]``; an empty list when nothing looks urgent.
    """
    tokens = _tokens(text or "")
    spans = sorted({span for rule in _URGENT_RULES for span in _rule_spans(rule, tokens)})
    phrases: list[str] = []
    for lo, hi in spans:
        phrase = " ".join(tokens[lo : hi + 1])
        if phrase not in phrases:
            phrases.append(phrase)
    return phrases


def looks_urgent(text: str, category_code: str | None = None) -> bool:
    """True when the category is urgent or the text mentions a leak, flood, sewer blockage,
    power cut, burning smell, smoke or sparks (Finnish, Swedish or English).

    An unknown category code is ignored here (validating it is the form's job).
    """
    if category_code in URGENT_CATEGORY_CODES:
        return True
    return bool(urgent_matches(text))

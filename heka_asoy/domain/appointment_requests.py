"""Does a mail to the desk mailbox ask for an office visit? (issue 11 §1)

Pure rules, no database: the mailbox intake (``services/mailbox/appointment_intake``) files a
mail these rules recognise as an appointment request ("ajanvaraus", "tidsbokning",
"appointment", "käynti toimistolla" …) instead of leaving it to the desk as a plain case.

Only a person's *first* mail counts: a reply ("Re:", "Vs:", "Sv:", or one that names the mails it
answers) is part of a conversation already going on, e.g. an answer to the desk's confirmation,
and never starts a second request. The words are matched on whole-word beginnings, case and
accents as written, so "ajanvarausta" and "tidsbokningen" count but "disappointment" does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Phrases that ask for an office visit, per language (a regex each, matched at a word start).
PHRASES: dict[str, tuple[str, ...]] = {
    "fi": (
        r"ajanvarau",
        r"varata? (?:aika|ajan)",
        r"varaisin ajan",
        r"ajan (?:toimistolle|toimistoon)",
        r"aika toimistolle",
        r"asiointiaika",
        r"toimistokäyn",
        r"käyn(?:ti|tiä|nin|nit) (?:toimistolla|toimistolle|toimistoon|asiakaspalvelussa"
        r"|asiakaspalveluun)",
        r"käydä (?:toimistolla|toimistollanne|asiakaspalvelussa)",
        r"tulla (?:toimistolle|toimistollenne)",
        r"tapaamisaika",
    ),
    "sv": (
        r"tidsbokning",
        r"boka (?:en )?tid",
        r"bokning av (?:en )?tid",
        r"besök på (?:kontoret|kundtjänsten|ert kontor)",
        r"besöka (?:kontoret|kundtjänsten|ert kontor)",
        r"kontorsbesök",
        r"tid till kontoret",
        r"mötestid",
    ),
    "en": (
        r"appointment",
        r"book (?:a|an) (?:time|visit|slot|meeting)",
        r"office visit",
        r"visit (?:to )?(?:the|your) office",
        r"visit the customer service",
        r"come (?:to|by) (?:the|your) office",
        r"meeting at (?:the|your) office",
    ),
}
_PATTERNS = {
    lang: re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")", re.IGNORECASE)
    for lang, phrases in PHRASES.items()
}
#: What the visit is about, by words in the mail (the first that matches wins).
REASON_WORDS: tuple[tuple[str, str], ...] = (
    (
        "identification",
        r"tunnistau|tunnistus|henkilöllisyy|passi|legitim|identifi|\bid\b|ajokort"
        r"|körkort|driving licen|passport|rekister",
    ),
    ("keys", r"avain|avaim|nyckel|nycklar|\bkeys?\b"),
    ("lease", r"vuokrasopim|vuokra|hyresavtal|hyra|\blease|\brent\b|irtisano|uppsägning"),
)
_REPLY_PREFIX = re.compile(r"^\s*(?:re|vs|sv|aw|vb|fw|fwd|ang)\s*(?:\[\d+\])?\s*:", re.IGNORECASE)
#: The longest details text kept from a mail (the mail itself stays in the mailbox case).
DETAILS_MAX = 4000


@dataclass(frozen=True)
class RequestHints:
    """What the rules read from a mail that asks for a visit."""

    language: str
    reason: str


def is_reply(subject: str, in_reply_to: str = "", references: tuple[str, ...] = ()) -> bool:
    """A mail answering an earlier one (its headers say so, or its subject starts with Re:…)."""
    return bool(in_reply_to or references or _REPLY_PREFIX.match(subject or ""))


def request_language(text: str) -> str | None:
    """The language of the first phrase in ``text`` that asks for an office visit, or None."""
    first: tuple[int, str] | None = None
    for lang, pattern in _PATTERNS.items():
        match = pattern.search(text or "")
        if match and (first is None or match.start() < first[0]):
            first = (match.start(), lang)
    return first[1] if first else None


def guess_reason(text: str) -> str:
    """``identification``, ``keys``, ``lease`` or ``other`` from the words of the mail."""
    for reason, words in REASON_WORDS:
        if re.search(words, text or "", re.IGNORECASE):
            return reason
    return "other"


def read_request(
    subject: str, body: str, in_reply_to: str = "", references: tuple[str, ...] = ()
) -> RequestHints | None:
    """The hints of a mail that asks for an office visit, or None for any other mail."""
    if is_reply(subject, in_reply_to, references):
        return None
    text = f"{subject}\n{body}"
    language = request_language(text)
    if language is None:
        return None
    return RequestHints(language, guess_reason(text))


def details_text(subject: str, body: str) -> str:
    """The request's details: the subject and the body, cut to ``DETAILS_MAX``."""
    text = "\n\n".join(part for part in ((subject or "").strip(), (body or "").strip()) if part)
    return text[:DETAILS_MAX]

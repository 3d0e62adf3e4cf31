"""Password rules of the two registration paths.

The source text fixes two different rules: the strong-identification path and password reset
need 6+ characters with upper-case, lower-case, digit and special character; the office
identification path needs 8+ characters with an upper-case letter and a special character.
:func:`check_password` returns the codes of the failed requirements (not messages) so the UI can
translate them and list exactly what is still missing.

Character classes are Unicode aware: ``ä`` is a lower-case letter, ``Ö`` an upper-case one, and
"special" means anything that is neither a letter nor a digit (punctuation, symbols, spaces).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

#: Upper bound for every rule: long enough for passphrases, short enough to bound hashing cost.
MAX_LENGTH = 256

# Failure codes, in the order they are reported.
LENGTH = "length"
MAX_LENGTH_CODE = "max_length"
UPPER = "upper"
LOWER = "lower"
DIGIT = "digit"
SPECIAL = "special"


@dataclass(frozen=True)
class Requirements:
    """What one rule demands."""

    min_length: int
    upper: bool
    lower: bool
    digit: bool
    special: bool
    max_length: int = MAX_LENGTH


class PasswordRule(Enum):
    """The two rule sets of the domain."""

    #: Strong-identification registration and password reset.
    STRONG = Requirements(min_length=6, upper=True, lower=True, digit=True, special=True)
    #: Registration after identification at the office.
    OFFICE = Requirements(min_length=8, upper=True, lower=False, digit=False, special=True)

    @property
    def requirements(self) -> Requirements:
        return self.value

    @property
    def min_length(self) -> int:
        return self.value.min_length

    @property
    def max_length(self) -> int:
        return self.value.max_length

    @property
    def required_classes(self) -> tuple[str, ...]:
        """Codes of the character classes this rule requires (for listing them in the UI)."""
        req = self.value
        wanted = (
            (UPPER, req.upper),
            (LOWER, req.lower),
            (DIGIT, req.digit),
            (SPECIAL, req.special),
        )
        return tuple(code for code, needed in wanted if needed)


def _is_digit(ch: str) -> bool:
    return ch.isdecimal()


def _is_special(ch: str) -> bool:
    return not (ch.isalpha() or ch.isdecimal())


def check_password(password: str, rule: PasswordRule) -> list[str]:
    """Codes of the requirements ``password`` fails under ``rule``; empty when it is acceptable.

    Possible codes: ``'length'`` (too short), ``'max_length'`` (too long), ``'upper'``,
    ``'lower'``, ``'digit'``, ``'special'``.
    """
    req = rule.value
    failures: list[str] = []
    if len(password) < req.min_length:
        failures.append(LENGTH)
    if len(password) > req.max_length:
        failures.append(MAX_LENGTH_CODE)
    if req.upper and not any(ch.isupper() for ch in password):
        failures.append(UPPER)
    if req.lower and not any(ch.islower() for ch in password):
        failures.append(LOWER)
    if req.digit and not any(_is_digit(ch) for ch in password):
        failures.append(DIGIT)
    if req.special and not any(_is_special(ch) for ch in password):
        failures.append(SPECIAL)
    return failures


def is_acceptable_password(password: str, rule: PasswordRule) -> bool:
    """True when ``password`` meets every requirement of ``rule``."""
    return not check_password(password, rule)

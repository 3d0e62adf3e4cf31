"""Finnish reference numbers (viitenumero) and RF creditor references (ISO 11649).

Every rent and fee invoice carries a reference so the payment can be matched automatically; the
resident may type either the national form or the international RF form into their bank.

Rules (Finance Finland):

* national: 3-19 base digits followed by a check digit; weights 7, 3, 1 repeating from the
  right-most base digit; check = (10 - sum mod 10) mod 10; printed in groups of five from the
  right. Leading zeros carry no meaning and are dropped.
* RF: ``RF`` + two check digits + the reference; valid when the reference followed by ``RF00``
  (letters as numbers: R=27, F=15) with the check digits in place of ``00`` is 1 mod 97; printed
  in groups of four from the left, like an IBAN.
"""

from __future__ import annotations

import re

MIN_BASE_DIGITS = 3
MAX_BASE_DIGITS = 19
MAX_RF_REFERENCE_CHARS = 21  # ISO 11649: up to 25 characters including "RF" and check digits

_WEIGHTS = (7, 3, 1)
_RF_REFERENCE_RE = re.compile(r"^RF(\d{2})([0-9A-Z]{1,21})$")


def _compact(value: str | int) -> str:
    """Digits/letters without spaces; ints are accepted for convenience."""
    if isinstance(value, bool):
        raise TypeError("reference must be str or int")
    if isinstance(value, int):
        if value < 0:
            raise ValueError("reference cannot be negative")
        return str(value)
    if not isinstance(value, str):
        raise TypeError("reference must be str or int")
    return "".join(value.split()).upper()


def fi_check_digit(base: str) -> int:
    """Check digit for a string of base digits (weights 7, 3, 1 from the right)."""
    total = sum(int(d) * _WEIGHTS[i % 3] for i, d in enumerate(reversed(base)))
    return (10 - total % 10) % 10


def fi_reference(base: str | int) -> str:
    """The national reference (base digits + check digit) for ``base``.

    Raises ValueError unless ``base`` has 3-19 significant digits.
    """
    digits = _compact(base).lstrip("0")
    if not digits.isdigit() or not digits.isascii():
        raise ValueError("reference base must consist of digits")
    if not MIN_BASE_DIGITS <= len(digits) <= MAX_BASE_DIGITS:
        raise ValueError(f"reference base must have {MIN_BASE_DIGITS}-{MAX_BASE_DIGITS} digits")
    return digits + str(fi_check_digit(digits))


def normalize_fi_reference(reference: str | int) -> str:
    """Compact national reference without spaces or leading zeros (not validated)."""
    return _compact(reference).lstrip("0")


def is_valid_fi_reference(reference: str | int) -> bool:
    """True for a valid national reference (spaces and leading zeros are tolerated)."""
    try:
        ref = normalize_fi_reference(reference)
    except (TypeError, ValueError):
        return False
    if not (ref.isascii() and ref.isdigit()):
        return False
    if not MIN_BASE_DIGITS + 1 <= len(ref) <= MAX_BASE_DIGITS + 1:
        return False
    return fi_check_digit(ref[:-1]) == int(ref[-1])


def format_fi_reference(reference: str | int) -> str:
    """Print form: groups of five digits from the right, e.g. ``12 34561``."""
    ref = normalize_fi_reference(reference)
    head = len(ref) % 5
    groups = [ref[:head]] if head else []
    groups += [ref[i : i + 5] for i in range(head, len(ref), 5)]
    return " ".join(groups)


def _alnum_to_digits(text: str) -> str:
    """ISO 7064 letter conversion: A=10 ... Z=35, digits unchanged."""
    return "".join(str(int(ch, 36)) for ch in text)


def rf_check_digits(reference: str) -> str:
    """The two ISO 11649 check digits for ``reference``."""
    remainder = int(_alnum_to_digits(reference + "RF00")) % 97
    return f"{98 - remainder:02d}"


def rf_reference(fi_ref: str | int) -> str:
    """The RF creditor reference (compact, e.g. ``RF332348236``) for a national reference.

    Raises ValueError when ``fi_ref`` is not a valid national reference: the RF form is always
    built on a complete national reference including its check digit.
    """
    if not is_valid_fi_reference(fi_ref):
        raise ValueError("not a valid Finnish reference number")
    ref = normalize_fi_reference(fi_ref)
    return f"RF{rf_check_digits(ref)}{ref}"


def normalize_rf_reference(reference: str) -> str:
    """Compact, upper-case RF reference (not validated)."""
    return _compact(reference)


def split_rf_reference(reference: str) -> tuple[str, str]:
    """``(check_digits, reference_part)`` of a valid RF reference; ValueError otherwise."""
    if not is_valid_rf_reference(reference):
        raise ValueError("not a valid RF creditor reference")
    compact = normalize_rf_reference(reference)
    return compact[2:4], compact[4:]


def is_valid_rf_reference(reference: str) -> bool:
    """True for a valid ISO 11649 creditor reference (spaces and lower case are tolerated)."""
    if not isinstance(reference, str):
        return False
    compact = normalize_rf_reference(reference)
    match = _RF_REFERENCE_RE.match(compact)
    if match is None or not compact.isascii():
        return False
    check, ref = match.groups()
    return int(_alnum_to_digits(ref + "RF" + check)) % 97 == 1


def format_rf_reference(reference: str) -> str:
    """Print form: groups of four from the left, e.g. ``RF18 5390 0754 7034``."""
    compact = normalize_rf_reference(reference)
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def fi_reference_from_rf(reference: str) -> str:
    """The national reference inside an RF reference built on one; ValueError otherwise."""
    _, ref = split_rf_reference(reference)
    ref = ref.lstrip("0")
    if not is_valid_fi_reference(ref):
        raise ValueError("RF reference does not contain a Finnish reference number")
    return ref

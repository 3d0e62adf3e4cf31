"""Terminating a lease: which end dates a resident may choose, the refund IBAN, the statuses.

The earliest end is the statutory one (``notice.lease_end_date``: one month from the end of the
calendar month of notice). A tenant may ask for a later end; a limit (``MAX_MONTHS`` after the
earliest) keeps a typing slip such as 2062 from holding a flat for decades. The end moves when
the last lease party confirms in a later month than the first one gave notice: the notice is
given only when every leaving party has confirmed (``end_when_confirmed``).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from .notice import add_months_end, earliest_end_if_requested, lease_end_date

#: Waiting for the other lease parties to confirm with their own login.
AWAITING = "awaiting_parties"
#: Every leaving party has confirmed: the lease ends on ``ends_on``.
IN_EFFECT = "in_effect"
#: A party withdrew the notice before everyone had confirmed.
WITHDRAWN = "withdrawn"
STATUSES = (AWAITING, IN_EFFECT, WITHDRAWN)

#: How far after the earliest possible end a resident may set the end date.
MAX_MONTHS = 12


class EndWindow(NamedTuple):
    """The end dates open to a notice given on one day."""

    earliest: date
    latest: date


def end_window(given_on: date, max_months: int = MAX_MONTHS) -> EndWindow:
    """From the statutory end to the end of the month ``max_months`` after it."""
    earliest = lease_end_date(given_on)
    return EndWindow(earliest, add_months_end(earliest, max_months))


def end_date_problem(given_on: date, wanted: date | None) -> str | None:
    """Why ``wanted`` cannot be the end of a notice given on ``given_on`` ("too_early",
    "too_late"), or None when it can (None itself means "the earliest")."""
    if wanted is None:
        return None
    window = end_window(given_on)
    if wanted < window.earliest:
        return "too_early"
    if wanted > window.latest:
        return "too_late"
    return None


def end_when_confirmed(confirmed_on: date, chosen_end: date) -> tuple[date, bool]:
    """The end that applies when the last party confirms on ``confirmed_on``: the chosen end, or
    the statutory end from that day when the chosen one is now too early (moved: True)."""
    result = earliest_end_if_requested(confirmed_on, chosen_end)
    return result.end, result.moved


class RefundAccount(NamedTuple):
    """A validated IBAN for the deposit refund, and its bank's BIC when schwifty knows it."""

    iban: str  # compact, e.g. FI2112345600000785
    formatted: str  # in groups of four, as shown
    bic: str  # "" when unknown


def refund_account(text: str) -> RefundAccount:
    """Parse an IBAN as typed (spaces allowed, any case); ``ValueError`` when it is not valid."""
    try:
        parsed = IBAN(text.strip())
    except SchwiftyException as exc:
        raise ValueError(str(exc)) from exc
    bic = parsed.bic
    return RefundAccount(parsed.compact, parsed.formatted, str(bic) if bic else "")

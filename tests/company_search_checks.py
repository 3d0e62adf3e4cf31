"""Checks shared by the tests of the desk's housing-company filters and pickers (the fault
queue and the desk queue filter; the announcement and responsibility pickers)."""

from __future__ import annotations

#: Filter texts that must get a clear answer, never a 500: (text, what the page says, if
#: anything). Too long, too short, ids and names of nothing, control characters.
BAD_COMPANY_TEXTS = [
    ("x" * 300, "type at most 80 characters"),
    ("k", "type at least 2 letters or digits"),
    ("999999", "No housing company matches “999999”."),
    ("Nobody Oy", "No housing company matches “Nobody Oy”."),
    ("\x00\x01\x7f", None),
    ("-1", None),
]

#: A picker's live count when its search found one company.
FOUND_ONE = {
    "fi": "Haulla löytyi 1 osuma.",
    "sv": "Sökningen gav 1 träff.",
    "en": "1 matches the search.",
}


def assert_found_only(
    live: str, company, language: str, searched: str, other: str = "Männikkö"
) -> None:
    """A picker's HTMX answer to ``searched`` offers ``company`` and not ``other``, and fills
    the live region with the count in ``language`` (out of band: the region stays in the
    page)."""
    assert "<html" not in live
    assert f'value="{company.id}"' in live, searched
    assert other not in live
    assert 'id="company-announce" data-hx-swap-oob="innerHTML"' in live
    assert FOUND_ONE[language] in live

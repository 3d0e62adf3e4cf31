"""Finding housing companies by part of the name or business ID (``services.company_search``):
the desk queues' filter and the pickers. Runs on SQLite and PostgreSQL (case ignored in every
alphabet on both)."""

from __future__ import annotations

import pytest

from heka_asoy.models import Flat
from heka_asoy.services import company_search
from tests.factories import make_companies, make_company, make_flat


@pytest.fixture
def stock(app):
    return {
        "mine": make_company(name="Asunto Oy Kuusikuja Ääriraja"),
        "other": make_company(name="Asunto Oy Männikkö"),
        "namesake": make_company(name="Asunto Oy Kuusikuja Ääriraja 2"),
    }


def _flats_of(choice) -> set[int]:
    """The companies whose flats the choice's condition picks (the SQL a queue runs)."""
    condition = company_search.condition(Flat.housing_company, choice)
    return {f.housing_company_id for f in Flat.select().where(condition)}


def test_text_matches_name_parts_and_business_id_in_any_case(stock):
    """Every word must be in the name or the business ID, case ignored (also Ä, Ö)."""
    for company in stock.values():
        make_flat(company)
    mine, namesake = stock["mine"].id, stock["namesake"].id
    for text in ("kuusikuja", "KUUSIKUJA ääriRAJA", "ääriraja kuusikuja", "  kuusikuja   "):
        choice = company_search.resolve(text)
        assert (choice.company_id, choice.found) == (None, True)
        assert _flats_of(choice) == {mine, namesake}, text
    assert _flats_of(company_search.resolve(stock["mine"].business_id)) == {mine}
    assert _flats_of(company_search.resolve("männikkö")) == {stock["other"].id}
    nothing = company_search.resolve("Nobody Oy")
    assert (nothing.found, _flats_of(nothing)) == (False, set())


def test_an_id_names_one_company_and_its_name_keeps_it(stock):
    """``?company=<id>`` and a field still holding that company's name: exactly that company,
    never its namesakes; an edited name is a text again; an emptied field is no filter."""
    mine = stock["mine"]
    by_id = company_search.resolve(str(mine.id))
    assert (by_id.company_id, by_id.name, by_id.pinned) == (mine.id, mine.name, True)
    kept = company_search.resolve(f"  {mine.name.upper()} ", kept_id=mine.id)
    assert (kept.company_id, kept.pinned) == (mine.id, True)
    edited = company_search.resolve("Kuusikuja", kept_id=mine.id)
    assert (edited.company_id, edited.text, edited.found) == (None, "Kuusikuja", True)
    assert company_search.resolve("", kept_id=mine.id) is None
    assert company_search.resolve(None) is None


def test_an_id_of_nothing_matches_nothing(stock):
    """An id no company has: digits are then a part of a business ID; a single digit (too
    short to search) matches nothing at all, never every company."""
    make_flat(stock["mine"])
    gone = company_search.resolve("999999")
    assert (gone.found, _flats_of(gone)) == (False, set())
    one_digit = company_search.resolve("9")
    assert one_digit is not None
    assert not one_digit.found
    assert _flats_of(one_digit) == set()
    digits = stock["mine"].business_id.split("-")[0]  # a business ID without its check digit
    assert not any(str(c.id) == digits for c in stock.values())
    assert _flats_of(company_search.resolve(digits)) == {stock["mine"].id}


@pytest.mark.parametrize("text", ["", " ", "k", "\x00", "\x00k\x01"])
def test_too_short_or_empty_is_no_filter(app, text):
    assert company_search.resolve(text) is None
    assert company_search.search(text) == ([], False)


def test_a_picker_searches_text_not_ids(stock):
    """One digit is an id in a filter's link, but too short for a picker's search."""
    assert company_search.search("1") == ([], False)
    assert company_search.find("1").too_short
    assert company_search.resolve("1") is not None


def test_control_characters_and_long_text_are_harmless(stock):
    """Control characters are dropped (PostgreSQL refuses a NUL), a text is cut at MAX_TEXT."""
    choice = company_search.resolve("kuusi\x00kuja\x7f")
    assert choice.text == "kuusikuja"
    assert choice.found
    long = company_search.resolve("kuusikuja " + "x" * 500)
    assert len(long.text) == company_search.MAX_TEXT
    assert not long.found


def test_search_shows_at_most_twenty_in_one_query(app, count_queries):
    make_companies(25)
    with count_queries() as counter:
        rows, more = company_search.search("massakatu")
    assert (len(rows), more, counter.count) == (20, True, 1)
    assert rows == sorted(rows, key=lambda c: (c.name, c.id))
    found = company_search.find("massakatu", chosen_id=rows[-1].id)
    assert found.chosen.id == rows[-1].id
    assert found.shown == rows  # the chosen one is among the results
    outside = company_search.find("", chosen_id=rows[0].id)
    assert [c.id for c in outside.shown] == [rows[0].id]  # no search: the chosen one alone


def test_resolve_runs_one_query_whatever_the_stock(app, count_queries):
    make_companies(50)
    for text in ("massakatu", "1", "Nobody"):
        with count_queries() as counter:
            company_search.resolve(text)
        assert counter.count == 1, text

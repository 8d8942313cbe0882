"""The lexical analysis: stems, the FTS5 query builder and language guessing."""
from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.text import terms


@pytest.fixture(scope="module")
def fts():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(stemmed, tokenize = 'unicode61 remove_diacritics 0')")
    for rowid, text in enumerate([
        "Huslejestigninger på bostederne blev drøftet",
        "Personalegennemstrømning er et problem",
        "Forslaget blev vedtaget med 60 stemmer",
        "Vi sender dem videre til udvalget",
        "Et tilbud til borgere med demens og deres pårørende",
    ]):
        conn.execute("INSERT INTO f(rowid, stemmed) VALUES (?, ?)", (rowid, terms.stemmed_text(text)))
    return conn


def match(conn, query: str, **options) -> list[int]:
    expression = terms.fts_query(query, **options)
    if expression is None:
        return []
    return [r[0] for r in conn.execute("SELECT rowid FROM f WHERE f MATCH ? ORDER BY rowid", (expression,))]


def test_compound_is_reached_by_prefix_of_its_first_part(fts):
    assert match(fts, "husleje") == [0]
    assert match(fts, "husleje", prefix=False) == []


def test_inflected_forms_meet_at_the_stem(fts):
    assert match(fts, "forslagene vedtages") == [2]


@pytest.mark.parametrize("query, rows", [
    ('"', []), ('NEAR(', []), ("AND OR NOT", []), ("*", []), ("-word", []), ("' OR 1=1; --", []),
    ("husleje)", [0]), ("(husleje", [0]), ("a:b", []), ("^x", []), ("husleje AND", [0]),
    ("NOT husleje", [0]), ('"husleje', [0]), ("col:husleje", [0]), ("\x00\x1f", []), ("שלום עולם", []),
    ("vedtaget OR NEAR(", [2]),
])
def test_fts_syntax_in_a_query_is_searched_as_words(fts, query, rows):
    assert match(fts, query) == rows  # and never an sqlite3.OperationalError


def test_a_word_whose_stem_is_a_function_word_is_searched_and_not_matched_by_the_function_word(fts):
    # "demens" stems to "dem" (them), "sommer" to "som", "diger" to "dig", "forlig" to "for"
    assert match(fts, "demens") == [4]
    assert match(fts, "demensen") == [4] and match(fts, "dem") == [3]
    assert [t.stem for t in terms.query_terms("sommer diger forlig Hansen")] == ["sommer", "diger", "forlig", "hansen"]
    # a function word's inflection is one: "inden" is no search term beside a content word
    assert [t.stem for t in terms.query_terms("inden sommer")] == ["sommer"]


def test_syntax_words_are_ordinary_terms(fts):
    assert terms.fts_query("AND husleje") == '"and" OR "huslej"*'


def test_query_without_words_gives_no_expression():
    assert terms.fts_query("?!... ---") is None
    assert terms.fts_query("") is None


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_any_text_makes_a_valid_fts_query(text):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(stemmed)")
    expression = terms.fts_query(text)
    assert (expression is None) == (not terms.words(text))
    if expression is not None:
        assert conn.execute("SELECT rowid FROM f WHERE f MATCH ?", (expression,)).fetchall() == []


@pytest.mark.parametrize("query, language", [
    ("rent increases", "en"),
    ("what did they say about staff turnover", "en"),
    ("huslejestigninger", "da"),
    ("hvad blev der sagt om personalet", "da"),
    ("bostøtte", "da"),
])
def test_query_language(query, language):
    assert terms.query_language(query) == language


def test_matching_words_finds_inflections_and_compounds():
    text = "Huslejen steg, og huslejestigninger blev drøftet med Per."
    assert terms.matching_words(text, "husleje") == ["Huslejen", "huslejestigninger"]


def test_matching_words_takes_the_stems_of_an_analysed_query():
    text = "Huslejen steg, og huslejestigninger blev drøftet med Per."
    assert terms.matching_words(text, {"huslej"}) == ["Huslejen", "huslejestigninger"]
    assert terms.matching_words(text, set()) == []


@pytest.mark.parametrize("query, stems", [
    ("huslejestigninger på bostederne", {"huslejestigning", "bosted"}),
    ("i p på og", set()),
    ("rent increases", {"rent", "increas"}),
])
def test_highlight_stems_leave_out_function_words_and_single_letters(query, stems):
    assert terms.highlight_stems(query) == stems


def test_highlighting_never_marks_small_words():
    text = "Det blev drøftet i udvalget på mødet, jf. p. 3 om huslejen."
    assert terms.matching_words(text, "husleje i på p") == ["huslejen"]


def test_a_committees_name_in_a_query_is_one_term_as_the_index_holds_it_and_none_of_its_themes():
    from indexer.text.terms import query_terms, stemmed_text, fold_committees

    stems = [t.stem for t in query_terms("Klima-, Teknik- og Miljøudvalget om klimatilpasning i Økonomiudvalget")]
    assert stems == ["udvalgklimateknikogmiljøudvalg", "klimatilpasning", "udvalgøkonomiudvalg"]
    # however the minutes spell it, the same word as the query's
    assert stemmed_text(fold_committees("Klima,- Teknik- og Miljøudvalgets kalender")).split()[0] == stems[0]
    assert not any(stem.startswith("klima") for stem in stemmed_text(fold_committees("Klima-, Teknik og Miljøudvalget")).split())


def test_a_word_inside_a_committees_name_is_not_marked_as_matching():
    from indexer.text.terms import matching_words

    assert matching_words("Sagen sendes til Klima-, Teknik- og Miljøudvalget.", "klima") == []
    assert matching_words("Klimaplanen sendes til Klima-, Teknik- og Miljøudvalget.", "klima") == ["Klimaplanen"]

"""A query analysed once: cleaning, language, terms, highlight stems, a lazy vector; filters."""
from __future__ import annotations

import numpy as np
import pytest

from indexer.errors import InvalidInput
from indexer.records import Filters
from indexer.search.query import MAX_QUERY_CHARS, Query, clean_query
from indexer.text import terms


def test_a_query_is_cleaned_and_analysed_once():
    query = Query.analyse("  Huslejestigninger\x00 på\tbostederne ")
    assert query.text == "Huslejestigninger på bostederne" and query.language == "da"
    assert [t.stem for t in query.terms] == ["huslejestigning", "bosted"]
    assert query.highlight_stems == {"huslejestigning", "bosted"}
    assert query.matching_words("Huslejestigningen på bostedet") == ["Huslejestigningen", "bostedet"]


def test_the_vector_is_embedded_once_and_only_when_used():
    calls = []

    def embed(text):
        calls.append(text)
        return np.ones(4, dtype=np.float32)

    query = Query.analyse("rent increases", embed=embed)
    assert calls == [] and query.language == "en"
    first, second = query.vector, query.vector
    assert calls == ["rent increases"] and first is second and not first.flags.writeable


def test_a_query_without_an_embedder_has_no_vector():
    with pytest.raises(ValueError, match="without an embedder"):
        Query.analyse("husleje").vector


def test_empty_and_overlong_queries():
    assert not Query.analyse(" \x07 ") and not Query.analyse("?!.,;:-–—… ((((") and not Query.analyse("😀😀")
    assert Query.analyse("§ 85") and Query.analyse("-husleje").only_excluded  # a minus leaves words out
    assert len(clean_query("x" * 10_000)) == MAX_QUERY_CHARS


def test_bad_date_filter_is_a_clear_error():
    with pytest.raises(InvalidInput, match="'24/5/2017' is not a date; use YYYY-MM-DD"):
        Filters(date_from="24/5/2017")


@pytest.mark.parametrize("filters, admitted", [
    (Filters(), True),
    (Filters(bodies=("Socialudvalget",)), True),
    (Filters(bodies=("Folketinget",)), False),
    (Filters(date_from="2019-01-01"), True),
    (Filters(date_to="2018-12-31"), False),
    (Filters(doc_types=("referat",), documents=("a.pdf",)), True),
    (Filters(documents=("b.pdf",)), False),
])
def test_filters_admit_what_the_store_would_select(filters, admitted):
    assert filters.admits("Socialudvalget", "referat", "a.pdf", "2019-05-02") is admitted


def test_a_dated_filter_leaves_out_undated_paragraphs():
    assert not Filters(date_from="2000-01-01").admits(None, None, "a.pdf", None)


@pytest.mark.parametrize("typed, searched, excluded", [
    ("husleje -rente", "husleje", ("rente",)),
    ("-rente husleje", "husleje", ("rente",)),
    ('"rent increases" -interest', "rent increases", ("interest",)),
    ("boliger -covid-19.", "boliger", ("covid-19",)),
    ("Klima-, Teknik- og Miljøudvalget", "Klima-, Teknik- og Miljøudvalget", ()),  # hyphens inside and after words
    ("husleje - rente", "husleje - rente", ()),  # a dash standing alone
])
def test_a_minus_before_a_word_leaves_it_out_of_what_is_searched(typed, searched, excluded):
    query = Query.analyse(typed)
    assert query.text == searched and query.excluded == excluded
    assert bool(query.exclusions) == bool(excluded) and not query.operators == ('"' not in typed)


def test_an_excluded_word_matches_as_the_word_search_does_and_an_english_one_by_its_glossary_words():
    ukraine = Query.analyse("housing -ukraine")
    assert ukraine.excludes(terms.indexed_terms(terms.stemmed_text("Boliger til ukrainske flygtninge")))
    assert not ukraine.excludes(terms.indexed_terms(terms.stemmed_text("Boliger til flygtninge")))
    refugees = Query.analyse("housing -refugees")
    assert refugees.language == "en" and refugees.excludes(terms.indexed_terms(terms.stemmed_text("flygtningene")))
    # a Danish query's excluded word is the records' own word: no glossary for it ("-rent" is "clean")
    assert Query.analyse("bolig -refugees").exclusions == ((terms.Term("refuge", True),),)
    assert Query.analyse("husleje -rente -RENTE").exclusions == ((terms.Term("rent", True),),)
    # "-covid-19" leaves out what holds both its words, not every paragraph with a 19
    covid = Query.analyse("boliger -covid-19")
    assert not covid.excludes(terms.indexed_terms(terms.stemmed_text("19 boliger")))
    assert covid.excludes(terms.indexed_terms(terms.stemmed_text("covid-19 i boligerne")))


def test_a_query_of_excluded_words_alone_has_nothing_to_search_for():
    query = Query.analyse("-husleje -rente")
    assert not query and query.only_excluded and query.excluded == ("husleje", "rente")
    assert not Query.analyse("???").only_excluded and not Query.analyse("husleje -rente").only_excluded


@pytest.mark.parametrize("text, content", [
    ("בית ספר", False), ("مدرسة", False), ("σχολείο", False), ("١٢٣", False),
    ("skole", True), ("בית skole", True), ("2023", True), ("the of and", False),
])
def test_a_query_without_a_word_in_the_records_script_has_no_content(text, content):
    # "בית ספר" (school) passed as 69 good results on Greve's meetings, the first "Orienteringen blev taget til efterretning."
    assert Query.analyse(text).has_content == content

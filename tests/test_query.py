"""A query analysed once: cleaning, language, terms, highlight stems, a lazy vector; filters."""
from __future__ import annotations

import numpy as np
import pytest

from indexer.errors import InvalidInput
from indexer.records import Filters
from indexer.search.query import MAX_QUERY_CHARS, Query, clean_query


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
    assert Query.analyse("§ 85") and Query.analyse("-husleje")
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

"""Searching the sample archive: hybrid retrieval, filters, hostile queries, the JSON contract."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.cli import main
from indexer.errors import InvalidInput
from indexer.evaluate import DEFAULT_QUERIES, evaluate, load_queries
from indexer.search import Filters
from indexer.terms import Term, match_expression

HOSTILE = [
    "", " ", "x" * 10_000, "?!.,;:-–—…", 'NEAR(', '"', "AND OR NOT", "*", "-word", "' OR 1=1; --",
    "\x00\x07\x1b[31m", "\u202eسلام\u202c עברית", "husleje\x00leje", "((((", "col:husleje", "😀" * 50,
]


@pytest.mark.parametrize("query, snippet", [
    ("huslejestigninger", "huslejestigning"),
    ("husleje", "huslejestigning"),
    ("personalegennemstrømning", "personalegennemstrømning"),
])
def test_danish_queries_find_the_theme_across_the_archive(sample_archive, query, snippet):
    hits = sample_archive.search(query, k=5)
    assert any(snippet in hit.text.lower() for hit in hits[:3]), [h.text[:80] for h in hits]


def minutes_only(archive) -> Filters:
    return Filters(documents=tuple(d["path"] for d in archive.documents() if d["path"].startswith("minutes/")))


@pytest.mark.parametrize("query, snippet", [
    ("rent increases", "huslejestigning"),
    pytest.param("staff turnover", "personalegennemstrømning", marks=pytest.mark.xfail(
        strict=True, reason="multilingual-e5-small ranks retention paragraphs above the "
                            "personalegennemstrømning ones (README, Evaluation)")),
])
def test_english_queries_find_the_danish_theme_in_the_minutes(sample_archive, query, snippet):
    hits = sample_archive.search(query, k=5, filters=minutes_only(sample_archive))
    assert any(snippet in hit.text.lower() for hit in hits[:3]), [h.text[:80] for h in hits]


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_return_a_list(sample_archive, query, mode):
    hits = sample_archive.search(query, k=5, mode=mode)
    assert isinstance(hits, list) and len(hits) <= 5


@given(st.text(max_size=300))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_query_text_is_safe(sample_archive, query):
    assert isinstance(sample_archive.search(query, k=3), list)


def test_unknown_mode_names_the_choices(sample_archive):
    with pytest.raises(InvalidInput, match="use hybrid, dense or lexical"):
        sample_archive.search("husleje", mode="fuzzy")


def test_filters_restrict_body_and_dates(sample_archive):
    hits = sample_archive.search("lovforslag", k=10, filters=Filters(bodies=("Folketinget",), date_from="2019-01-01"))
    assert hits and all(h.body == "Folketinget" and h.date >= "2019-01-01" for h in hits)


def test_filter_by_document_keeps_only_it(sample_archive):
    document = "minutes/002_c6494850ffb86ef0.txt"
    hits = sample_archive.search("økonomi", k=5, filters=Filters(documents=(document,)))
    assert hits and {h.document for h in hits} == {document}


def test_bad_date_filter_is_a_clear_error():
    with pytest.raises(InvalidInput, match="'24/5/2017' is not a date; use YYYY-MM-DD"):
        Filters(date_from="24/5/2017")


def test_results_show_each_text_once(sample_archive):
    hits = sample_archive.search("tak", k=20)
    texts = [" ".join(h.text.lower().split()) for h in hits]
    assert len(texts) == len(set(texts))


def test_context_is_the_neighbourhood_in_reading_order(sample_archive):
    hit = sample_archive.search("huslejestigninger", k=1)[0]
    around = sample_archive.context(hit.id, before=2, after=2)
    assert hit.id in [h.id for h in around]
    assert [h.position for h in around] == sorted(h.position for h in around)
    assert {h.document for h in around} == {hit.document}


def test_related_discussions_come_from_other_documents(sample_archive):
    hit = sample_archive.search("huslejestigninger", k=1)[0]
    related = sample_archive.related(hit.id, k=5)
    assert related and all(r.document != hit.document for r in related)
    newest = sample_archive.related(hit.id, k=5, order="newest")
    assert [r.date or "" for r in newest] == sorted((r.date or "" for r in newest), reverse=True)


def test_default_mode_is_the_best_measured_and_keeps_its_recall(sample_archive):
    queries = load_queries(DEFAULT_QUERIES)
    assert len(queries) >= 40
    by_mode = {mode: evaluate(sample_archive, queries, mode=mode)["recall@5"] for mode in ("dense", "lexical")}
    default = evaluate(sample_archive, queries)["recall@5"]
    assert default >= max(by_mode.values())
    # Measured 0.737 with the bundled model (README, Evaluation); the 0.85 aim is not reached.
    assert default >= 0.72


def test_json_output_is_one_object_per_query_per_line(sample_index_dir, sample_archive):
    runner = CliRunner()
    result = runner.invoke(main, ["search", "--index", str(sample_index_dir), "--json", "-k", "3", "-"],
                           input="huslejestigninger\nstaff turnover\n\"\n")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 3
    first = json.loads(lines[0])
    assert first["query"] == "huslejestigninger" and len(first["results"]) == 3
    keys = {"id", "score", "text", "document", "title", "body", "date", "doc_type", "page", "heading", "speaker"}
    assert set(first["results"][0]) == keys
    last = json.loads(lines[2])
    assert last["query"] == '"' and isinstance(last["results"], list)


def test_readable_output_marks_matching_words(sample_index_dir):
    result = CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), "huslejestigninger", "-k", "2"])
    assert result.exit_code == 0 and "**" in result.output


def test_cli_errors_are_one_line(tmp_path):
    result = CliRunner().invoke(main, ["search", "--index", str(tmp_path / "none"), "x"])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "python -m indexer build" in result.output


@pytest.mark.parametrize("command", ["build", "search", "inspect", "eval", "info"])
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


@pytest.mark.parametrize("term", [Term("huslej", True), Term("behandling", False), Term("punk", True)])
def test_paragraph_counts_of_terms_come_from_the_fts_vocabulary(sample_archive, term):
    from indexer.search import _paragraphs_with

    with sample_archive._snapshot() as conn:
        matched = conn.execute("SELECT count(*) FROM paragraphs_fts WHERE paragraphs_fts MATCH ?",
                               (match_expression([term]),)).fetchone()[0]
        counted = _paragraphs_with(conn, term)
    # Exact for a whole word; for a prefix, summed over its words, so never below the truth.
    assert counted == matched if not term.prefix else counted >= matched > 0


def test_a_query_of_only_common_terms_is_still_searched(sample_archive):
    assert sample_archive.search("behandling punkt", k=5, mode="lexical")

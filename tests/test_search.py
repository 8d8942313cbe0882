"""Searching the sample archive: hybrid retrieval, the relevance floor, filters, facets from
the same pool, paging, hostile queries, the JSON contract."""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections import Counter
from dataclasses import replace

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.cli import main
from indexer import present
from indexer.errors import InvalidInput
from indexer.records import Filters
from indexer.search import rank
from indexer.search.rank import FLOORS
from indexer.text.terms import Term, match_expression

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


def test_a_danish_question_in_words_many_paragraphs_hold_is_fused_by_scores_a_rare_word_by_ranks(sample_archive):
    # "sagde" and "lov" are in 151 of the sample's 3,645 paragraphs (over 2.5 %): the dense side's
    # best is scored 1 plus BM25's share; "jomfrutale" is in 6, and keeps reciprocal ranks (about 1/60).
    assert sample_archive.search("hvad sagde ministeren om loven", k=1).hits[0].score > 0.9
    assert sample_archive.search("jomfrutale", k=1).hits[0].score < 0.1


def minutes_only(archive) -> Filters:
    return Filters(documents=tuple(d["path"] for d in archive.documents() if d["path"].startswith("minutes/")))


@pytest.mark.parametrize("query, snippet", [
    ("rent increases", "huslejestigning"),  # under the floor by its vector; the glossary's words pass it
    ("staff turnover", "personalegennemstrømning"),
])
def test_english_queries_find_the_danish_theme_in_the_minutes(sample_archive, query, snippet):
    hits = sample_archive.search(query, k=5, filters=minutes_only(sample_archive))
    assert any(snippet in hit.text.lower() for hit in hits[:3]), [h.text[:80] for h in hits]


def level(archive, results):
    """The query's reference level and threshold, as the search computed them."""
    with archive._snapshot() as store:
        return archive._level(store, results.query, results.query.vector)


def shown_fairly(archive, results, mode: str) -> bool:
    """Every hit passes the mode's floor by its cosine's contrast over the query's reference
    level, or holds query words; counts add up."""
    floor = FLOORS[mode]
    if mode == "dense" and results.hits:
        found = level(archive, results)
        for hit in results:
            by_dense = (hit.dense_score is not None and (floor.dense is None or hit.dense_score >= floor.dense)
                        and (found is None or found.contrast(hit.dense_score) >= found.threshold - floor.slack - 1e-6))
            if not (by_dense or hit.matched_terms):
                return False
    return results.total >= len(results.hits) and results.facets.total >= results.total


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_searched_safely(sample_archive, query, mode):
    results = sample_archive.search(query, k=5, mode=mode)
    assert len(results) <= 5 and shown_fairly(sample_archive, results, mode)
    if not any(ch.isalnum() for ch in query):  # nothing to search for
        assert results.total == 0 and not results.hits and not results.closest


@given(st.text(max_size=300))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_query_text_is_safe(sample_archive, query):
    results = sample_archive.search(query, k=3)
    assert len(results) <= 3 and shown_fairly(sample_archive, results, "hybrid")


# Off-topic questions share a word or two with the records ("Rom", "best"), which lexical
# mode's coverage floor alone cannot tell from a match: they are pinned for the modes
# that see the query's vector (benchmarks/RESULTS.md, "Relevance floor").
NONSENSE = [(query, mode) for query in ("xyzzyqwerty flumbo", "qwxz blorptang vimmelskaft", "lorem ipsum dolor sit amet")
            for mode in ("hybrid", "dense", "lexical")]
# ("hvad er kogepunktet for kviksølv" is one of the tuning probes the floor lets through on the
# sample archive: it aims at >= 90 % of probes, not all; benchmarks/RESULTS.md.)
OFF_TOPIC = [(query, mode) for query in ("best pizza recipe in Rome", "bedste pizzaopskrift i Rom",
                                         "{{7*7}} ${7*7}")
             for mode in ("hybrid", "dense")]


@pytest.mark.parametrize("query, mode", NONSENSE + OFF_TOPIC)
def test_nonsense_finds_nothing_but_offers_the_closest(sample_archive, query, mode):
    results = sample_archive.search(query, k=10, mode=mode)
    assert not results and results.total == 0 and results.facets.total == 0 and results.timeline == []
    if mode != "lexical":  # the dense side always has a nearest paragraph
        assert 1 <= len(results.closest) <= 5
        # below the floor: even the closest stays under the threshold, and says by how much, or, where
        # the records use none of the query's words in any form, that it holds too few of them
        found = level(sample_archive, results)
        assert max(found.contrast(h.dense_score) for h in results.closest) < found.threshold
        assert len(results.shortfalls) == len(results.closest)
        assert all(s.below is None if results.unused_words else s.below > 0 for s in results.shortfalls)
        assert results.suggestions


@pytest.mark.parametrize("query", ["the of and", "what is the", "og i at det som er", "and or not", "NOT", "og"])
def test_a_query_of_function_words_alone_has_no_good_match(sample_archive, query):
    # "the of and" came as close to some paragraphs as answers do; nothing in it can be answered
    results = sample_archive.search(query, k=10)
    assert not results and results.total == 0 and results.closest
    assert "no_words" in results.suggestions
    assert all(s.below is None for s in results.shortfalls)  # said to hold too few words, not to be "0.000 below"
    assert sample_archive.search(query + " housing", k=10)  # one content word: searched as before


@pytest.mark.parametrize("written", ["husleje NOT bosted", '"husleje" bosted', "husleje AND bosted"])
def test_a_query_written_with_operators_finds_what_its_words_find(sample_archive, written):
    # "husleje NOT rente" found none (read as English by its "NOT"), against 223 for "husleje rente",
    # while the reader was told the words are searched
    plain = sample_archive.search("husleje bosted", k=10)
    found = sample_archive.search(written, k=10)
    assert found.query.operators and not plain.query.operators and not found.query.excluded
    assert found.query.language == "da" and [h.id for h in found] == [h.id for h in plain] and found.total == plain.total


def test_the_command_line_and_its_json_say_that_operators_are_searched_as_words(sample_index_dir):
    # "cykelstier -Tune" found "Tune Landevej" first; the app said why, the command line did not
    said = present.terminal.OPERATORS_IGNORED
    assert "-word, does leave out the results holding it" in said  # what is honoured is said beside what is not
    plain = CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), '"husleje" bosted'])
    assert plain.exit_code == 0 and plain.output.splitlines()[1] == said
    lines = CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), "--json", "-"],
                               input="husleje AND NOT bosted\nhusleje bosted\n").output.splitlines()
    assert [json.loads(line)["operators_ignored"] for line in lines] == [True, False]
    assert said not in CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), "husleje"]).output


def test_facets_count_the_passing_pool_before_filters(sample_archive):
    everything = sample_archive.search("huslejestigninger", k=5)
    body = everything.facets.bodies.most_common(1)[0][0]
    narrowed = sample_archive.search("huslejestigninger", k=5, filters=Filters(bodies=(body,)))
    assert narrowed.facets.bodies == everything.facets.bodies  # other bodies keep their counts for the filter pills
    assert narrowed.facets.total == everything.facets.total  # "without the filters there are N"
    assert narrowed.total == everything.facets.bodies[body]
    assert {h.body for h in narrowed} == {body}
    assert sum(row.count for row in narrowed.timeline) == narrowed.total - sum(
        1 for h in sample_archive.search("huslejestigninger", k=None, filters=Filters(bodies=(body,))) if not h.date)


def test_a_body_counts_as_many_results_as_choosing_it_lists_where_copies_fold_unlike_alone(tmp_path):
    from indexer.build.run import build
    from indexer.search.archive import Archive
    from tests.fakes import HashEmbedder

    # B is a copy of A, C a copy of B but not of A: unfiltered, B folds into A (the council's) and C stands
    # alone; the committee's own list folds C into B. "Udvalget (2)" had listed 1 result.
    words = "vejen skal have nyt slidlag asfalt fortov cykelsti belysning og skilte".split()
    texts = {"a": ["kloakrenovering"] * 3 + words,
             "b": ["kloakrenovering"] * 2 + words[:-1] + ["bump"],
             "c": ["kloakrenovering"] + words[:-2] + ["bump", "hegn"]}
    assert rank.near_copy(" ".join(texts["a"]), " ".join(texts["b"]))
    assert rank.near_copy(" ".join(texts["b"]), " ".join(texts["c"]))
    assert not rank.near_copy(" ".join(texts["a"]), " ".join(texts["c"]))
    archive = tmp_path / "archive"
    archive.mkdir()
    rows = ["path,title,body,meeting_date,doc_type"]
    for n, (name, body) in enumerate((("a", "Byrådet"), ("b", "Udvalget"), ("c", "Udvalget")), 1):
        (archive / f"{name}.txt").write_text(" ".join(texts[name]) + ".\n", encoding="utf-8")
        rows.append(f"{name}.txt,Referat {name},{body},2024-0{n}-01,referat")
    (archive / "catalog.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    opened = Archive.open(tmp_path / "index", embedder=HashEmbedder())
    everything = opened.search("kloakrenovering", k=10, mode="lexical")
    assert everything.complete and [h.document for h in everything] == ["a.txt", "c.txt"]
    for body, count in everything.facets.bodies.items():
        chosen = opened.search("kloakrenovering", k=10, mode="lexical", filters=Filters(bodies=(body,)))
        assert chosen.total == count == chosen.facets.bodies[body], body
    opened.close()


@pytest.mark.parametrize("query", ["home improvement tax deduction creates few and expensive jobs", "rent increases",
                                   "huslejestigninger"])
def test_every_body_and_type_counts_what_choosing_it_lists_on_an_exact_page(sample_archive, monkeypatch, query):
    # a shallow pool, as a large archive's is: a filter's words sides (the translations' Danish words) reach
    # deeper into its part, and had passed paragraphs the count without filters never held
    monkeypatch.setattr(rank, "CANDIDATES", 40)
    page = sample_archive.search(query, k=10)
    choices = [(name, value, count) for name in ("bodies", "doc_types")
               for value, count in getattr(page.facets, name).items() if value]
    assert choices
    for name, value, count in choices if page.complete else ():
        chosen = sample_archive.search(query, k=10, filters=Filters(**{name: (value,)}))
        assert chosen.total == count, (name, value)


def test_a_period_narrows_the_counts_of_every_body_and_type(sample_archive):
    # "Økonomiudvalget (30+)" beside 16 results in the chosen year: the counts were of every year
    everything = sample_archive.search("huslejestigninger", k=None)
    days = sorted({h.date for h in everything if h.date})
    period = Filters(date_from=days[0], date_to=days[len(days) // 2])
    inside = sample_archive.search("huslejestigninger", k=None, filters=period)
    assert 0 < inside.total < everything.total and inside.complete
    assert not any(h.also_in for h in inside)  # (copies would count for their own bodies too)
    assert inside.facets.bodies == Counter(h.body or "" for h in inside)
    assert inside.facets.doc_types == Counter(h.doc_type or "" for h in inside)
    assert inside.facets.dates == everything.facets.dates  # the period's own facet: every date stays offered
    one_body = sample_archive.search("huslejestigninger", k=None,
                                     filters=replace(period, bodies=(inside.hits[0].body,)))
    assert one_body.facets.bodies == inside.facets.bodies  # the other bodies of the period stay offered


def test_facet_counts_of_a_pool_cut_short_say_they_are_lower_bounds(sample_archive):
    broad = sample_archive.search("lovforslag", k=5)
    assert not broad.complete and not broad.facets.complete
    body = broad.facets.bodies.most_common(1)[0][0]
    narrowed = sample_archive.search("lovforslag", k=5, filters=Filters(bodies=(body,)))
    assert narrowed.total >= broad.facets.bodies[body]
    # the value chosen is the list shown, whose count it says, cut short or not
    assert not narrowed.complete and narrowed.facets.bodies[body] == narrowed.total
    assert sample_archive.search("huslejestigninger", k=5).facets.complete


def test_a_body_or_type_chosen_alone_counts_the_list_shown():
    from indexer.search.results import Facets, count_chosen_as_listed

    # Greve, "budget cuts" in Økonomiudvalget: "Økonomiudvalget (279)" over a list of 277, folded otherwise
    facets = Facets(total=300, bodies=Counter({"Økonomiudvalget": 279, "Byrådet": 88}),
                    doc_types=Counter({"referat": 279}))
    count_chosen_as_listed(facets, Filters(bodies=("Økonomiudvalget",), doc_types=("referat",)), 277)
    assert facets.bodies == Counter({"Økonomiudvalget": 277, "Byrådet": 88}) and facets.doc_types["referat"] == 277
    # of two chosen, neither is the list alone
    count_chosen_as_listed(facets, Filters(bodies=("Økonomiudvalget", "Byrådet")), 300)
    assert facets.bodies["Byrådet"] == 88


def test_pages_continue_each_other_and_all_results_match_the_total(sample_archive):
    first = sample_archive.search("lovforslag", k=5)
    second = sample_archive.search("lovforslag", k=5, offset=5)
    everything = sample_archive.search("lovforslag", k=None)
    assert first.total == second.total > 10 and everything.total == len(everything.hits) >= first.total
    assert first.complete or everything.total > first.total  # a cut-off pool says so
    assert [h.id for h in everything.hits[:10]] == [h.id for h in first] + [h.id for h in second]
    assert second.has_more


@pytest.mark.parametrize("query", ["lovforslag", "kommune", "bolig"])
def test_pages_beyond_the_first_pool_neither_repeat_nor_skip_a_result(sample_archive, monkeypatch, query):
    monkeypatch.setattr(rank, "FIRST_RESULTS", 7)  # pages of 5: the second one draws from the deep pool
    everything = sample_archive.search(query, k=None)
    pages = [sample_archive.search(query, k=5, offset=offset) for offset in range(0, 30, 5)]
    listed = [hit.id for page in pages for hit in page]
    assert everything.total > 10 and listed == [hit.id for hit in everything.hits[:len(listed)]]
    assert len(set(listed)) == len(listed)
    assert {page.total for page in pages[1:]} == {everything.total}


def test_search_results_behave_like_the_list_of_hits(sample_archive):
    results = sample_archive.search("huslejestigninger", k=3)
    assert len(results) == 3 and list(results) == results.hits and results[0] is results.hits[0] and results


def test_highlighting_leaves_out_function_words_and_single_letters(sample_archive):
    results = sample_archive.search("huslejestigninger på bostederne i p", k=5)
    marked = {w.lower() for h in results for w in h.matched_terms}
    assert marked and any(w.startswith("huslejestigning") for w in marked)
    assert not marked & {"på", "i", "p"}


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




def test_json_output_is_one_object_per_query_per_line(sample_index_dir, sample_archive):
    runner = CliRunner()
    result = runner.invoke(main, ["search", "--index", str(sample_index_dir), "--json", "-k", "3", "-"],
                           input="huslejestigninger\nstaff turnover\n\"\n")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 3
    first = json.loads(lines[0])
    assert first["query"] == "huslejestigninger" and len(first["results"]) == 3 and first["total"] >= 3
    keys = {"id", "score", "text", "document", "title", "body", "date", "doc_type", "page", "heading", "speaker"}
    assert keys <= set(first["results"][0])  # fields are added, never removed or renamed
    last = json.loads(lines[2])
    assert {k: last[k] for k in ("query", "results", "total", "closest", "closest_why")} == {
        "query": '"', "results": [], "total": 0, "closest": [], "closest_why": []}
    assert last["suggestions"][0] == "no_words"  # "no good match": what to try


def test_readable_output_marks_matching_words(sample_index_dir):
    result = CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), "huslejestigninger", "-k", "2"])
    assert result.exit_code == 0 and "**" in result.output
    assert re.search(r"^\s+1\. (?:\d{4}-\d\d-\d\d|no date) · ", result.output, re.M)  # the rank, then where: no score


def test_readable_output_says_when_a_total_is_a_lower_bound(sample_index_dir):
    wide = CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), "borgere", "-k", "1"])
    # as the app's "200+"; of a Danish query, how many hold its words is a lower bound too
    assert wide.exit_code == 0 and re.search(r"^  \d+\+ results(?: \(\d+\+ holding the search word\))?$",
                                             wide.output, re.M)


@pytest.mark.parametrize("term", [Term("huslej", True), Term("behandling", False), Term("punk", True)])
def test_paragraph_counts_of_terms_agree_with_what_fts5_matches(sample_archive, term):
    with sample_archive._snapshot() as store:
        matched = len(store.fts_match(match_expression([term]), 100_000))
        counted = store.term_document_count(term.stem, term.prefix)
    # Exact for a whole word; for a prefix, summed over its words, so never below the truth.
    assert counted == matched if not term.prefix else counted >= matched > 0


def test_term_counts_of_the_sample_index_are_fts5s_own(sample_index_dir):
    # The build counts terms as it writes; FTS5 counts them from its postings.
    with sqlite3.connect(sample_index_dir / "archive.sqlite") as conn:
        conn.execute("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, paragraphs_fts, row)")
        counted = dict(conn.execute("SELECT term, paragraphs FROM term_counts"))
        vocabulary = dict(conn.execute("SELECT term, doc FROM temp.vocabulary"))
    assert len(vocabulary) > 5_000 and counted == vocabulary


@pytest.mark.parametrize("term", [Term("huslej", True), Term("behandling", False), Term("punk", True),
                                  Term("kommun", True), Term("§", False)])
def test_the_terms_a_paragraph_holds_say_what_its_match_would(sample_archive, term):
    with sample_archive._snapshot() as store:
        ids = [i for i, _ in store.fts_match('"kommun"* OR "punk"* OR "behandling"', 400)]
        terms_of = store.terms_of(ids)
        matched = {i for i, _ in store.fts_match(match_expression([term]), 100_000)} & set(ids)
    assert {i for i in ids if term.held_by(terms_of[i])} == matched
    assert matched or term.stem == "§"


def test_a_query_of_only_common_terms_is_still_searched(sample_archive):
    results = sample_archive.search("behandling punkt", k=5, mode="lexical")
    assert len(results) == 5 and all(h.matched_terms for h in results)


def test_a_query_starting_with_a_dash_is_searched_without_the_word(sample_index_dir):
    result = CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), "-bosted husleje", "-k", "2", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["query"] == "-bosted husleje" and payload["results"] and payload["excluded"] == ["bosted"]
    assert not any("bosted" in hit["text"].lower() for hit in payload["results"])


def test_a_query_of_excluded_words_alone_says_it_has_nothing_to_search_for(sample_index_dir, sample_archive):
    # `search -husleje` searched for husleje, the reverse of what a minus asks for
    found = sample_archive.search("-husleje", k=10)
    assert found.query.only_excluded and found.total == 0 and not found.closest
    assert found.suggestions == ["only_excluded"]
    said = CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), "-husleje"])
    assert said.exit_code == 0 and said.output.splitlines()[1] == (
        '  nothing to search for: -husleje only leaves out the results holding it; give a word to search for too '
        '("husleje -rente")')
    payload = json.loads(CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), "-husleje", "--json"]).output)
    assert payload["excluded"] == ["husleje"] and payload["total"] == 0 and payload["suggestions"] == ["only_excluded"]


def test_the_documents_count_the_paragraphs_the_manifest_counts(sample_archive):
    # a contents page is stored for the reader but never searched: the archive page and the build summary agree
    assert sum(d["paragraphs"] for d in sample_archive.documents()) == sample_archive.manifest.paragraphs


def test_a_sentence_pasted_from_the_minutes_finds_its_paragraphs_first(sample_archive):
    found = sample_archive.search("kommunikeres bredt om udviklingen i projektet", k=5)
    assert [("kommunikeres bredt om udviklingen i projektet" in h.text) for h in found][:2] == [True, True]
    assert len({h.item_number for h in list(found)[:2]}) == 2  # two agenda items with the same decision


def test_a_total_said_to_be_exact_is_the_number_of_every_result(sample_archive, monkeypatch):
    import indexer.search.rank as rank

    # A first page's pool that these questions' words fill: beyond a words side's depth a paragraph
    # may still pass by the words it holds (BM25's order is not the floor's), so that count is a lower bound
    monkeypatch.setattr(rank, "CANDIDATES", 20)
    exact = []
    for query in ("smoking", "housing", "rent", "personale", "respite care", "huslejestigninger"):
        first, every = sample_archive.search(query, k=10), sample_archive.search(query, k=None)
        assert first.total <= every.total and (not first.complete or first.total == every.total), query
        exact.append(first.complete)
    assert True in exact and False in exact


def test_a_danish_searchs_count_says_how_many_results_hold_its_words(sample_archive):
    found = sample_archive.search("huslejestigninger", k=None)
    holding = [hit for hit in found.hits if "huslejestign" in hit.text.lower()]
    assert found.with_words == len(holding) and 0 < len(holding) < found.total
    assert found.to_json()["with_words"] == found.with_words
    # an English query's: those holding the Danish words the glossary gives for it (huslejestigning)
    english = sample_archive.search("rent increases", k=None)
    glossed = [hit for hit in english.hits if "huslejestign" in hit.text.lower()]
    assert english.with_words == len(glossed) > 0
    assert "holding the Danish words for the search words)" in present.result_lines(english)[0]
    assert sample_archive.search("housing for people with mental illness", k=None).with_words is None  # no gloss


def test_a_danish_word_the_archive_holds_nowhere_is_counted_as_held_by_none_of_the_results(sample_archive):
    found = sample_archive.search("hvad koster hospitalsudstyr", k=None)  # "koster": a word it uses
    assert found.total > 1 and not any("hospitalsudstyr" in hit.text.lower() for hit in found.hits)
    assert found.with_words == 0 and found.unused_words == ()
    assert "(none holding every search word)" in "\n".join(present.result_lines(found))
    assert sample_archive.search("2012", k=None).with_words is None  # a number is not a word to count


@pytest.mark.parametrize("query, unused", [
    ("hospitalsudstyr", ("hospitalsudstyr",)), ("atomkraft", ("atomkraft",)),
    ("Hvad besluttede byrådet om atomkraft?", ("atomkraft",)),  # the question's frame is no topic
    # English: no word used as written or by its Danish words, a glossary phrase by its own ("power" is no magt here)
    ("What did the council decide about nuclear power?", ("nuclear", "power")),
])
def test_a_query_about_what_the_records_never_mention_has_no_good_match(sample_archive, query, unused,
                                                                               monkeypatch):
    from indexer.search import vocabulary

    found = sample_archive.search(query, k=10)
    assert found.total == 0 and found.closest and found.unused_words == unused
    assert all(s.below is None for s in found.shortfalls)  # said to hold too few of its words
    assert f"the records never use {unused[0]!r}" in "\n".join(present.result_lines(found))
    assert found.to_json()["unused_words"] == list(unused)
    assert sample_archive.search(query, k=10, mode="dense").unused_words == ()  # meaning alone, when asked for
    # an archive of few paragraphs uses few words: what it never says is no sign
    monkeypatch.setattr(vocabulary, "MIN_PARAGRAPHS", sample_archive.manifest.paragraphs + 1)
    assert sample_archive.search(query, k=10).unused_words == ()


@pytest.mark.parametrize("query", ["huslejestigniger", "bostedsbeboere", "og i at det som er housing",
                                   "What did the council decide about rent increases?"])
def test_a_misspelt_word_a_compound_of_used_parts_or_an_english_word_is_searched_as_before(sample_archive, query):
    # "huslejestigniger": spelled nearly like "huslejestigning"; "bostedsbeboere": "bosted" and "beboer" stand
    # together in a paragraph; "housing": the glossary's
    found = sample_archive.search(query, k=10)
    assert found.unused_words == () and found.total


def test_a_count_of_one_reads_one_result():
    from types import SimpleNamespace

    def lines(total: int, complete: bool = True) -> str:
        found = SimpleNamespace(total=total, complete=complete, with_words=None, offset=0, hits=[],
                                query=SimpleNamespace(operators=(), excluded=(), only_excluded=False, language="da"))
        return present.result_lines(found)[0].strip()

    assert (lines(1), lines(2), lines(1, complete=False)) == ("1 result", "2 results", "1+ results")


def holds_word(hit, stem: str) -> bool:
    """Whether a result's text, heading or agenda item holds a word starting with `stem`."""
    from indexer.text.terms import stems

    return any(s.startswith(stem) for s in stems(" ".join(filter(None, (hit.text, hit.heading, hit.item_title)))))


def test_a_minus_before_a_word_leaves_out_every_result_holding_it(sample_archive):
    # "husleje -rente" searched for "husleje rente"; "housing -ukraine" on Greve put Ukrainian refugees first
    plain = sample_archive.search("husleje", k=None)
    found = sample_archive.search("husleje -bosted", k=None)
    assert any(holds_word(hit, "bosted") for hit in plain) and found.total
    assert not any(holds_word(hit, "bosted") for hit in found) and found.total < plain.total
    assert found.query.text == "husleje" and found.to_json()["excluded"] == ["bosted"]
    assert not found.to_json()["operators_ignored"]
    # counts, timeline and the first page come from the same pool without them
    assert found.facets.total == found.total and sum(found.facets.bodies.values()) >= found.total
    page = sample_archive.search("husleje -bosted", k=10)
    assert [h.id for h in page] == [h.id for h in found.hits[:10]] and page.total == found.total
    nothing = sample_archive.search("xyzzyqwerty -husleje", k=5)  # the closest matches leave them out too
    assert nothing.closest and not any(holds_word(hit, "huslej") for hit in nothing.closest)


def test_an_english_excluded_word_leaves_out_its_danish_glossary_words(sample_archive):
    plain = sample_archive.search("housing for people with mental illness", k=None)
    found = sample_archive.search("housing for people with mental illness -psychiatric", k=None)
    assert found.query.language == "en" and found.total
    # the glossary's Danish word for "psychiatric" is left out as "psychiatric" itself is
    assert {t.stem for group in found.query.exclusions for t in group} == {"psychiatric", "psykiatrisk"}
    assert any(holds_word(hit, "psykiatrisk") for hit in plain)
    assert not any(holds_word(hit, "psykiatrisk") for hit in found)


def test_a_query_in_a_script_the_records_do_not_use_has_no_good_match(sample_archive):
    # "בית ספר" passed as 69 good results on Greve's meetings; "מדרסה" or each word alone had none
    for query in ("בית ספר", "مدرسة ثانوية"):
        results = sample_archive.search(query, k=10)
        assert results.total == 0 and not results.hits and "no_words" in results.suggestions
        assert all(s.below is None for s in results.shortfalls)  # too few words, not "0.000 below"
    assert sample_archive.search("בית ספר skole", k=10).total  # a word of the records' own: searched as before


@pytest.mark.parametrize("query", ["staff turnover", "kommunikeres bredt om udviklingen i projektet", "waiting list"])
def test_the_score_never_rises_down_the_list(sample_archive, sample_index_dir, query):
    # "rent increases" on Greve had 0.0 first and 0.0137 at 18, above the 0.0121 of 2: the glossary's
    # words, a pasted phrase and an item's paragraph in its heading's place rank above better-fused results
    def falling(scores: list[float]) -> bool:
        return all(a >= b for a, b in zip(scores, scores[1:]))

    page, everything = sample_archive.search(query, k=10), sample_archive.search(query, k=None)
    assert falling([h.score for h in page]) and falling([h.score for h in everything])
    assert [h.score for h in page] == [h.score for h in everything.hits[:len(page)]]  # an export scores as the page
    assert page.hits[0].score > 0  # the first result is not scored as the worst
    payload = json.loads(CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), query, "--json"]).output)
    assert falling([hit["score"] for hit in payload["results"]])
    rows = list(csv.reader(io.StringIO(present.to_csv(everything.hits, present.ExportHeader(query, "now"))
                                       .decode("utf-8-sig")), delimiter=";"))
    header = next(at for at, row in enumerate(rows) if row[:1] == ["nr"])
    column = rows[header].index("score")
    assert falling([float(row[column].replace(",", ".")) for row in rows[header + 1:]])


def test_a_pages_count_of_good_results_is_the_exports(sample_archive, monkeypatch):
    import indexer.search.rank as rank

    # A deeper pool (an export's) meets more paragraphs within the floor's window below the best one, and
    # more holding a common word of the query; only what a first page's pool holds passes, so a first page
    # counts what the export holds (unless its words side was cut: "botilbud og handicap").
    monkeypatch.setattr(rank, "CANDIDATES", 80)
    for query in ("hjemløse", "udsatte borgere", "rent increases", "housing for people with mental illness"):
        first, every = sample_archive.search(query, k=10), sample_archive.search(query, k=None)
        assert first.complete and first.total == every.total > 0, query
        assert [h.id for h in every.hits[:10]] == [h.id for h in first], query


def test_a_question_about_a_decision_is_told_apart_and_its_matter_kept():
    from indexer.search.query import asks_about_votes, asks_for_decisions, decision_matter

    assert asks_for_decisions("Hvad besluttede Byrådet om Lunas Ark?")
    assert asks_for_decisions("What did the council decide about the sauna?")
    assert not asks_for_decisions("beslutningsforslag om klima") and not asks_for_decisions("energipriser")
    assert decision_matter("Hvad besluttede Byrådet om Lunas Ark?") == "Lunas Ark"
    # the matter alone, also in English: an item's title names it ("Klub Havana - frigivelse …")
    assert decision_matter("What did the committee decide about Klub Havana?") == "Klub Havana"
    assert decision_matter("besluttet?") == "besluttet?"  # nothing else asked: the words as typed
    # who voted how is told with the decision
    assert decision_matter("Hvem stemte imod budget 2024-27?") == "budget 2024-27"
    assert asks_for_decisions("How did the votes go on reopening the sauna?") and not asks_for_decisions("stemmeret")
    assert decision_matter("Who voted against the school structure?") == "school structure"
    assert asks_about_votes("Hvem stemte imod budget 2024?") and asks_about_votes("Who voted against the budget?")
    assert not asks_about_votes("Hvad besluttede Byrådet om Lunas Ark?") and not asks_about_votes("stemmeret")


def test_a_question_names_the_council_by_its_common_name_and_a_committee_by_its_own():
    from indexer.search.query import bodies_named

    bodies = ["Byråd 2022-2025", "Økonomiudvalget", "Social- og Handicapudvalget"]
    assert bodies_named("Hvad besluttede Byrådet om Lunas Ark?", bodies) == ("Byråd 2022-2025",)
    assert bodies_named("hvad besluttede økonomiudvalget om budgettet", bodies) == ("Økonomiudvalget",)
    assert bodies_named("Hvad besluttede udvalget om Sankthans?", bodies) == ()


def test_a_question_in_english_names_a_committee_by_what_it_is_for_and_that_name_is_no_part_of_its_matter():
    from indexer.search.query import bodies_named, decision_matter

    bodies = ["Byråd 2022-2025", "Økonomiudvalget", "Social- og Handicapudvalget", "Sundheds- og Omsorgsudvalget"]
    asked = "What did the Finance Committee decide about the waste plan?"
    assert bodies_named(asked, bodies) == ("Økonomiudvalget",) and decision_matter(asked) == "waste plan"
    assert bodies_named("what did the health and care committee decide", bodies) == ("Sundheds- og Omsorgsudvalget",)
    assert bodies_named("What did the committee decide about social housing?", bodies) == ()  # which one: not said
    assert decision_matter("What did the committee decide about social housing?") == "social housing"

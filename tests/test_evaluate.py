"""Scoring and the labelled query set, without an index or the model."""
from __future__ import annotations

import hashlib
import json
import logging
import math
import unicodedata
from collections import Counter
from pathlib import Path

import pypdf
import pytest

from indexer.search.evaluate import (DEFAULT_QUERIES, PARTS, LabelledQuery, _AFTER_STOP, _INVISIBLE, assign_parts,
                              breakdown, format_table, load_queries, normalise, score_queries, score_ranking)

ARCHIVE = Path(__file__).resolve().parent.parent / "archive"
COLLECTIONS = ("minutes", "folketinget", "pdfs")
FIRST_SET = 102  # queries written before the set was split by collection


def _snippets(*texts: str) -> tuple[str, ...]:
    return tuple(normalise(t) for t in texts)


def test_first_relevant_result_at_rank_one_scores_full_marks():
    scores = score_ranking(["Taksten sænkes med 2 pct.", "noget andet"], _snippets("sænkes med 2 pct."))
    assert scores == {"recall@5": 1.0, "mrr@10": 1.0, "ndcg@10": 1.0, "hit@5": 1.0}


def test_relevant_result_at_rank_three_gives_reciprocal_rank_and_discounted_gain():
    texts = ["a", "b", "Der er afsat 4 mio. kr. på investeringsoversigten", "c"]
    scores = score_ranking(texts, _snippets("afsat 4 mio. kr. på investeringsoversigten", "findes ikke her"))
    assert scores["mrr@10"] == pytest.approx(1 / 3)
    assert scores["recall@5"] == 0.5
    assert scores["hit@5"] == 1.0
    assert scores["ndcg@10"] == pytest.approx((1 / math.log2(4)) / (1 + 1 / math.log2(3)))


def test_a_relevant_result_below_rank_five_counts_for_mrr_but_not_recall():
    texts = ["x"] * 6 + ["16 pct. stadig røgfri"]
    scores = score_ranking(texts, _snippets("16 pct. stadig røgfri"))
    assert scores["recall@5"] == 0.0 and scores["hit@5"] == 0.0
    assert scores["mrr@10"] == pytest.approx(1 / 7)


def test_nothing_relevant_scores_zero():
    assert score_ranking(["x", "y"], _snippets("z z z")) == {"recall@5": 0.0, "mrr@10": 0.0, "ndcg@10": 0.0,
                                                              "hit@5": 0.0}


def test_the_same_paragraph_found_twice_does_not_push_ndcg_above_one():
    # An agenda item published in the minutes and again as its own PDF.
    text = "Det årlige bygningssyn er nu afsluttet"
    scores = score_ranking([text, text, text], _snippets("bygningssyn er nu afsluttet"))
    assert scores["ndcg@10"] == 1.0


def test_snippets_match_across_line_end_hyphens_soft_hyphens_ligatures_and_glued_sentences():
    assert normalise("bemærk-\nninger") == "bemærkninger"
    assert normalise("bemærk\u00adninger") == "bemærkninger"
    assert normalise("ﬁnansiering") == "finansiering"
    assert normalise("stemmes.Det ser") == normalise("stemmes. Det ser")
    assert normalise("Social-  og\n sundhedsudvalget") == "social- og sundhedsudvalget"


def test_parts_are_kept_and_new_queries_balance_each_stratum():
    rows = [{"query": f"q{n}", "lang": "en" if n % 3 else "da", "collection": "pdfs"} for n in range(20)]
    rows[0]["part"] = "heldout"
    first = assign_parts(rows)
    assert first[0]["part"] == "heldout"
    assert first == assign_parts(rows)  # deterministic
    for lang in ("da", "en"):
        count = Counter(r["part"] for r in first if r["lang"] == lang)
        assert abs(count["tuning"] - count["heldout"]) <= 1
    grown = assign_parts(first + [{"query": "new one", "lang": "da", "collection": "pdfs"}])
    assert [r["part"] for r in grown[:20]] == [r["part"] for r in first]


def test_breakdown_reports_every_part_collection_and_language():
    queries = [LabelledQuery("rent", "en", _snippets("husleje"), "minutes", "tuning"),
               LabelledQuery("husleje", "da", _snippets("husleje"), "pdfs", "heldout"),
               LabelledQuery("tag", "da", _snippets("tage"), "pdfs", "heldout")]
    ranker = {"rent": ["ingen"], "husleje": ["Huslejen stiger"], "tag": ["x", "udskiftning af tage"]}.get
    results = breakdown(queries, {"dense": score_queries(ranker, queries)})
    assert set(results) == {"tuning", "heldout", "all"}
    held = results["heldout"]
    assert held["all"]["queries"] == 2 and held["pdfs/da"]["queries"] == 2 and "en" not in held
    assert held["all"]["dense"] == {"recall@5": 1.0, "mrr@10": 0.75, "ndcg@10": pytest.approx(0.8155, abs=1e-4),
                                    "hit@5": 1.0}
    assert results["tuning"]["en"]["dense"]["hit@5"] == 0.0
    assert "| heldout | pdfs (2) | dense | 1.000 | 0.750 |" in format_table(results)


def test_query_file_has_a_part_a_collection_and_a_language_per_query_balanced_per_stratum():
    rows = json.loads(DEFAULT_QUERIES.read_text(encoding="utf-8"))
    assert "tests" not in DEFAULT_QUERIES.parts
    assert len({r["query"] for r in rows}) == len(rows)
    strata: dict[tuple[str, str], Counter] = {}
    for r in rows:
        assert r["collection"] in COLLECTIONS and r["lang"] in ("da", "en") and r["part"] in PARTS, r["query"]
        assert r["relevant"], r["query"]
        strata.setdefault((r["collection"], r["lang"]), Counter())[r["part"]] += 1
    for stratum, count in strata.items():
        assert abs(count["tuning"] - count["heldout"]) <= 1, stratum
    assert sum(1 for r in rows if r["collection"] in ("pdfs", "folketinget")) >= 80
    held = load_queries(part="heldout")
    assert held and {q.part for q in held} == {"heldout"}
    assert len(held) + len(load_queries(part="tuning")) == len(rows)


def _strict(text: str) -> str:
    """Like `normalise` but without joining line-end hyphens: a snippet must not depend on that."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).lower()
    return _AFTER_STOP.sub(r"\1", " ".join(text.split()))


def _extracted_text(path: Path, cache_dir: Path) -> str:
    if path.suffix.lower() != ".pdf":
        return path.read_text(encoding="utf-8")
    # pypdf needs ~10 s for the 108-page report: keep its text per file content and pypdf version.
    key = hashlib.sha256(path.read_bytes() + pypdf.__version__.encode()).hexdigest()
    cached = cache_dir / f"{key}.txt"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # font warnings of the glossy report
    text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    cached.write_text(text, encoding="utf-8")
    return text


def test_every_snippet_occurs_in_a_file_of_its_collection_and_is_short(request, tmp_path):
    # pytest's cache keeps the extracted PDF text between runs; without it (-p no:cacheprovider) extract anew.
    cache = getattr(request.config, "cache", None)
    cache_dir = cache.mkdir("pdf-text") if cache is not None else tmp_path
    texts: dict[str, list[tuple[str, str]]] = {}
    for collection in COLLECTIONS:
        files = sorted(p for p in (ARCHIVE / collection).glob("*") if p.suffix.lower() in (".txt", ".pdf"))
        assert files, f"no files in {ARCHIVE / collection}"
        texts[collection] = [(_strict(t), normalise(t)) for t in (_extracted_text(f, cache_dir) for f in files)]
    missing = []
    for position, r in enumerate(json.loads(DEFAULT_QUERIES.read_text(encoding="utf-8"))):
        for snippet in r["relevant"]:
            # The first 102 queries' snippets run to 12 words; newer ones keep to 3-8.
            assert 2 <= len(snippet.split()) <= (12 if position < FIRST_SET else 8), snippet
            strict, norm = _strict(snippet), normalise(snippet)
            if not any(strict in s and norm in n for s, n in texts[r["collection"]]):
                missing.append(f"{r['collection']}: {snippet!r} ({r['query']})")
    assert not missing, "\n".join(missing)


# -- the lever prototypes in benchmarks/bench_retrieval.py (pure functions) -------------

def _bench():
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_retrieval.py"
    spec = importlib.util.spec_from_file_location("bench_retrieval", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_weighted_rank_fusion_adds_reciprocal_ranks_and_ignores_zero_weights():
    bench = _bench()
    rankings = {"dense": ["a", "b", "c"], "lex": ["b", "c"], "xling": ["z"]}
    assert bench.rrf(rankings, {"dense": 1.0, "lex": 1.0}) == ["b", "c", "a"]
    assert bench.rrf(rankings, {"dense": 1.0, "lex": 0.0}) == ["a", "b", "c"]


def test_question_words_leave_the_lexical_query_but_a_bare_question_word_stays():
    bench = _bench()
    assert bench.strip_question_words("Hvornår skal tagene på Maglemosen skiftes?") == "skal tagene på Maglemosen skiftes?"
    assert bench.strip_question_words("hvornår") == "hvornår"


def test_sentence_windows_overlap_and_split_glued_sentences():
    bench = _bench()
    text = "Forslaget vedtages. Der stemmes.Det ser ikke ud til at nogen ønsker ordet."
    assert bench.sentence_windows(text) == ["Forslaget vedtages. Der stemmes.",
                                            "Der stemmes. Det ser ikke ud til at nogen ønsker ordet."]
    assert bench.sentence_windows("Én sætning uden punktum") == ["Én sætning uden punktum"]


def test_feedback_terms_prefer_words_frequent_in_the_hits_and_rare_in_the_archive():
    bench = _bench()
    texts = ["Aflastning på Torvevej, taksten for aflastning sænkes", "aflastning i weekenderne"]
    doc_freq = {"aflastning": 3, "taksten": 40, "torvevej": 2, "weekenderne": 50, "sænkes": 30}
    terms = bench.distinctive_terms(texts, doc_freq, 1000, exclude={"torvevej"}, n_terms=2)
    assert terms == ["aflastning", "sænkes"]


def test_nearest_terms_are_the_most_similar_vocabulary_vectors():
    import numpy as np

    bench = _bench()
    vocab = ["husleje", "stigning", "personale"]
    vectors = np.eye(3, dtype=np.float32)
    query = np.array([[0.9, 0.1, 0.0], [0.0, 0.2, 0.8]], dtype=np.float32)
    assert bench.nearest_terms(query, vocab, vectors, per_word=1) == [["husleje"], ["personale"]]

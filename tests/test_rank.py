"""Fusion, the relevance floor, candidate depth and de-duplication, without an index."""
from __future__ import annotations

import pytest

from indexer.search import rank
from indexer.search.rank import Candidate, Floor


def test_fusion_adds_weighted_reciprocal_ranks():
    pool = rank.merge([(1, 0.9), (2, 0.8)], [(2, 12.0), (3, 11.0)])
    order = rank.fuse(pool.values(), weight=0.5)
    assert [c.vec_id for c in order] == [2, 1, 3]
    assert order[0].score == pytest.approx(1 / 61 + 0.5 / 60)
    assert order[2].score == pytest.approx(0.5 / 61)


def test_dense_mode_ignores_the_lexical_side_and_lexical_mode_the_dense():
    pool = rank.merge([(1, 0.9)], [(2, 5.0)])
    assert [c.vec_id for c in rank.fuse(pool.values(), 0.0, "dense")] == [1]
    assert [c.vec_id for c in rank.fuse(pool.values(), 1.0, "lexical")] == [2]


def test_ranks_are_taken_within_the_given_set():
    pool = rank.merge([(1, 0.9), (2, 0.8), (3, 0.7)], [])
    order = rank.fuse([pool[2], pool[3]], 0.0, "dense")  # 1 filtered away: 2 is now first
    assert [c.vec_id for c in order] == [2, 3] and order[0].score == pytest.approx(1 / 60)


@pytest.mark.parametrize("language, mode, override, weight", [
    ("da", "hybrid", None, 0.75), ("en", "hybrid", None, 0.0), ("da", "hybrid", 0.3, 0.3),
    ("en", "lexical", None, 1.0), ("da", "dense", None, 0.0),
])
def test_lexical_weight_follows_mode_and_language(language, mode, override, weight):
    assert rank.lexical_weight(mode, language, override) == weight


@pytest.mark.parametrize("candidate, mode, weight, passes", [
    (Candidate(1, cosine=0.85), "dense", 0.0, True),
    (Candidate(1, cosine=0.75), "dense", 0.0, False),
    (Candidate(1, cosine=0.75, coverage=1.0), "hybrid", 0.75, True),  # a strong lexical match
    (Candidate(1, cosine=0.75, coverage=1.0), "hybrid", 0.0, False),  # English: BM25 does not count
    (Candidate(1, cosine=0.75, coverage=0.25), "hybrid", 0.75, False),
    (Candidate(1, coverage=0.5), "lexical", 1.0, True),
    (Candidate(1, cosine=0.99, coverage=0.0), "lexical", 1.0, False),  # lexical mode: words decide
])
def test_the_floor_passes_a_close_vector_or_a_strong_lexical_match(candidate, mode, weight, passes):
    assert rank.passes(candidate, mode, weight, Floor(dense=0.8, coverage=0.5)) is passes


@pytest.mark.parametrize("cosine, background, passes", [
    (0.85, 0.80, True),   # 0.05 above what the query scores against text in general
    (0.85, 0.82, False),  # the same cosine for a query that scores high against everything
    (0.78, 0.73, True),   # a low cosine for a query that scores low against everything
])
def test_the_margin_floor_is_relative_to_the_query_background(cosine, background, passes):
    floor = Floor(dense=None, coverage=None, margin=0.04)
    assert rank.passes(Candidate(1, cosine=cosine), "dense", 0.0, floor, background) is passes


def test_a_query_whose_best_candidate_stays_near_its_background_has_no_answer():
    floor = Floor(dense=None, coverage=0.5, margin=0.02, answer=0.05)
    pool = [Candidate(1, cosine=0.84), Candidate(2, cosine=0.83, coverage=1.0)]
    assert rank.answers(pool, floor, background=0.78) and not rank.answers(pool, floor, background=0.80)
    # unanswered: nothing passes by its vector, lexical evidence still counts in hybrid mode
    assert not rank.passes(pool[0], "dense", 0.0, floor, 0.80, answered=False)
    assert rank.passes(pool[1], "hybrid", 0.75, floor, 0.80, answered=False)
    assert rank.answers(pool, Floor(dense=0.8, coverage=None), background=0.83)  # no answer margin set


def test_the_background_is_the_median_similarity_to_the_sample():
    assert rank.background([0.70, 0.90, 0.75, 0.80, 0.72]) == pytest.approx(0.75)
    assert rank.background([]) is None


def test_the_background_sample_is_spread_over_the_index_and_fixed():
    ids = list(range(1000, 0, -1))
    sample = rank.background_sample(ids, size=10)
    assert sample == [1, 101, 201, 301, 401, 501, 601, 701, 801, 901] == rank.background_sample(sorted(ids), 10)
    assert rank.background_sample([5, 3], size=10) == [3, 5]


def test_without_a_floor_everything_passes():
    assert rank.passes(Candidate(1, cosine=0.1), "dense", 0.0, None)


def test_calibrated_floors_exist_for_every_mode():
    assert set(rank.FLOORS) == set(rank.MODES)
    assert rank.FLOORS["dense"].margin is not None and rank.FLOORS["dense"].answer is not None
    assert rank.FLOORS["lexical"].coverage is not None


@pytest.mark.parametrize("wanted, depth", [(10, rank.CANDIDATES), (150, 300), (None, rank.MAX_CANDIDATES),
                                           (10_000, rank.MAX_CANDIDATES)])
def test_candidate_depth_covers_the_page_within_bounds(wanted, depth):
    assert rank.candidate_depth(wanted) == depth


def test_common_terms_are_left_out_while_rarer_ones_remain():
    assert rank.rare_terms(["a", "b", "c"], [500, 3, 40], paragraphs=1000) == ["b", "c"]
    assert rank.rare_terms(["a", "b"], [500, 300], paragraphs=1000) == ["a", "b"]


def test_the_same_text_is_shown_once_with_its_other_documents():
    items = [("Punkt 3. Husleje", "minutes.pdf"), ("punkt 3.   husleje", "item.pdf"),
             ("Andet", "minutes.pdf"), ("Punkt 3. Husleje", "minutes.pdf"), ("PUNKT 3. HUSLEJE", "x.pdf")]
    kept = rank.dedupe(items, text=lambda i: i[0], document=lambda i: i[1])
    assert kept == [(("Punkt 3. Husleje", "minutes.pdf"), ["item.pdf", "x.pdf"]), (("Andet", "minutes.pdf"), [])]

"""Fusion, the relevance floor, candidate depth and de-duplication, without an index."""
from __future__ import annotations

import pytest

from indexer import rank
from indexer.rank import Candidate, Floor


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


def test_without_a_floor_everything_passes():
    assert rank.passes(Candidate(1, cosine=0.1), "dense", 0.0, None)


def test_calibrated_floors_exist_for_every_mode():
    assert set(rank.FLOORS) == set(rank.MODES)
    assert rank.FLOORS["dense"].dense is not None and rank.FLOORS["lexical"].coverage is not None


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

"""Ranking, without an index: candidates from the dense and the lexical side in; one fused,
floored, de-duplicated order out.

- Fusion: weighted reciprocal rank fusion (RRF); the lexical side's weight follows the
  query's language (measured with `python -m indexer eval`, see README).
- Candidate depth: how many candidates each side contributes, enough for the page asked
  and for facet counts over the same pool.
- The relevance floor: a candidate is shown only if its dense cosine reaches the mode's
  threshold or, where the lexical side counts, it holds enough of the query's BM25 terms.
  Nonsense ("xyzzyqwerty flumbo") then finds nothing, and says so.
- De-duplication: the same text in several documents (an agenda item published alone and
  inside the full minutes) is shown once, with the other documents listed.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Callable, Iterable, Literal, Sequence, TypeVar

Mode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[str, ...] = ("hybrid", "dense", "lexical")
RRF_K = 60
# Lexical weight in the fusion, by query language (measured with `python -m indexer eval`,
# see README). English words match Danish ones by accident ("rent", "staff"): on English
# queries BM25 only lowered recall, so they are answered by the dense side alone.
LEXICAL_WEIGHT = {"da": 0.75, "en": 0.0}
# Candidates per side: deep enough that facet counts and the total describe the theme,
# not just the page, while the tail stays below the floor anyway.
CANDIDATES = 200
# For "all results" (exports) and deep pages.
MAX_CANDIDATES = 2000
# A BM25 term in more than this share of paragraphs adds little to the ranking, but FTS5
# scores every paragraph it matches (hundreds of ms at 1M paragraphs, benchmarks/RESULTS.md):
# such terms are left out of a query while it has rarer ones.
COMMON_TERM_SHARE = 0.05
# How many below-the-floor matches are offered as "closest" when nothing passes.
CLOSEST = 5


@dataclass(frozen=True)
class Floor:
    """The least a result must reach to be shown.

    `dense`: cosine similarity between query and paragraph vectors (None: not used).
    `coverage`: share of the query's BM25 terms the paragraph holds (None: not used).
    """

    dense: float | None
    coverage: float | None


# Calibrated with `python benchmarks/calibrate_floor.py --collection minutes` on the tuning
# part of benchmarks/queries/queries.json (the 27 minutes queries; held-out ones only reported):
# - dense: the highest cosine keeping >= 90 % of the relevant results in the tuning queries'
#   unfloored dense top 10 (0.81 keeps 93 %; 0.815 only 83 %). multilingual-e5-small gives
#   unrelated text cosines of 0.78-0.85, so this floor removes nonsense ("xyzzyqwerty flumbo"
#   peaks at 0.797) but not Latin filler ("lorem ipsum" reaches 0.848);
# - lexical: the highest share of the query's BM25 terms keeping >= 90 % of the relevant
#   lexical top-10 results (1/5; 1/4 kept 84 %);
# - hybrid: the dense threshold, or half of the query's BM25 terms (a strong lexical match).
# Held-out minutes queries (28), recall@5 without → with the floor: hybrid 0.845 → 0.792,
# dense 0.780 → 0.726, lexical 0.619 → 0.512.
FLOORS: dict[str, Floor] = {
    "dense": Floor(dense=0.81, coverage=None),
    "lexical": Floor(dense=None, coverage=0.2),
    "hybrid": Floor(dense=0.81, coverage=0.5),
}


@dataclass
class Candidate:
    """One paragraph met by either side, with what each side knows of it."""

    vec_id: int
    cosine: float | None = None  # dense similarity, when known
    dense_hit: bool = False  # returned by the dense retrieval (has a dense rank)
    bm25: float | None = None  # BM25 score, higher is better, when returned by the lexical side
    coverage: float = 0.0  # share of the query's BM25 terms it holds
    score: float = 0.0  # fused score, set by `fuse`


def candidate_depth(wanted: int | None) -> int:
    """Candidates per side for a page ending at result `wanted` (None: every result)."""
    if wanted is None:
        return MAX_CANDIDATES
    return min(MAX_CANDIDATES, max(CANDIDATES, 2 * wanted))


def lexical_weight(mode: str, language: str, override: float | None = None) -> float:
    """BM25's weight in the fusion: 1 in lexical mode, 0 in dense mode, else by language."""
    if mode == "lexical":
        return 1.0
    if mode == "dense":
        return 0.0
    return override if override is not None else LEXICAL_WEIGHT.get(language, LEXICAL_WEIGHT["da"])


T = TypeVar("T")


def rare_terms(terms: Sequence[T], counts: Sequence[int], paragraphs: int) -> list[T]:
    """The terms found in at most COMMON_TERM_SHARE of `paragraphs` (all terms when none is)."""
    limit = COMMON_TERM_SHARE * paragraphs
    rare = [term for term, count in zip(terms, counts) if count <= limit]
    return rare or list(terms)


def merge(dense: Iterable[tuple[int, float]], lexical: Iterable[tuple[int, float]],
          into: dict[int, Candidate] | None = None) -> dict[int, Candidate]:
    """Candidates by id from (id, cosine) and (id, BM25) lists; later lists add to earlier ones."""
    pool = {} if into is None else into
    for vec_id, cosine in dense:
        candidate = pool.setdefault(vec_id, Candidate(vec_id))
        candidate.cosine, candidate.dense_hit = cosine, True
    for vec_id, bm25 in lexical:
        pool.setdefault(vec_id, Candidate(vec_id)).bm25 = bm25
    return pool


def fuse(candidates: Iterable[Candidate], weight: float, mode: str = "hybrid") -> list[Candidate]:
    """`candidates` in fused order, `score` set: weighted RRF over the ranks within this set."""
    candidates = list(candidates)
    for candidate in candidates:
        candidate.score = 0.0
    if mode != "lexical":
        dense = sorted((c for c in candidates if c.dense_hit), key=lambda c: (-(c.cosine or 0.0), c.vec_id))
        for rank, candidate in enumerate(dense):
            candidate.score += 1.0 / (RRF_K + rank)
    if mode != "dense" and weight > 0:
        lexical = sorted((c for c in candidates if c.bm25 is not None), key=lambda c: (-c.bm25, c.vec_id))
        for rank, candidate in enumerate(lexical):
            candidate.score += weight / (RRF_K + rank)
    return sorted((c for c in candidates if c.score > 0),
                  key=lambda c: (-c.score, -(c.cosine if c.cosine is not None else -math.inf), c.vec_id))


def passes(candidate: Candidate, mode: str, weight: float, floor: Floor | None) -> bool:
    """Whether `candidate` is good enough to show (always, without a floor)."""
    if floor is None:
        return True
    dense_ok = (mode != "lexical" and floor.dense is not None and candidate.cosine is not None
                and candidate.cosine >= floor.dense)
    lexical_ok = (mode != "dense" and weight > 0 and floor.coverage is not None and candidate.coverage > 0
                  and candidate.coverage >= floor.coverage - 1e-9)
    return dense_ok or lexical_ok


def fingerprint(text: str) -> bytes:
    """The same text whatever its case and spacing."""
    return hashlib.sha1(" ".join(text.lower().split()).encode()).digest()


def dedupe(items: Iterable[T], text: Callable[[T], str], document: Callable[[T], str]) -> list[tuple[T, list[str]]]:
    """Each text once, in the given order, with the other documents that hold it."""
    first: dict[bytes, tuple[T, list[str]]] = {}
    for item in items:
        key = fingerprint(text(item))
        if key in first:
            kept, also = first[key]
            where = document(item)
            if where != document(kept) and where not in also:
                also.append(where)
        else:
            first[key] = (item, [])
    return list(first.values())

"""Ranking, without an index: candidates from the dense and the lexical side in; one fused,
floored, de-duplicated order out.

- Fusion: weighted reciprocal rank fusion (RRF); the lexical side's weight follows the
  query's language (measured with `python -m indexer eval`, see README).
- Candidate depth: how many candidates each side contributes, enough for the page asked
  and for facet counts over the same pool.
- The relevance floor: a candidate is shown only if its dense cosine rises far enough above
  the query's background similarity (what the query scores against text in general), in a
  pool whose best candidate rises further still, or, where the lexical side counts, it holds
  enough of the query's BM25 terms. Nonsense ("xyzzyqwerty flumbo", "lorem ipsum") then
  finds nothing, and says so.
- De-duplication: the same text in several documents (an agenda item published alone and
  inside the full minutes) is shown once, with the other documents listed.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Callable, Iterable, Literal, Sequence, TypeVar

import numpy as np

Mode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[str, ...] = ("hybrid", "dense", "lexical")
RRF_K = 60
# Lexical weight in the fusion, by query language (measured with `python -m indexer eval`,
# see README). English words match Danish ones by accident ("rent", "staff"): on English
# queries BM25 only lowered recall, so they are answered by the dense side alone.
LEXICAL_WEIGHT = {"da": 0.75, "en": 0.0}
# Weight of the second lexical query, by query language: an English query's Danish
# translations (`bilingual`), a Danish query's compounds split into their parts (`compounds`).
# Chosen on the tuning queries (0.05-1.0 tried). Far below the dense side for English: a
# dictionary word has several senses ("care" → omsorg, sorg; "bill" → regning, bil), so the
# translations only break near-ties among the dense results. Off for Danish: split compounds
# gained nothing on tuning at any weight and lost on held-out (benchmarks/RESULTS.md). Either
# counts only for paragraphs holding the terms of at least MIN_EXPANSION_GROUPS of its groups
# (English words, a compound's parts; all of them, if it has fewer). It never lifts a paragraph
# over the relevance floor: that let more off-topic questions through.
EXPANSION_WEIGHT = {"en": 0.1, "da": 0.0}
MIN_EXPANSION_GROUPS = 2
# Candidates per side: deep enough that facet counts and the total describe the theme,
# not just the page, while the tail stays below the floor anyway.
CANDIDATES = 200
# For "all results" (exports) and deep pages.
MAX_CANDIDATES = 2000
# A BM25 term in more than this share of paragraphs adds little to the ranking, but FTS5
# scores every paragraph it matches (hundreds of ms at 1M paragraphs, benchmarks/RESULTS.md):
# such terms are left out of a query while it has rarer ones.
COMMON_TERM_SHARE = 0.05
# The background sample: paragraph vectors a query is compared with to learn how similar it
# is to text in general (one matrix product per query); its percentile is the background.
BACKGROUND_SAMPLE = 512
BACKGROUND_PERCENTILE = 50
# How many below-the-floor matches are offered as "closest" when nothing passes.
CLOSEST = 5


@dataclass(frozen=True)
class Floor:
    """The least a result must reach to be shown.

    `dense`: cosine similarity between query and paragraph vectors (None: not used).
    `coverage`: share of the query's BM25 terms the paragraph holds (None: not used).
    `margin`: how far the cosine must rise above the query's background similarity
    (`background`: what the query scores against paragraphs in general); None: not used.
    `answer`: see below (`answers`).
    """

    dense: float | None
    coverage: float | None
    margin: float | None = None
    # The margin the query's best candidate must reach for any result to pass by its vector:
    # a query the archive has nothing on rises above its background nowhere (None: not used).
    answer: float | None = None


# Calibrated with `python benchmarks/calibrate_floor.py --index INDEX` on the whole sample
# archive: the tuning part of benchmarks/queries/queries.json (99 queries) and 19 tuning
# no-answer probes (random letters, lorem ipsum, off-topic questions in Danish and English);
# the held-out queries and probes only reported (benchmarks/RESULTS.md, "Relevance floor").
# multilingual-e5-small scores unrelated text at cosines of 0.78-0.85, and how high depends
# on the query (random letters and Danish off-topic questions sit high against everything,
# English questions low), so no absolute cosine separates them; the margin over the query's
# background (median cosine to BACKGROUND_SAMPLE stored vectors) does better:
# - cosine >= 0.755 besides: no relevant tuning result lies below it (lowest 0.759); it also
#   keeps vectors on another scale (the tests' hashed ones) from passing on margins alone;
# - margin 0.040: the highest that keeps >= 95 % of the relevant top-10 results by itself;
# - answer 0.050: the query's best candidate must rise this far above its background, else
#   nothing passes by its vector: rejects 18 of the 19 tuning probes (the absolute 0.81: 6)
#   while keeping >= 90 % of the relevant results;
# - lexical: >= 1/5 of the query's BM25 terms (keeps >= 90 % of the relevant lexical top 10);
# - hybrid: the dense rule, or (where BM25 counts: Danish queries) half of the query's BM25
#   terms, the coverage that rejects the most tuning probes, then keeps the most. A one-word
#   keyword ("husleje", "økonomi") rises little above its background: the words find it.
FLOORS: dict[str, Floor] = {
    "dense": Floor(dense=0.755, coverage=None, margin=0.04, answer=0.05),
    "lexical": Floor(dense=None, coverage=0.2),
    "hybrid": Floor(dense=0.755, coverage=0.5, margin=0.04, answer=0.05),
}


@dataclass
class Candidate:
    """One paragraph met by either side, with what each side knows of it."""

    vec_id: int
    cosine: float | None = None  # dense similarity, when known
    dense_hit: bool = False  # returned by the dense retrieval (has a dense rank)
    bm25: float | None = None  # BM25 score, higher is better, when returned by the lexical side
    expanded: float | None = None  # BM25 score of the query's expansion, when it found it
    expansion_weight: float = 0.0  # that expansion's weight in the fusion (by query language)
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
          into: dict[int, Candidate] | None = None, expanded: Iterable[tuple[int, float]] = (),
          expansion_weight: float = 0.0) -> dict[int, Candidate]:
    """Candidates by id from (id, cosine), (id, BM25) and (id, BM25 of the query's expansion,
    fused at `expansion_weight`) lists; later lists add to earlier ones."""
    pool = {} if into is None else into
    for vec_id, cosine in dense:
        candidate = pool.setdefault(vec_id, Candidate(vec_id))
        candidate.cosine, candidate.dense_hit = cosine, True
    for vec_id, bm25 in lexical:
        pool.setdefault(vec_id, Candidate(vec_id)).bm25 = bm25
    for vec_id, bm25 in expanded:
        candidate = pool.setdefault(vec_id, Candidate(vec_id))
        candidate.expanded, candidate.expansion_weight = bm25, expansion_weight
    return pool


def fuse(candidates: Iterable[Candidate], weight: float, mode: str = "hybrid") -> list[Candidate]:
    """`candidates` in fused order, `score` set: weighted RRF over the ranks within this set
    (dense 1, BM25 `weight`, the expansion's BM25 its candidates' `expansion_weight`)."""
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
    if mode != "dense":
        expanded = sorted((c for c in candidates if c.expanded is not None and c.expansion_weight > 0),
                          key=lambda c: (-c.expanded, c.vec_id))
        for rank, candidate in enumerate(expanded):
            candidate.score += candidate.expansion_weight / (RRF_K + rank)
    return sorted((c for c in candidates if c.score > 0),
                  key=lambda c: (-c.score, -(c.cosine if c.cosine is not None else -math.inf), c.vec_id))


def background_sample(vec_ids: Sequence[int], size: int = BACKGROUND_SAMPLE) -> list[int]:
    """At most `size` of `vec_ids`, evenly spread over them in sorted order (a fixed sample
    of the index, the same for every query of one build)."""
    ordered = sorted(vec_ids)
    if len(ordered) <= size:
        return ordered
    step = len(ordered) / size
    return [ordered[int(i * step)] for i in range(size)]


def background(similarities: Sequence[float] | np.ndarray) -> float | None:
    """A query's background similarity: the BACKGROUND_PERCENTILE-th percentile of its
    cosines to the background sample (None for an empty sample)."""
    values = np.asarray(similarities, dtype=np.float64)
    if values.size == 0:
        return None
    return float(np.percentile(values, BACKGROUND_PERCENTILE))


def answers(candidates: Iterable[Candidate], floor: Floor | None, background: float | None) -> bool:
    """Whether the best cosine among `candidates` rises `floor.answer` above the background
    (True where the floor sets no such margin or the background is unknown)."""
    if floor is None or floor.answer is None or background is None:
        return True
    best = max((c.cosine for c in candidates if c.cosine is not None), default=None)
    return best is not None and best - background >= floor.answer - 1e-9


def passes(candidate: Candidate, mode: str, weight: float, floor: Floor | None,
           background: float | None = None, answered: bool = True) -> bool:
    """Whether `candidate` is good enough to show (always, without a floor).

    `background`: the query's background similarity (see `background`); without it the
    floor's margin is not applied. `answered`: what `answers` said of the whole pool; if
    False, only lexical evidence can pass."""
    if floor is None:
        return True
    cosine = candidate.cosine
    dense_ok = (mode != "lexical" and cosine is not None and answered
                and (floor.dense is not None or (floor.margin is not None and background is not None))
                and (floor.dense is None or cosine >= floor.dense)
                and (floor.margin is None or background is None or cosine - background >= floor.margin - 1e-9))
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

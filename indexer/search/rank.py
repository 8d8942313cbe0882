"""Ranking, without an index: candidates from the dense and the lexical side in; one fused,
floored, de-duplicated order out.

- Fusion: weighted reciprocal rank fusion (RRF); the lexical side's weight follows the
  query's language (measured with `python -m indexer eval`, see README). A Danish query whose
  words many paragraphs hold adds the two sides' scores instead (`by_scores`, `fuse_scores`).
- Candidate depth: how many candidates each side contributes, enough for the page asked
  and for facet counts over the same pool.
- The relevance floor: a candidate is shown only if it is closer to the query than the
  query's nearest texts of a reference corpus about everything else (cooking, sport, code …)
  by a threshold calibrated on the archive itself, in a pool whose best candidate reaches the
  threshold, or, where the lexical side counts, it holds enough of the query's informative
  terms. Nonsense ("xyzzyqwerty flumbo", "{{7*7}}", "og") and off-topic questions ("best
  pizza in Rome") then find nothing, and say so.
- De-duplication: the same text in several documents (an agenda item published alone and
  inside the full minutes) is shown once, with the other documents listed; so is nearly the same
  text (`fold_copies`: the committee's item again in the council's minutes, a sentence added), and
  a paragraph standing nearly whole in one of another document of the same meeting on the same page
  (the minutes' PDF and the meeting system's export of them cut paragraphs at different points).
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Collection, Hashable, Iterable, Literal, Sequence, TypeVar

import numpy as np

from indexer.ingest.lexicon import ITEM_SECTIONS
from indexer.minutes.promises import is_history

Mode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[str, ...] = ("hybrid", "dense", "lexical")
RRF_K = 60
# Lexical weight in the fusion, by query language (measured with `python -m indexer eval`,
# see README). English words match Danish ones by accident ("rent", "staff"): on English
# queries BM25 only lowered recall, so they are answered by the dense side alone. Danish 0.15
# won on the tuning questions of the sample and of Greve but lost held-out recall@5 on the
# sample (benchmarks/RESULTS.md, "Lexical weight"), so 0.75 stays.
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
# The dense side is ordered by (cos(q, paragraph) + ITEM_WEIGHT · cos(q, its agenda item's
# centroid)) / (1 + ITEM_WEIGHT): a paragraph of an item about the question as a whole moves up
# ("Skyder kommunen raketter af ved midsommerbålet?" answered by "… med undtagelse af
# fyrværkeri"). Only items of at most ITEM_MAX_PARAGRAPHS: a parliament item is a debate of
# hundreds of voices, a meeting system's item one matter. Chosen on the tuning questions; gained
# held-out recall@5 on the sample and Greve (benchmarks/RESULTS.md, "The item's centroid").
ITEM_WEIGHT = 0.25
ITEM_MAX_PARAGRAPHS = 30
MIN_EXPANSION_GROUPS = 2
# A Danish hybrid query whose BM25 query (its rarer words, OR-ed) matches more than SCORE_FUSION_SHARE
# of the archive's paragraphs is fused by adding the two sides' scores (`fuse_scores`), BM25 at
# SCORE_FUSION_WEIGHT: a long BM25 list is loose, and its first ranks should not count as much as the
# dense side's first ranks, which RRF makes them. A short list (a case number, a rare word:
# "jomfrutale") is precise and keeps RRF. Chosen on the tuning questions (cut 0.025 of 0.002-0.05,
# weight 0.15); held-out: Greve 0.446 -> 0.543 recall@5, the sample 0.646 -> 0.660, the five minutes
# alone 0.827 -> 0.792 (benchmarks/RESULTS.md, "Score fusion where the words are common").
SCORE_FUSION_SHARE = 0.025
SCORE_FUSION_WEIGHT = 0.15
# Candidates per side: deep enough that facet counts and the total describe the theme,
# not just the page, while the tail stays below the floor anyway.
CANDIDATES = 200
# For "all results" (exports) and deep pages.
MAX_CANDIDATES = 2000
# A page that ends within the first FIRST_RESULTS results is ranked from a pool of CANDIDATES per
# side; any later page, and every export, from one of MAX_CANDIDATES, continuing the first
# FIRST_RESULTS as the shallow pool ranked them. Fused ranks depend on the pool's depth (the dense
# side's item scores reorder a deeper pool), so a depth that grew page by page repeated and skipped
# results between pages.
FIRST_RESULTS = CANDIDATES // 2
# A BM25 term in more than this share of paragraphs adds little to the ranking, but FTS5
# scores every paragraph it matches (hundreds of ms at 1M paragraphs, benchmarks/RESULTS.md):
# such terms are left out of a query while it has rarer ones.
COMMON_TERM_SHARE = 0.05
# How many below-the-floor matches are offered as "closest" when nothing passes.
CLOSEST = 5
# The relevance floor's reference level for a query: the mean cosine of its REFERENCE_TOP
# nearest texts of the reference corpus (`reference.py`: cooking, sport, travel, code …).
REFERENCE_TOP = 3
# The floor's threshold is calibrated per archive and query language from the calibration
# probes (`reference.CALIBRATION_PROBES`, the tuning part of benchmarks/queries/probes.json):
# each probe's contrast (its best cosine in the archive minus its reference level) is measured
# on the archive itself, and the threshold is their PROBE_QUANTILE quantile plus PROBE_MARGIN.
# Chosen on the tuning questions and tuning probes (benchmarks/calibrate_floor.py, RESULTS.md).
PROBE_QUANTILE = 0.9
PROBE_MARGIN = 0.005
# Fewer probes of a language than this: that language uses the threshold of all probes.
MIN_PROBES = 8
# A term of the query counts as lexical evidence only when it is informative: a word of
# three or more characters with a letter, not a function word (`terms.STOPWORDS`), and held
# by at most this share of the archive's paragraphs ("og", "7", "ikke" are not).
INFORMATIVE_SHARE = 0.2


@dataclass(frozen=True)
class Floor:
    """The least a result must reach to be shown (beside the query's `Level`).

    `dense`: an absolute least cosine between query and paragraph vectors (None: not used);
    it also keeps vectors on another scale (the tests' hashed ones) from passing on contrast.
    `coverage`: the share of the query's informative terms a paragraph must hold to pass by
    its words (None: words never pass).
    `slack`: a paragraph passes by its vector when its contrast reaches the query's threshold
    less this (the query's best paragraph must reach the threshold itself: `answers`).
    `strong`: a paragraph holding every informative term of the query passes by its words even
    when no paragraph passes by its vector ("jomfrutale", "husleje": one-word keywords); so does
    one holding the glossary's translation of every word of an English query ("rent increases",
    "smoking"), answered by a vector or not.
    `window`: a paragraph passes by its vector only within this cosine of the query's best
    paragraph (None: anywhere above the threshold), so that a broad query's long tail of
    vaguely related paragraphs is not counted among its good results.
    """

    dense: float | None
    coverage: float | None
    slack: float = 0.0
    strong: bool = False
    window: float | None = None


@dataclass(frozen=True)
class Level:
    """Where one query's relevance floor lies: its `reference` level (mean cosine of its
    nearest reference texts) and the archive's `threshold` for its language; a paragraph's
    contrast is its cosine minus `reference`."""

    reference: float
    threshold: float
    best: float | None = None  # the best cosine in the query's candidate pool (`Floor.window`)
    # False while a build is still embedding: the threshold was measured on the paragraphs that
    # have vectors, which are the closest only among themselves, so none passes by its vector.
    complete: bool = True

    def contrast(self, cosine: float) -> float:
        return cosine - self.reference

    def shortfall(self, cosine: float | None) -> float | None:
        """How far `cosine` stays below the threshold (0 when it reaches it; None without a cosine)."""
        if cosine is None:
            return None
        return max(0.0, self.threshold - self.contrast(cosine))


# The floor (benchmarks/calibrate_floor.py; RESULTS.md, "Relevance floor"). multilingual-e5-small
# scores unrelated text at cosines of 0.70-0.87, and how high depends on the query (random
# letters, code and stopwords sit high against everything, English questions low against
# Danish text) and on the archive (a small archive on one theme is close to every question on
# that theme), so neither an absolute cosine nor the margin over the archive's median works
# everywhere. Instead each query is compared with a reference corpus of text about everything
# else (`reference.py`): a paragraph passes by its vector when it is closer to the query than
# the query's nearest reference texts by the archive's threshold (calibrated on the archive
# itself from off-topic and nonsense probes, per query language), and the query's best
# paragraph reaches the threshold. Chosen on the tuning questions and tuning probes:
# - cosine >= 0.755 besides (no relevant tuning result lies below it; hashed test vectors);
# - slack 0.005: a paragraph may fall that far short of the threshold once the query is answered
#   (0.01, with the margin at 0.0025, lost no tuning question but let up to five times as many
#   results pass: "takstreduktion" 31 -> 149);
# - window 0.03: and no further below the query's best paragraph. Tuning recall@5 and MRR@10 are
#   the same at 0.05 and 0.03 (sample, minutes alone, Greve), while the median count of "good
#   results" falls from 202 to 56 on the sample and from 609 to 86 on Greve ("huslejestigninger"
#   had 122, 7 of them about rent); 133 of the 163 relevant tuning paragraphs still pass (144 at 0.05);
# - hybrid (Danish queries, where BM25 counts): also half of the query's informative terms
#   in a query that has an answer, or all of them whatever the vectors say (one-word keywords);
# - lexical: >= 1/5 of the informative terms (it cannot tell a shared common word from a match).
FLOORS: dict[str, Floor] = {
    "dense": Floor(dense=0.755, coverage=None, slack=0.005, window=0.03),
    "lexical": Floor(dense=None, coverage=0.2),
    "hybrid": Floor(dense=0.755, coverage=0.5, slack=0.005, strong=True, window=0.03),
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
    coverage: float = 0.0  # share of the query's informative terms it holds (`informative`)
    glossed: bool = False  # holds the glossary's translation of every word of an English query
    # holds a Danish look-alike of a word of an English question and none of its meanings ("rente"
    # for "rent"): the model places the two close, so its vector says nothing (`Query.false_friends`)
    misread: bool = False
    glossary_side: bool = False  # found by the search for the glossary's words (`glossed` says whether it holds them all)
    beyond: bool = False  # not in a first page's pool (`mark_beyond`): passes only by the words its side found
    score: float = 0.0  # fused score, set by `fuse`


def with_items(found: list[tuple[int, float]], items: dict[int, np.ndarray],
               vector: np.ndarray) -> list[tuple[int, float]]:
    """The dense side's (id, cosine) pairs scored and ordered with their agenda items' centroids
    (`ITEM_WEIGHT`); a paragraph without one keeps its cosine."""
    scored = [(vec_id, (cosine + ITEM_WEIGHT * float(items[vec_id] @ vector)) / (1 + ITEM_WEIGHT)
               if vec_id in items else cosine) for vec_id, cosine in found]
    return sorted(scored, key=lambda pair: -pair[1])


@dataclass(frozen=True)
class Cut:
    """Where a search's pool was cut, for whether its count is exact (`SearchResults.complete`)."""

    dense: bool = False  # the dense side filled its depth
    # A words side (BM25, the glossary's words) filled its depth: its order is not the order in which
    # paragraphs pass by the words they hold, so any beyond it may pass.
    words: bool = False

    def complete(self, floored: bool) -> bool:
        """Whether nothing beyond the cut can pass. With a floor, none beyond the dense side's depth
        passes by its vector (`mark_beyond`); without one, everything passes."""
        return not self.words and (floored or not self.dense)


def candidate_depth(wanted: int | None) -> int:
    """Candidates per side for a page ending at result `wanted` (None: every result): one of two
    pools (`FIRST_RESULTS`)."""
    return CANDIDATES if wanted is not None and wanted <= FIRST_RESULTS else MAX_CANDIDATES


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


def mark_beyond(pool: dict[int, Candidate], nearest: Sequence[tuple[int, float]],
                first: Collection[int]) -> None:
    """Mark the candidates a first page's pool does not hold: not among the archive's CANDIDATES
    paragraphs closest to the query (`nearest`: the unfiltered dense retrieval, closest first) nor among
    the first CANDIDATES of a fused words side, BM25 or the translations', over the whole archive too
    (`first`: a filter's own words sides reach deeper into its part). Such a paragraph passes
    only by the words its own side found it by (BM25's, the glossary's; `passes`), so a search's good
    results are the same whatever its pool's depth (a page's, an export's), the count saying where a
    words side was cut: an export of "klimatilpasning" on Greve's 2022-2023 meetings held 430 where its
    page counted 170+, 249 of them ranked by no side and off the theme."""
    if len(nearest) < CANDIDATES:  # the dense side holds every paragraph it could
        return
    held = {vec_id for vec_id, _ in nearest[:CANDIDATES]} | set(first)
    for vec_id, candidate in pool.items():
        candidate.beyond = vec_id not in held


def may_pass(candidate: Candidate) -> bool:
    """Whether `candidate` can pass at all: in a first page's pool, or found by the words it may pass by
    (`mark_beyond`, `passes`)."""
    return not candidate.beyond or candidate.bm25 is not None or candidate.glossary_side


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


def _sides(candidates: list[Candidate], weight: float, mode: str
           ) -> tuple[list[Candidate], list[Candidate], list[Candidate]]:
    """The sides a fusion adds up, each best first (ties by id): the dense side (not in lexical
    mode), BM25 (not in dense mode, nor at weight 0) and the expansion's BM25 (not in dense mode)."""
    dense = (sorted((c for c in candidates if c.dense_hit), key=lambda c: (-(c.cosine or 0.0), c.vec_id))
             if mode != "lexical" else [])
    lexical = (sorted((c for c in candidates if c.bm25 is not None), key=lambda c: (-c.bm25, c.vec_id))
               if mode != "dense" and weight > 0 else [])
    expanded = (sorted((c for c in candidates if c.expanded is not None and c.expansion_weight > 0),
                       key=lambda c: (-c.expanded, c.vec_id)) if mode != "dense" else [])
    return dense, lexical, expanded


def by_scores(language: str, mode: str, matched: Callable[[int], int], paragraphs: int) -> bool:
    """Whether a query is fused by scores (`fuse_scores`, see SCORE_FUSION_SHARE): a Danish hybrid
    query whose BM25 query matches more than that share of the archive's `paragraphs`;
    `matched(at_most)` counts its matches up to `at_most` (asked only of such a query)."""
    if mode != "hybrid" or language != "da":
        return False
    cut = math.floor(SCORE_FUSION_SHARE * max(paragraphs, 1))
    return matched(cut + 1) > cut


def fuse_scores(candidates: Iterable[Candidate], weight: float, mode: str = "hybrid",
                lexical: float = SCORE_FUSION_WEIGHT) -> list[Candidate]:
    """`candidates` in fused order, `score` set: each side's scores added, the dense score scaled
    between the side's best and its CANDIDATES-th candidate, BM25 and the expansion's BM25 as a
    share of their best, BM25 weighted `lexical` at the default Danish weight (`weight` scaled
    alike). As in `fuse`, only a side's first CANDIDATES count; deeper ranks order the tail."""
    candidates = list(candidates)
    counted: set[int] = set()
    beyond: dict[int, float] = {}

    def add(ranked: list[Candidate], value: Callable[[Candidate], float], side_weight: float,
            from_last: bool = False) -> None:
        if not ranked:
            return
        top = value(ranked[0])
        low = value(ranked[min(CANDIDATES, len(ranked)) - 1]) if from_last else 0.0
        for position, candidate in enumerate(ranked):
            if position < CANDIDATES:
                counted.add(candidate.vec_id)
                candidate.score += side_weight * ((value(candidate) - low) / (top - low) if top > low else 1.0)
            else:
                beyond[candidate.vec_id] = beyond.get(candidate.vec_id, 0.0) + side_weight / (RRF_K + position)

    for candidate in candidates:
        candidate.score = 0.0
    dense, lexical_side, expanded = _sides(candidates, weight, mode)
    add(dense, lambda c: c.cosine or 0.0, 1.0, from_last=True)
    add(lexical_side, lambda c: c.bm25, weight * (1.0 if mode == "lexical" else lexical / LEXICAL_WEIGHT["da"]))
    add(expanded, lambda c: c.expanded, expanded[0].expansion_weight if expanded else 0.0)
    return sorted((c for c in candidates if c.vec_id in counted or c.vec_id in beyond or c.glossed),
                  key=lambda c: (c.vec_id not in counted, -c.score,
                                 -(c.cosine if c.cosine is not None else -math.inf),
                                 -beyond.get(c.vec_id, 0.0), c.vec_id))


def fuse(candidates: Iterable[Candidate], weight: float, mode: str = "hybrid") -> list[Candidate]:
    """`candidates` in fused order, `score` set: weighted RRF over the ranks within this set
    (dense 1, BM25 `weight`, the expansion's BM25 its candidates' `expansion_weight`).

    Only a side's first CANDIDATES ranks count towards `score`: every page draws at least that
    deep, so a paragraph that a deeper pool (all results, an export) also finds far down one
    side keeps the score it has on the first page, and the pages and the export agree on the
    order. Ranks beyond only order what no side ranks that high."""
    candidates = list(candidates)
    beyond: dict[int, float] = {}

    def add(ranked: list[Candidate], weight_of: Callable[[Candidate], float]) -> None:
        for rank, candidate in enumerate(ranked):
            share = weight_of(candidate) / (RRF_K + rank)
            if rank < CANDIDATES:
                candidate.score += share
            else:
                beyond[candidate.vec_id] = beyond.get(candidate.vec_id, 0.0) + share

    for candidate in candidates:
        candidate.score = 0.0
    dense, lexical, expanded = _sides(candidates, weight, mode)
    add(dense, lambda c: 1.0)
    add(lexical, lambda c: weight)
    add(expanded, lambda c: c.expansion_weight)
    # A paragraph found only through the glossary (`Candidate.glossed`) has no rank of its own: it
    # comes after every ranked one, by its cosine.
    return sorted((c for c in candidates if c.score > 0 or beyond.get(c.vec_id, 0.0) > 0 or c.glossed),
                  key=lambda c: (-c.score, -(c.cosine if c.cosine is not None else -math.inf),
                                 -beyond.get(c.vec_id, 0.0), c.vec_id))


# A query of at least this many words found word for word in a paragraph puts it first: someone who
# pastes a sentence from the minutes wants that paragraph, which the dense side, reading the whole
# paragraph in its item's context, may rank below paraphrases. Shorter queries are keywords: with
# three words ("Mette Abildgaards orlov") the tuning questions lost MRR@10 (0.677 -> 0.658, Danish).
PHRASE_WORDS = 5


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def phrase_first(order: list[T], text: Callable[[T], str], query: str) -> list[T]:
    """`order` with the paragraphs that hold the whole query word for word first (each part in its
    own order); unchanged for a query of fewer than PHRASE_WORDS words."""
    phrase = _words(query)
    if len(phrase.split()) < PHRASE_WORDS:
        return order
    padded = f" {phrase} "
    holding = [c for c in order if padded in f" {_words(text(c))} "]
    if not holding:
        return order
    held = {id(c) for c in holding}
    return holding + [c for c in order if id(c) not in held]


def glossed_first(order: list[Candidate]) -> list[Candidate]:
    """`order` with the paragraphs that hold the glossary's Danish words for every word of an English
    query first (each part in its own order): for "rent increases" the vectors put "rentestigninger"
    (interest) first, the records' own word for the theme is "huslejestigninger"."""
    return [c for c in order if c.glossed] + [c for c in order if not c.glossed]


def ranking_scores(scores: Sequence[float], ceiling: float | None = None) -> list[float]:
    """The scores of a ranked list as readers see them, never rising down the list: each the best of
    its own fused score and those ranked below it, since the order puts some results above better-fused
    ones (`phrase_first`, `glossed_first`, `headings_give_way`); none above `ceiling` (a list continuing
    results already shown: `Retrieval._results`)."""
    out: list[float] = []
    best = -math.inf
    for score in reversed(scores):
        best = max(best, score)
        out.append(best if ceiling is None else min(best, ceiling))
    return out[::-1]


def reference_level(similarities: Sequence[float] | np.ndarray) -> float | None:
    """A query's reference level: the mean of its REFERENCE_TOP highest cosines to the
    reference corpus (None for an empty corpus)."""
    values = np.sort(np.asarray(similarities, dtype=np.float64))[::-1][:REFERENCE_TOP]
    return float(values.mean()) if values.size else None


def threshold(contrasts: Sequence[float] | np.ndarray) -> float | None:
    """The archive's threshold from its calibration probes' contrasts (None without probes):
    their PROBE_QUANTILE quantile plus PROBE_MARGIN."""
    values = np.asarray(contrasts, dtype=np.float64)
    if values.size == 0:
        return None
    return float(np.quantile(values, PROBE_QUANTILE)) + PROBE_MARGIN


def thresholds(contrasts: Sequence[float], languages: Sequence[str]) -> dict[str, float]:
    """Per query language, the threshold of that language's probes ("*": all probes, used
    for a language with fewer than MIN_PROBES)."""
    everything = threshold(contrasts)
    if everything is None:
        return {}
    out = {"*": everything}
    for language in sorted(set(languages)):
        own = [c for c, lang in zip(contrasts, languages) if lang == language]
        if len(own) >= MIN_PROBES:
            out[language] = threshold(own)
    return out


def informative(stem: str, function_word: bool, paragraphs_holding: int, paragraphs: int) -> bool:
    """Whether a query term counts as lexical evidence (see INFORMATIVE_SHARE)."""
    return (not function_word and len(stem) >= 3 and any(ch.isalpha() for ch in stem)
            and paragraphs_holding <= INFORMATIVE_SHARE * max(paragraphs, 1))


def best_cosine(candidates: Iterable[Candidate]) -> float | None:
    """The highest cosine among `candidates` (None when none has one); one a first page's pool does not
    hold (`Candidate.beyond`) does not count, so the floor's window lies where that pool puts it."""
    return max((c.cosine for c in candidates if c.cosine is not None and not c.beyond), default=None)


def informative_terms(found: Sequence[T], function_stems: Iterable[str], holding: Callable[[T], int],
                      paragraphs: int) -> list[T]:
    """The terms of `found` (with a `stem`) that count as evidence (`informative`); a query of
    only common words ("behandling punkt") keeps its words of three or more letters, never its
    function words or numbers."""
    content = content_terms(found, function_stems)
    rare = [t for t in content if informative(t.stem, False, holding(t), paragraphs)]
    return rare or content


def content_terms(found: Sequence[T], function_stems: Iterable[str]) -> list[T]:
    """The terms of `found` that can say what a text is about: no function words, numbers or
    stems of one or two letters."""
    function_stems = set(function_stems)
    return [t for t in found if t.stem not in function_stems and len(t.stem) >= 3 and any(ch.isalpha() for ch in t.stem)]


def answers(candidates: Iterable[Candidate], floor: Floor | None, level: Level | None) -> bool:
    """Whether the best cosine among `candidates` reaches the query's threshold over its
    reference level (True without a floor or a level; False while the archive is being embedded)."""
    if floor is None or level is None:
        return True
    if not level.complete:
        return False
    best = best_cosine(candidates)
    return best is not None and level.contrast(best) >= level.threshold - 1e-9


def passes(candidate: Candidate, mode: str, weight: float, floor: Floor | None,
           level: Level | None = None, answered: bool = True) -> bool:
    """Whether `candidate` is good enough to show (always, without a floor).

    `level`: the query's reference level and threshold (without one only the absolute cosine
    applies to the vector). `answered`: what `answers` said of the whole pool; if False, only
    a paragraph holding every informative term of the query can pass (`Floor.strong`)."""
    if floor is None:
        return True
    cosine = candidate.cosine
    dense_ok = (mode != "lexical" and cosine is not None and answered and not candidate.misread and not candidate.beyond
                and (floor.dense is not None or level is not None)
                and (floor.dense is None or cosine >= floor.dense)
                and (level is None or level.contrast(cosine) >= level.threshold - floor.slack - 1e-9)
                and (floor.window is None or level is None or level.best is None
                     or cosine >= level.best - floor.window - 1e-9))
    lexical_ok = (mode != "dense" and weight > 0 and floor.coverage is not None and candidate.coverage > 0
                  and (not candidate.beyond or candidate.bm25 is not None)
                  and candidate.coverage >= floor.coverage - 1e-9
                  and (answered or mode == "lexical" or (floor.strong and candidate.coverage >= 1 - 1e-9)))
    # The same for an English question in its glossary's Danish words (`Query.glossed`), answered by
    # its vectors or not: they come after what the vectors rank (`fuse`), so what those answer stays first.
    glossed_ok = mode == "hybrid" and floor.strong and candidate.glossed and (not candidate.beyond or candidate.glossary_side)
    return dense_ok or lexical_ok or glossed_ok


def fingerprint(text: str) -> bytes:
    """The same text whatever its case and spacing."""
    return hashlib.sha1(" ".join(text.lower().split()).encode()).digest()


def dedupe(items: Iterable[T], text: Callable[[T], str], document: Callable[[T], str],
           item: Callable[[T], str | None] = lambda _: None) -> list[tuple[T, list[str]]]:
    """Each text once, in the given order, with the other documents that hold it. The same text
    under two agenda items of one document stays twice: two items with the same decision are two
    results (an item's title in the minutes' agenda and over the item itself is one)."""
    kept: list[tuple[T, list[str]]] = []
    first: dict[bytes, tuple[T, list[str]]] = {}
    items_shown: set[tuple[bytes, str | None]] = set()
    for entry in items:
        key = fingerprint(text(entry))
        if key in first:
            shown, also = first[key]
            where = document(entry)
            if where != document(shown):
                if where not in also:
                    also.append(where)
                continue
            if item(entry) is None or item(shown) is None or (key, item(entry)) in items_shown:
                continue
        kept.append((entry, []))
        first.setdefault(key, kept[-1])
        items_shown.add((key, item(entry)))
    return kept


# A paragraph of fewer words than this that holds none of the query's is found by the agenda item it is embedded with,
# not by what it says: the case's routing ("Klima-, Teknik- og Miljøudvalget."), a decision in a word ("1.-3.
# Anbefales."), an attachment's name. It gives its place to its item's own paragraph where one is listed too, as an item's
# heading does (`headings_give_way`). Chosen for the reader: tuning recall@5 and MRR@10 unchanged on the sample and
# Greve (median good results on Greve 88 -> 86.5).
SLIGHT_WORDS = 8


def slight(candidate: Candidate, text: str, heading: str | None = None) -> bool:
    """Whether a paragraph says little of its own (fewer than SLIGHT_WORDS words) and holds none of the query's
    words, only lists its item's attachments by name (`ATTACHMENT_LIST`), or is a line of its case's history
    ("Sagens forløb": "14-03-2022 Social- og Handicapudvalget … Orienteringen blev taget til efterretning") holding
    none of the query's words: it names when the case was treated, and its item's title made it near."""
    return (not candidate.coverage and not candidate.glossed
            and (len(_WORD.findall(text)) < SLIGHT_WORDS or is_history(heading))) \
        or bool(ATTACHMENT_LIST.match(text))


# An agenda item's list of its attachments by name ("Bilag: Bilag 1 - Årsregnskab 2022; Bilag 2 - …"): it names
# what the item is about in its titles' words, and answers no question; it gives its place to its item's own
# paragraph as a slight line does (a journalist's walk found such lists among the first results of five questions).
ATTACHMENT_LIST = re.compile(r"\s*(?:Bilag|Attachments?)\s*:")


def headings_give_way(pairs: list[tuple[T, list[str]]], is_heading: Callable[[T], bool],
                      place: Callable[[T], tuple[str, str | None]]) -> list[tuple[T, list[str]]]:
    """`pairs` (from `dedupe`) with each agenda item's heading ("17. Huslejestigninger på plejecentre …"), or a line
    that says little of its own (`slight`), giving its place to the best paragraph of its own item that is also listed: a card with the item's
    words, not its title alone (the paragraph's card names the item). A heading whose item has nothing
    else listed (a closed item, whose title is all that is public) keeps its place. `place`: (document,
    item number); an entry without an item number is never a heading here."""
    body_at: dict[tuple[str, str | None], int] = {}
    for at, (entry, _) in enumerate(pairs):
        if not is_heading(entry) and place(entry)[1] is not None:
            body_at.setdefault(place(entry), at)
    moved: set[int] = set()
    out: list[tuple[T, list[str]]] = []
    for at, pair in enumerate(pairs):
        entry = pair[0]
        if at in moved:
            continue
        best = body_at.get(place(entry)) if is_heading(entry) and place(entry)[1] is not None else None
        if best is None:
            out.append(pair)
        elif best > at and best not in moved:  # the item's paragraph takes the heading's place
            out.append(pairs[best])
            moved.add(best)
        # else its item's paragraph stands above it already (or took another heading's place): left out
    return out


# Near-copies (`fold_copies`): a committee's agenda item goes on to Økonomiudvalget and the council
# with its text slightly changed (a sentence or a date added, "Økonomiudvalgets indstilling"), an
# item's title comes back under another item number, a standing text returns meeting after meeting.
# Two paragraphs of different documents are copies when, a leading item number aside, at least
# COPY_SIMILARITY of the words of either is in both (Jaccard of their word sets) and the figures of
# one (words with a digit: amounts, dates) are all in the other: a status report with this month's
# figures is news, not a copy. Chosen on the tuning questions (benchmarks/near_copies.py, RESULTS.md,
# "Near-copies"): 0.6, 0.7 and 0.8 scored alike; 0.8 folds the fewest paragraphs that differ in substance.
COPY_SIMILARITY = 0.8
_ITEM_NUMBER = re.compile(r"^\s*\d+\.\s")
# A section's name the PDF's text runs into its paragraph ("Økonomiske konsekvenser og finansiering
# Rygestopindsatsen afholdes …") where the meeting system's field holds the paragraph alone.
_SECTION_LEAD = re.compile(r"^\s*(?i:" + "|".join(re.escape(s) for s in sorted(ITEM_SECTIONS, key=len, reverse=True))
                           + r")\s+(?=[A-ZÆØÅ])")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=8192)
def copy_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """What `fold_copies` compares of `text`: its words (casefolded, a leading item number such as
    "13. " and a leading section name such as "Økonomiske konsekvenser og finansiering" left out) and those of them that hold a digit (its figures). Cached: a search compares
    the same paragraphs for its page and its facet counts, and the next page again."""
    words = frozenset(_WORD.findall(_SECTION_LEAD.sub("", _ITEM_NUMBER.sub("", text, count=1), count=1).casefold()))
    return words, frozenset(w for w in words if not w.isalpha())


def near_copy(first: str, second: str, similarity: float = COPY_SIMILARITY) -> bool:
    """Whether two texts are copies in the sense of `fold_copies` (documents aside)."""
    (words, figures), (other, other_figures) = copy_words(first), copy_words(second)
    return _copies(words, figures, other, other_figures, similarity)


def _copies(words: frozenset[str], figures: frozenset[str], other: frozenset[str],
            other_figures: frozenset[str], similarity: float) -> bool:
    if not words or not other or not (figures <= other_figures or other_figures <= figures):
        return False
    return len(words & other) >= similarity * len(words | other) - 1e-9


# One meeting's minutes in two documents (the PDF and the meeting system's export of it) cut its
# text into paragraphs at different points: the PDF's one sentence is the start of the export's
# paragraph of three. On one page of one meeting, a paragraph whose words are at least CONTAINED of
# them in a paragraph of the other document (and all its figures) is a copy of it (`contained`),
# when it has at least CONTAINED_WORDS words ("Godkendt." could stand in any paragraph of the page).
CONTAINED = 0.9
CONTAINED_WORDS = 5


def contained(first: str, second: str) -> bool:
    """Whether the shorter of two texts (in words) stands nearly whole in the longer (`CONTAINED`);
    for two paragraphs of one page of one meeting only (`fold_copies`' `place`)."""
    return _contained(*copy_words(first), *copy_words(second))


def _contained(words: frozenset[str], figures: frozenset[str], other: frozenset[str],
               other_figures: frozenset[str]) -> bool:
    (inner, inner_figures), (outer, outer_figures) = sorted(((words, figures), (other, other_figures)),
                                                             key=lambda pair: len(pair[0]))
    return (len(inner) >= CONTAINED_WORDS and inner_figures <= outer_figures
            and len(inner & outer) >= CONTAINED * len(inner) - 1e-9)


@lru_cache(maxsize=1 << 16)
def _first_words(words: frozenset[str], similarity: float) -> tuple[str, ...]:
    """The words `fold_copies` looks up a text's possible copies by: its first len - ceil(s·len) + 1 in one order
    of all words, the longest first (the rarest, mostly). One order for every list: a text's are worked out once,
    however many lists (a search's, each of its filters') it stands in."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return tuple(ordered[:len(ordered) - math.ceil(similarity * len(ordered) - 1e-9) + 1])


def fold_copies(pairs: Iterable[tuple[T, list[str]]], text: Callable[[T], str], document: Callable[[T], str],
                similarity: float = COPY_SIMILARITY,
                place: Callable[[T], Hashable | None] = lambda _: None) -> list[tuple[T, list[str]]]:
    """`dedupe`'s (result, other documents) pairs with each near-copy (`near_copy`) of a result
    ranked above it in another document folded into that one: left out, its document and its
    other documents added to that result's. In the given order; the other lists are extended in place.
    `place`: where a result stands (its meeting and page; None: nowhere known): of two results of one
    place, one standing nearly whole in the other (`contained`) is a copy too, whichever is longer.

    Only a result that stays shown takes copies in, so folding never chains (C like B like A, but
    C unlike A, stays). Two results of one document both stay, as in `dedupe`. A pair is only
    compared when it shares one of the first words of the later one (prefix filtering: in any one
    order of all words, two sets with a Jaccard of at least s share one of the first
    len - ceil(s·len) + 1 words of either; longest first, `_first_words`, as the rarest mostly are),
    or stands at its place, so a long list costs a few comparisons per result, not one per pair."""
    pairs = list(pairs)
    found = [copy_words(text(entry)) for entry, _ in pairs]
    places = [place(entry) for entry, _ in pairs]
    at_place: dict[Hashable, list[int]] = {}  # a place -> the shown results standing there
    shared: dict[str, list[int]] = {}  # a word -> the shown results that have it among their first words
    kept_at: dict[int, int] = {}  # a shown result's position in `pairs` -> its place in `kept`
    kept: list[tuple[T, list[str]]] = []
    for n, ((entry, also), (words, figures)) in enumerate(zip(pairs, found)):
        first = _first_words(words, similarity)
        where, here = document(entry), places[n]
        neighbours = set(at_place.get(here, ())) if here is not None else set()
        into = next((k for k in sorted({k for word in first for k in shared.get(word, ())} | neighbours)
                     if document(pairs[k][0]) != where
                     and (_copies(words, figures, *found[k], similarity)
                          or (k in neighbours and _contained(words, figures, *found[k])))), None)
        if into is None:
            kept_at[n] = len(kept)
            kept.append((entry, also))
            for word in first:
                shared.setdefault(word, []).append(n)
            if here is not None:
                at_place.setdefault(here, []).append(n)
            continue
        shown, shown_also = kept[kept_at[into]]
        for other in (where, *also):
            if other != document(shown) and other not in shown_also:
                shown_also.append(other)
    return kept

"""Calibrate the relevance floor (`indexer.rank.FLOORS`) on the tuning part of the labelled queries.

For each tuning query, the unfloored ranking of each mode is taken (top 10, as the app
shows it); for the results that are relevant (their text holds a labelled snippet) the
dense cosine and the lexical coverage (share of the query's BM25 terms held) are
collected. Chosen:
- dense threshold: the highest multiple of 0.005 that keeps >= 90 % of the relevant
  results of the dense ranking (multilingual-e5-small gives unrelated text cosines of
  0.78-0.85, so a stricter floor costs relevant results quickly);
- coverage threshold (lexical mode): the highest of 1, 2/3, 1/2, 1/3, 1/4, 1/5, any that
  keeps >= 90 % of the relevant results of the lexical ranking;
- hybrid: the dense threshold, or at least half of the query's BM25 terms (a strong match).
Then both parts are scored with and without the floor (recall@5, MRR@10), and nonsense
queries are checked to give no results. Reproduce:

    python -m indexer build archive --index index
    python benchmarks/calibrate_floor.py --index index
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer import rank  # noqa: E402
from indexer.evaluate import load_queries, mean_scores, normalise, score_ranking  # noqa: E402
from indexer.query import Filters  # noqa: E402
from indexer.search import Archive  # noqa: E402

NONSENSE = ["xyzzyqwerty flumbo", "qwxz blorptang vimmelskaft", "asdf jkl", "lorem ipsum dolor sit amet",
            "zzzz", "purple elephant quantum banana", "flibbertigibbet"]
KEEP = 0.90  # share of the tuning queries' relevant top-10 results the floor must keep
COVERAGES = (1.0, 2 / 3, 0.5, 1 / 3, 0.25, 0.2, 1e-6)  # the last: any one term


def unfloored(archive: Archive, text: str, mode: str):
    """(candidates of the top 10, their texts) for `text` without the floor."""
    query = archive.analyse(text)
    weight = rank.lexical_weight(mode, query.language)
    vector = query.vector if mode != "lexical" else None
    with archive._snapshot() as store:
        pool, rows, _, _ = archive._pool(store, query, vector, rank.CANDIDATES, weight, mode, Filters())
    order = rank.fuse([c for c in pool.values() if c.vec_id in rows], weight, mode)
    kept = [c for c, _ in rank.dedupe(order, lambda c: rows[c.vec_id].text, lambda c: rows[c.vec_id].document)]
    return kept[:10], [rows[c.vec_id].text for c in kept[:10]]


def relevant_signals(archive, queries, mode):
    cosines, coverages = [], []
    for q in queries:
        candidates, texts = unfloored(archive, q.query, mode)
        for candidate, text in zip(candidates, texts):
            if any(s in normalise(text) for s in q.relevant):
                if candidate.cosine is not None:
                    cosines.append(candidate.cosine)
                coverages.append(candidate.coverage)
    return np.array(cosines), np.array(coverages)


def scores(archive, queries, mode, floor: bool):
    return mean_scores([score_ranking([h.text for h in archive.search(q.query, k=10, mode=mode, floor=floor)],
                                      q.relevant) for q in queries])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--collection", action="append", default=None,
                        help="only queries about this collection (repeatable; default: all)")
    args = parser.parse_args()
    archive = Archive.open(args.index)

    def chosen(part):
        return [q for q in load_queries(part=part) if args.collection is None or q.collection in args.collection]

    tuning, heldout = chosen("tuning"), chosen("heldout")
    dense_cos, _ = relevant_signals(archive, tuning, "dense")
    _, lexical_cov = relevant_signals(archive, tuning, "lexical")
    t_dense = max(t for t in np.arange(0.70, 0.95, 0.005) if (dense_cos >= t - 1e-9).mean() >= KEEP)
    t_dense = round(float(t_dense), 3)
    t_cover = next(c for c in COVERAGES if (lexical_cov >= c - 1e-9).mean() >= KEEP)
    report = {"tuning_queries": len(tuning), "heldout_queries": len(heldout),
              "relevant_dense_cosines": {"n": len(dense_cos), "min": float(dense_cos.min()),
                                         "p2": float(np.percentile(dense_cos, 2)), "median": float(np.median(dense_cos))},
              "relevant_lexical_coverage": {"n": len(lexical_cov), **{f"share>={c:.2f}": float((lexical_cov >= c - 1e-9).mean())
                                                                       for c in COVERAGES}},
              "chosen": {"dense": t_dense, "coverage": round(t_cover, 4)}}
    rank.FLOORS.update({"dense": rank.Floor(t_dense, None), "lexical": rank.Floor(None, t_cover),
                        "hybrid": rank.Floor(t_dense, 0.5)})
    nonsense_max = []
    for text in NONSENSE:
        _, texts = unfloored(archive, text, "dense")
        nonsense_max.append(max((c.cosine for c in unfloored(archive, text, "dense")[0]), default=0.0))
    report["nonsense_best_cosine"] = dict(zip(NONSENSE, [round(x, 4) for x in nonsense_max]))
    report["nonsense_results"] = {mode: {text: archive.search(text, k=10, mode=mode).total for text in NONSENSE}
                                  for mode in rank.MODES}
    report["scores"] = {part: {mode: {"floor": scores(archive, qs, mode, True), "no_floor": scores(archive, qs, mode, False)}
                               for mode in rank.MODES}
                        for part, qs in (("tuning", tuning), ("heldout", heldout))}
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

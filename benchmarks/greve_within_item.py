"""Prototype, not in the library: re-choose the paragraphs within each agenda item (case) by their
own text, measured on the Greve tuning questions only.

The index embeds each paragraph with its agenda item's title in front (`passages.EMBED_CONTEXT =
"item"`), so all paragraphs of the right item look alike to the query, and the item's best
paragraph for the question is often not the one it shows first (`greve_misses.py`: the largest
group of misses, "item choice"). Here the library's hybrid ranking (with the floor) is kept as it
is, and only *which* paragraphs of a case fill that case's places is changed: within the top
`--window` results, the places taken by one case (its case number, so the copies in later
meetings count; else the document's agenda item) are refilled with the case's paragraphs from
the whole top 100 (`--pool`), best first by

* `own`: the cosine of the query and the paragraph's text alone (no titles, no heading);
* `mix`: the mean of `own` and the stored (item-context) cosine.

Other cases keep their places, so the case order, the floor and everything outside the window
are unchanged. Texts of 2024 meetings are never printed.

    INDEXER_VECTOR_CACHE=off python benchmarks/greve_within_item.py --index INDEX [--window 10]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.greve_misses import QUERIES, tuning_rows  # noqa: E402
from indexer.search.archive import Archive  # noqa: E402
from indexer.search.evaluate import normalise, score_ranking  # noqa: E402


def group_key(hit) -> tuple:
    return ("case", hit.case_number) if hit.case_number else ("item", hit.document, hit.item_number)


def rechoose(hits: list, scores: np.ndarray, window: int) -> list:
    """Within the first `window` hits, each case's places refilled with its best-scoring hits."""
    members: dict[tuple, list[int]] = {}
    for i, hit in enumerate(hits):
        members.setdefault(group_key(hit), []).append(i)
    out = list(hits)
    for key, idx in members.items():
        places = [i for i in idx if i < window]
        if not places:
            continue
        best = sorted(idx, key=lambda i: -scores[i])[:len(places)]
        for place, i in zip(places, best):
            out[place] = hits[i]
    # a hit moved up may still also sit at its old place further down: keep the first occurrence
    seen, unique = set(), []
    for hit in out:
        if hit.id not in seen:
            seen.add(hit.id)
            unique.append(hit)
    return unique


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--pool", type=int, default=100)
    args = parser.parse_args()
    archive = Archive.open(args.index)
    embedder = archive.embedder
    rows = tuning_rows(args.queries)
    results = {"before": [], "own": [], "mix": []}
    for row in rows:
        snippets = [normalise(s) for s in row["relevant"]]
        query = archive.analyse(row["query"])
        hits = archive.search(query, k=args.pool, mode="hybrid").hits
        results["before"].append(score_ranking([h.text for h in hits], snippets))
        if not hits:
            for name in ("own", "mix"):
                results[name].append(results["before"][-1])
            continue
        own = embedder.embed_passages([h.text for h in hits]) @ query.vector
        stored = np.array([h.dense_score if h.dense_score is not None else own[i] for i, h in enumerate(hits)])
        for name, scores in (("own", own), ("mix", (own + stored) / 2)):
            ranked = rechoose(hits, scores, args.window)
            results[name].append(score_ranking([h.text for h in ranked], snippets))

    def mean(values, key):
        return sum(v[key] for v in values) / len(values)

    groups = [("all", lambda r: True), ("first round (32)", lambda r: not r["added"]),
              ("added (44)", lambda r: r["added"]), ("da", lambda r: r["lang"] == "da"),
              ("en", lambda r: r["lang"] == "en")]
    print(f"window {args.window}, pool {args.pool}; recall@5 / MRR@10 / hit@5")
    print("| tuning | before | own text | mean of own and stored |\n|---|---|---|---|")
    for name, test in groups:
        idx = [i for i, r in enumerate(rows) if test(r)]
        cells = []
        for variant in ("before", "own", "mix"):
            values = [results[variant][i] for i in idx]
            cells.append(f"{mean(values, 'recall@5'):.3f} / {mean(values, 'mrr@10'):.3f} / {mean(values, 'hit@5'):.3f}")
        print(f"| {name} ({len(idx)}) | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

"""The agenda item's centroid in the dense score, as a prototype over an existing index.

In:  an index (its stored paragraph vectors), a labelled questions file, a part and a collection.
Out: recall@5 / MRR@10 per language, dense and hybrid, without and with the floor, for each
     variant: the dense side ordered by (cos(q, p) + λ · cos(q, context(p))) / (1 + λ), the
     context being the centroid of the paragraph's agenda item (or heading group), the mean of
     its neighbours, or the centroid of an agenda item of at most 30 paragraphs ("small").
     Only `Retrieval._dense` is wrapped; the library is not changed.

    python -m benchmarks.bench_item_centroid --index /tmp/sample-index --part tuning
    python -m benchmarks.bench_item_centroid --index IDX --queries benchmarks/queries/greve.json --collection greve --part tuning
    python -m benchmarks.bench_item_centroid --index IDX --part heldout --variant small:0.25   # one scoring, listed in RESULTS
"""
from __future__ import annotations

import argparse
import json
import sqlite3
from collections import Counter
from pathlib import Path

import numpy as np

from indexer.search import retrieve
from indexer.search.archive import Archive
from indexer.search.evaluate import DEFAULT_QUERIES, load_queries, score_ranking

VARIANTS = ("item:0.25", "item:0.5", "item:1.0", "nbr:0.5", "nbr:1.0", "itemonly:0.25", "itemonly:0.5",
            "small:0.25", "small:0.5")
SMALL_ITEM = 30  # paragraphs: a longer item (a parliament debate) is not one matter


def contexts(index: Path) -> tuple[dict[int, int], dict[str, np.ndarray]]:
    """Row of each vec_id, and per kind of context a matrix of context vectors by row."""
    con = sqlite3.connect(index / "archive.sqlite")
    rows = con.execute("SELECT vec_id, document, item_number, heading, vector FROM paragraphs "
                       "WHERE vector IS NOT NULL AND searchable ORDER BY document, position").fetchall()
    vectors = np.stack([np.frombuffer(r[4], dtype=np.float32) for r in rows])

    def centroids(keys: list) -> np.ndarray:
        groups: dict = {}
        for i, key in enumerate(keys):
            groups.setdefault(key, []).append(i)
        out = np.zeros_like(vectors)
        for members in groups.values():
            mean = vectors[members].mean(0)
            out[members] = mean / (np.linalg.norm(mean) + 1e-9)
        return out

    items = [(r[1], r[2]) if r[2] else ("own", i) for i, r in enumerate(rows)]
    size = Counter(items)
    neighbours = vectors.copy()
    for i in range(len(rows)):
        same = [j for j in (i - 1, i + 1) if 0 <= j < len(rows) and rows[j][1] == rows[i][1]]
        mean = vectors[[i, *same]].sum(0)
        neighbours[i] = mean / (np.linalg.norm(mean) + 1e-9)
    kinds = {"item": centroids([(r[1], r[2]) if r[2] else (r[1], r[3] or "") for r in rows]),
             "itemonly": centroids(items),
             "small": centroids([k if k[0] != "own" and size[k] <= SMALL_ITEM else ("own", i)
                                 for i, k in enumerate(items)]),
             "nbr": neighbours}
    return {r[0]: i for i, r in enumerate(rows)}, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--collection", default=None)
    parser.add_argument("--part", choices=("tuning", "heldout"), default="tuning")
    parser.add_argument("--variant", action="append", help=f"kind:λ (default: {', '.join(VARIANTS)})")
    args = parser.parse_args()
    questions = [q for q in load_queries(args.queries, part=args.part)
                 if args.collection is None or q.collection == args.collection]
    row_of, kinds = contexts(args.index)
    state: dict = {"kind": None, "lam": 0.0}
    nearest = retrieve.Retrieval._dense

    def blended(self, store, vector, depth, filters):
        found = nearest(self, store, vector, depth, filters)
        if state["kind"] is None:
            return found
        context, lam = kinds[state["kind"]], state["lam"]
        scored = [((cos + lam * (float(context[row_of[i]] @ vector) if i in row_of else cos)) / (1 + lam), i)
                  for i, cos in found]
        return [(i, score) for score, i in sorted(scored, key=lambda t: -t[0])]

    retrieve.Retrieval._dense = blended
    archive = Archive.open(args.index)
    for variant in ["none", *(args.variant or VARIANTS)]:
        kind, lam = (None, 0.0) if variant == "none" else (variant.split(":")[0], float(variant.split(":")[1]))
        state.update(kind=kind, lam=lam)
        for mode in ("dense", "hybrid"):
            scores: dict[str, list] = {"no floor": [], "floor": []}
            for q in questions:
                for label, floor in (("no floor", False), ("floor", True)):
                    hits = archive.search(q.query, k=10, mode=mode, floor=floor)
                    scores[label].append((q.lang, score_ranking([h.text for h in hits], q.relevant)))
            line = {}
            for label, rows in scores.items():
                for lang in ("all", "da", "en"):
                    chosen = [s for l, s in rows if lang in ("all", l)]
                    if chosen:
                        line[f"{lang} {label}"] = [round(sum(s[m] for s in chosen) / len(chosen), 3)
                                                   for m in ("recall@5", "mrr@10")]
            print(variant, mode, json.dumps(line), flush=True)


if __name__ == "__main__":
    main()

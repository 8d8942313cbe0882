"""Prototype, not in the library: at most CAP paragraphs of one case (its case number, else the
document's agenda item) among the first 10 results, the others waiting below them, measured on the
Greve tuning questions only (`greve_misses.py` found 11 of the 24 "item choice" misses crowded: two or
more of the top 5 from one other case).

    INDEXER_VECTOR_CACHE=off python benchmarks/greve_diversify.py --index INDEX
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.greve_misses import QUERIES, tuning_rows  # noqa: E402
from benchmarks.greve_within_item import group_key  # noqa: E402
from indexer.search.archive import Archive  # noqa: E402
from indexer.search.evaluate import normalise, score_ranking  # noqa: E402

WINDOW = 10


def diversify(hits: list, cap: int, window: int = WINDOW) -> list:
    """`hits` with no more than `cap` of one case among the first `window`; the rest keep their order."""
    out, waiting, count = [], [], {}
    for hit in hits:
        key = group_key(hit)
        if len(out) < window and count.get(key, 0) >= cap:
            waiting.append(hit)
            continue
        count[key] = count.get(key, 0) + 1
        out.append(hit)
        if len(out) == window:
            out, waiting = out + waiting, []
    return out + waiting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=QUERIES)
    args = parser.parse_args()
    archive = Archive.open(args.index)
    rows = tuning_rows(args.queries)
    variants = {"as now": None, "cap 1": 1, "cap 2": 2, "cap 3": 3}
    scored: dict[str, list] = {name: [] for name in variants}
    for row in rows:
        snippets = [normalise(s) for s in row["relevant"]]
        hits = archive.search(row["query"], k=50, mode="hybrid").hits
        for name, cap in variants.items():
            ranked = hits if cap is None else diversify(hits, cap)
            scored[name].append(score_ranking([h.text for h in ranked], snippets))
    print("| tuning | " + " | ".join(variants) + " |")
    print("|---" * (len(variants) + 1) + "|")
    for group, test in (("all", lambda r: True), ("da", lambda r: r["lang"] == "da"), ("en", lambda r: r["lang"] == "en")):
        idx = [i for i, r in enumerate(rows) if test(r)]
        cells = []
        for name in variants:
            values = [scored[name][i] for i in idx]
            cells.append(" / ".join(f"{sum(v[key] for v in values) / len(values):.3f}"
                                    for key in ("recall@5", "mrr@10", "hit@5")))
        print(f"| {group} ({len(idx)}) | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

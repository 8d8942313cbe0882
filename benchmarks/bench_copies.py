"""What folding near-copies (`rank.fold_copies`) costs per search: the tuning questions of one
index searched as the app searches them (hybrid, floor on, first page of 10), each with and without
the folding, interleaved, after a warm-up; and the time spent in `fold_copies` itself.

    INDEXER_VECTOR_CACHE=off python benchmarks/bench_copies.py --index INDEX \\
        --queries benchmarks/queries/greve.json [--rounds 3]

Only the tuning questions are loaded.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.search import rank  # noqa: E402
from indexer.search.archive import Archive  # noqa: E402
from indexer.search.evaluate import DEFAULT_QUERIES, load_queries  # noqa: E402

_fold = rank.fold_copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    archive = Archive.open(args.index)
    queries = [q.query for q in load_queries(args.queries, part="tuning")]
    analysed = [archive.analyse(q) for q in queries]  # the model's time is not what is measured
    spent: list[float] = []

    def timed_fold(*a, **kw):
        started = time.perf_counter()
        out = _fold(*a, **kw)
        spent.append(time.perf_counter() - started)
        return out

    for query in analysed:  # warm-up
        archive.search(query, k=10)
    times: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(args.rounds):
        for query in analysed:
            for name in ("without", "with"):
                rank.fold_copies = timed_fold if name == "with" else (lambda pairs, *a, **kw: list(pairs))
                rank.copy_words.cache_clear()  # the first page of a new question: nothing cached
                started = time.perf_counter()
                archive.search(query, k=10)
                times[name].append(1000 * (time.perf_counter() - started))
    rank.fold_copies = _fold
    per_search = 1000 * sum(spent) / len(times["with"])
    for name, values in times.items():
        values.sort()
        print(f"{name}: p50 {statistics.median(values):.1f} ms, p95 {values[int(0.95 * len(values)) - 1]:.1f} ms "
              f"({len(values)} searches)")
    print(f"fold_copies: {per_search:.2f} ms per search (mean, copy_words cache emptied before each search)")


if __name__ == "__main__":
    main()

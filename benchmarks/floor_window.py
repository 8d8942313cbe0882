"""The relevance floor's window (`rank.Floor.window`), tuning questions only: per window, recall@5
and MRR@10 (hybrid with the floor), how many labelled snippets stand among all the "good results"
(not only the first five) and the median count of good results.

    python benchmarks/floor_window.py INDEX QUERIES_FILE
"""
import statistics
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from indexer.search import rank  # noqa: E402
from indexer.search.archive import Archive  # noqa: E402
from indexer.search.evaluate import load_queries, mean_scores, normalise, score_ranking  # noqa: E402

index, qfile = sys.argv[1], sys.argv[2]
collection = sys.argv[3] if len(sys.argv) > 3 else None  # e.g. "minutes"
archive = Archive.open(index)
queries = [q for q in load_queries(qfile) if q.part == "tuning" and (collection is None or q.collection == collection)]
base = rank.FLOORS["hybrid"]
for window in (0.03, 0.025, 0.02, 0.015, 0.01):
    rank.FLOORS["hybrid"] = replace(base, window=window)
    found = total = 0
    counts, scores = [], []
    for q in queries:
        res = archive.search(q.query, k=None, mode="hybrid")
        scores.append(score_ranking([h.text for h in res.hits[:10]], q.relevant))
        texts = [normalise(h.text) for h in res.hits]
        found += sum(any(s in t for t in texts) for s in q.relevant)
        total += len(q.relevant)
        counts.append(res.total)
    mean = mean_scores(scores)
    print(f"window {window}: recall@5 {mean['recall@5']:.3f}, MRR@10 {mean['mrr@10']:.3f}, labelled snippets among all good results {found}/{total}, "
          f"median good results {statistics.median(counts)}", flush=True)

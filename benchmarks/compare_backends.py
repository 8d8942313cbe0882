"""torch against ONNX Runtime fp32 on one index: do their vectors agree (cosine per vector on a
sample of the archive's passages; the labelled questions retrieve the same paragraphs) and how
fast is each (passages/s, queries/s on this machine)?

The index is searched with each backend's query vectors against its stored (torch) paragraph
vectors, and the sample's passages are embedded by both. Reproduce:

    python -m indexer build archive --index index
    python benchmarks/compare_backends.py --index index [--sample 512] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.embed.embedder import Embedder  # noqa: E402
from indexer.records import Filters  # noqa: E402
from indexer.search.archive import Archive  # noqa: E402
from indexer.search.evaluate import load_queries, mean_scores, score_ranking  # noqa: E402


def sample_texts(archive: Archive, size: int) -> list[str]:
    """An evenly spread sample of the archive's paragraphs, as embedded (title, heading, text)."""
    with archive._snapshot() as store:
        ids = sorted(store.ids_matching(Filters()))
        step = max(1, len(ids) // size)
        hits = store.hits(ids[::step][:size])
    return ["\n".join(p for p in (h.title, h.heading if h.heading and not h.text.startswith(h.heading) else None, h.text) if p)
            for h in hits.values()]


def timed(embed, texts, repeats: int = 2) -> float:
    """Best texts/s over `repeats` runs."""
    best = 0.0
    for _ in range(repeats):
        started = time.perf_counter()
        embed(texts)
        best = max(best, len(texts) / (time.perf_counter() - started))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--sample", type=int, default=512)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    archive = Archive.open(args.index)
    texts = sample_texts(archive, args.sample)
    backends = {name: Embedder(backend=name, vector_cache=False) for name in ("torch", "onnx-fp32")}
    vectors = {name: e.embed_passages(texts) for name, e in backends.items()}
    cosines = np.sum(vectors["torch"] * vectors["onnx-fp32"], axis=1)
    report = {"passages": len(texts), "cosine_min": float(cosines.min()), "cosine_p01": float(np.percentile(cosines, 1)),
              "cosine_mean": float(cosines.mean()), "below_0.9999": int((cosines < 0.9999).sum())}
    queries = load_queries(part="all")
    texts_q = [q.query for q in queries]
    qvecs = {name: e.embed_queries(texts_q) for name, e in backends.items()}
    qcos = np.sum(qvecs["torch"] * qvecs["onnx-fp32"], axis=1)
    report["query_cosine_min"] = float(qcos.min())
    rankings = {}
    for name, e in backends.items():
        rankings[name] = []
        for q, v in zip(queries, qvecs[name]):
            query = archive.analyse(q.query)
            query.__dict__["vector"] = v  # this backend's query vector (cached_property slot)
            rankings[name].append([h.id for h in archive.search(query, k=10)])
    same = [a == b for a, b in zip(rankings["torch"], rankings["onnx-fp32"])]
    report["identical_top10"] = f"{sum(same)}/{len(same)}"
    report["differing"] = [q.query for q, s in zip(queries, same) if not s]
    for name, e in backends.items():
        ranked = [[archive.paragraph(i).text for i in ids] for ids in rankings[name]]
        report[f"{name}_scores"] = mean_scores([score_ranking(r, q.relevant) for r, q in zip(ranked, queries)])
    for name, e in backends.items():
        report[f"{name}_passages_per_s"] = round(timed(lambda t, e=e: e.embed_passages(t), texts), 1)
        started = time.perf_counter()
        for text in texts_q[:100]:
            e.embed_query(text)
        report[f"{name}_ms_per_query"] = round(1000 * (time.perf_counter() - started) / 100, 1)
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""What one machine holds: memory per paragraph of FAISS index types, and SQLite FTS5 size and speed.

Figures for docs/scale.md, measured rather than computed from formulas:

* FAISS (`--faiss N`): N random unit vectors of 384 dimensions (multilingual-e5-small's size)
  into each candidate index type, each in a child process; reports the serialized size and
  the growth of the process's resident memory per vector, the build time, and single-query
  latency (one thread). Memory and time do not depend on what the vectors mean, so random
  vectors serve; recall does, and is measured on model vectors by bench_scale instead.
* FTS5 (`--fts N`): N synthetic paragraphs made of the sample archive's real sentences
  (benchmarks/synthetic.py), stemmed as the build stems them, in an FTS5 table of the
  index's schema; reports bytes per paragraph and BM25 query latency for the evaluation queries.

    python -m benchmarks.bench_capacity --faiss 200000 --fts 100000
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

DIM = 384
# (name, FAISS factory string, search-time setting): the index kinds the archive uses, and the
# two it would move to beyond one machine's RAM (IVF with 8-bit or product-quantised codes).
KINDS = [
    ("flat", "IDMap2,Flat", None),
    ("hnsw M=32", "IDMap2,HNSW32,Flat", ("efSearch", 512)),
    ("hnsw_sq8 M=32", "IDMap2,HNSW32,SQ8", ("efSearch", 512)),
    ("ivf_sq8", "IDMap2,IVF{nlist},SQ8", ("nprobe", 32)),
    ("ivf_pq48", "IDMap2,IVF{nlist},PQ48", ("nprobe", 32)),
    ("ivf_pq48 (no id map)", "IVF{nlist},PQ48", ("nprobe", 32)),
]


def _rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    x = rng.standard_normal((n, DIM), dtype=np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def _measure_faiss(name: str, factory: str, setting, n: int, queue) -> None:
    import faiss

    rng = np.random.default_rng(0)
    nlist = max(64, int(4 * np.sqrt(n)))  # the usual rule of thumb, rounded down
    vectors = _unit(rng, n)
    ids = np.arange(n, dtype=np.int64) * 7919 + 3  # sparse keys, as the archive's are
    queries = _unit(rng, 200)
    index = faiss.index_factory(DIM, factory.format(nlist=nlist), faiss.METRIC_INNER_PRODUCT)
    if "PQ" in factory:  # polysemous codes are a Hamming pre-filter the archive would not use
        faiss.downcast_index(faiss.extract_index_ivf(index)).do_polysemous_training = False
    started = time.perf_counter()
    if not index.is_trained:
        index.train(vectors[: min(n, 50 * nlist)])
    before = _rss_bytes()  # after training: its scratch memory is not the index's
    if "IDMap" in factory:
        index.add_with_ids(vectors, ids)
    else:
        index.add(vectors)
    build_s = time.perf_counter() - started
    grown = _rss_bytes() - before
    serialized = faiss.serialize_index(index).nbytes
    if setting:
        faiss.ParameterSpace().set_index_parameter(index, setting[0], setting[1])
    faiss.omp_set_num_threads(1)
    times = []
    for query in queries:
        t = time.perf_counter()
        index.search(query[None, :], 10)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    queue.put({
        "kind": name, "factory": factory.format(nlist=nlist), "n": n,
        "search": f"{setting[0]}={setting[1]}" if setting else "",
        "serialized_B_per_vector": round(serialized / n, 1), "rss_B_per_vector": round(grown / n, 1),
        "build_s": round(build_s, 1), "p50_ms": round(times[len(times) // 2], 2),
        "p95_ms": round(times[int(len(times) * 0.95)], 2),
    })


def faiss_table(n: int) -> list[dict]:
    rows = []
    for name, factory, setting in KINDS:
        queue = mp.get_context("spawn").Queue()
        proc = mp.get_context("spawn").Process(target=_measure_faiss, args=(name, factory, setting, n, queue))
        proc.start()
        rows.append(queue.get())
        proc.join()
        print(json.dumps(rows[-1]), flush=True)
    return rows


def fts_table(n: int, sample_dir: Path) -> dict:
    from benchmarks.synthetic import Corpus, _paragraph
    from indexer.store import SCHEMA
    from indexer.text.terms import fts_query, stemmed_text

    corpus = Corpus.load(sample_dir)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "fts.sqlite"
        conn = sqlite3.connect(db, isolation_level=None)
        conn.executescript(SCHEMA)
        started = time.perf_counter()
        text_bytes = 0
        conn.execute("BEGIN")
        for rowid in range(1, n + 1):
            text = _paragraph(rng, corpus)
            text_bytes += len(text.encode())
            conn.execute("INSERT INTO paragraphs_fts(rowid, stemmed) VALUES (?, ?)", (rowid, stemmed_text(text)))
        conn.execute("COMMIT")
        conn.execute("INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('optimize')")
        insert_s = time.perf_counter() - started
        conn.execute("VACUUM")
        size = db.stat().st_size
        from indexer.search.evaluate import DEFAULT_QUERIES

        queries = [q["query"] for q in json.loads(DEFAULT_QUERIES.read_text(encoding="utf-8"))]
        times = []
        for _ in range(2):
            for query in queries:
                expression = fts_query(query)
                if not expression:
                    continue
                t = time.perf_counter()
                conn.execute("SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ? "
                             "ORDER BY bm25(paragraphs_fts) LIMIT 100", (expression,)).fetchall()
                times.append((time.perf_counter() - t) * 1000)
        conn.close()
    times.sort()
    row = {"n": n, "fts_B_per_paragraph": round(size / n), "text_B_per_paragraph": round(text_bytes / n),
           "insert_s": round(insert_s, 1), "bm25_p50_ms": round(statistics.median(times), 1),
           "bm25_p95_ms": round(times[int(len(times) * 0.95)], 1), "queries": len(times)}
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faiss", type=int, default=0, help="vectors per FAISS index type (0: skip)")
    parser.add_argument("--fts", type=int, default=0, help="paragraphs in the FTS5 table (0: skip)")
    parser.add_argument("--sample", type=Path, default=Path("archive"))
    args = parser.parse_args()
    if args.faiss:
        faiss_table(args.faiss)
    if args.fts:
        fts_table(args.fts, args.sample)


if __name__ == "__main__":
    main()

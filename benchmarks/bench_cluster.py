"""Reading + embedding throughput: in this process against a Ray cluster with 1, 2, … workers.

For the same files (default: the sample archive's text files, the smallest first, up to
`--paragraphs`), each configuration reads, cleans and segments them and embeds every
searchable paragraph as the build does (`build.passage_text`), with the vector cache off so
that every text is really embedded:

* local: `ingest.ingest_file` and one `embed.Embedder` in this process;
* cluster: `cluster.Cluster(address, workers=N)`: reading as Ray tasks, embedding on N actors.

Reported per configuration: start-up (cluster start or connect), model load (per worker,
measured inside each actor), reading seconds, embedding seconds, and paragraphs/s over reading +
embedding (model load included, cluster start excluded: a long build pays it once).

    python -m benchmarks.bench_cluster --workers 1 2 --paragraphs 200
    python -m benchmarks.bench_cluster --address auto --workers 4 8   # on a running cluster
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import time
from pathlib import Path

from indexer.build.run import passage_text
from indexer.ingest.catalog import load_catalog
from indexer.ingest.scan import scan


def _texts(outcomes) -> dict[str, str]:
    texts = {}
    for record, paragraphs in outcomes:
        for paragraph in paragraphs:
            if not paragraph.is_contents:
                text = passage_text(paragraph, record)
                texts[hashlib.sha1(text.encode()).hexdigest()] = text
    return texts


def pick_sources(archive: Path, paragraphs: int):
    """The smallest text files of `archive` until about `paragraphs` paragraphs (1 per ~400 bytes)."""
    catalog = load_catalog(archive)
    sources = sorted((s for s in scan(archive, catalog) if s.path.suffix.lower() in (".txt", ".md")),
                     key=lambda s: (s.size, s.name))
    chosen, budget = [], paragraphs * 400
    for source in sources:
        if budget <= 0:
            break
        chosen.append(source)
        budget -= source.size
    return chosen, catalog


def run_local(archive: Path, sources, catalog) -> dict:
    from indexer.embed.embedder import Embedder
    from indexer.ingest.pipeline import ingest_file

    started = time.perf_counter()
    outcomes = [ingest_file(s.path, root=archive, catalog=catalog, content_hash=s.sha256) for s in sources]
    read_s = time.perf_counter() - started
    texts = _texts(outcomes)
    started = time.perf_counter()
    embedder = Embedder(vector_cache=False)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    embedder.embed_passages(list(texts.values()))
    embed_s = time.perf_counter() - started
    return {"config": "local (this process)", "workers": 1, "paragraphs": len(texts), "start_s": 0.0,
            "load_s": [round(load_s, 1)], "read_s": round(read_s, 1), "embed_s": round(embed_s + load_s, 1),
            "para_per_s": round(len(texts) / (read_s + load_s + embed_s), 2),
            "embed_only_para_per_s": round(len(texts) / embed_s, 2)}


def run_cluster(archive: Path, sources, catalog, address: str, workers: int) -> dict:
    from indexer.build.cluster import Cluster

    with Cluster(address, workers=workers, vector_cache=False) as cluster:
        started = time.perf_counter()
        cluster.connect()
        start_s = time.perf_counter() - started
        started = time.perf_counter()
        outcomes = cluster.ingest(sources, archive, catalog)
        read_s = time.perf_counter() - started
        texts = _texts(o.result() for o in outcomes.values())
        started = time.perf_counter()
        cluster.embed(texts)
        embed_s = time.perf_counter() - started  # actor start and model load included
        loads = cluster.loads
    return {"config": f"cluster {address}", "workers": workers, "paragraphs": len(texts),
            "start_s": round(start_s, 1), "load_s": [round(load.seconds, 1) for load in loads],
            "devices": sorted({load.device for load in loads}),
            "read_s": round(read_s, 1), "embed_s": round(embed_s, 1),
            "para_per_s": round(len(texts) / (read_s + embed_s), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=Path("archive"))
    parser.add_argument("--paragraphs", type=int, default=200, help="about this many paragraphs")
    parser.add_argument("--address", default="local")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-local", action="store_true", help="skip the in-process run")
    parser.add_argument("--out", type=Path, default=None, help="write the rows as JSON here")
    args = parser.parse_args()
    sources, catalog = pick_sources(args.archive, args.paragraphs)
    rows = []
    if not args.no_local:
        rows.append(run_local(args.archive, sources, catalog))
        print(json.dumps(rows[-1]), flush=True)
    for workers in args.workers:
        rows.append(run_cluster(args.archive, sources, catalog, args.address, workers))
        print(json.dumps(rows[-1]), flush=True)
    rows[0]["load_avg"] = os.getloadavg()[0]
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2))
    print("| configuration | workers | paragraphs | start s | model load s (per worker) | read s | "
          "embed s (load incl.) | paragraphs/s |")
    print("|---|---:|---:|---:|---|---:|---:|---:|")
    for row in rows:
        print(f"| {row['config']} | {row['workers']} | {row['paragraphs']} | {row['start_s']} | "
              f"{', '.join(map(str, row['load_s']))} | {row['read_s']} | {row['embed_s']} | {row['para_per_s']} |")


if __name__ == "__main__":
    main()

"""Scale benchmark: build, re-check, serve and recall on synthetic archives.

Run by hand, not part of the tests:

    . .venv/bin/activate
    python -m benchmarks.bench_scale --sizes 10000 100000 1000000 --repeats 3 --out benchmarks/.cache/scale
    python -m benchmarks.bench_scale --report --out benchmarks/.cache/scale     # markdown table

Per size it: writes a synthetic archive (benchmarks/synthetic.py), builds it from scratch
(`--build-repeats` times, median), re-checks the unchanged archive (a second `build`),
serves queries (hybrid, dense, lexical, hybrid with a body+date filter; end to end with
the query embedded by the serving model, `indexer.embed.embedder.Embedder()`, and with the query
vector precomputed), and measures recall@10 of the chosen FAISS index against exact
search. Every phase runs in its own child process, so its peak RSS (VmHWM) is its own.
Results: <out>/size-<n>.json. `--vectors-only` runs the FAISS side alone (vectors, index
build, recall, latency, the RSS of loading the index), for sizes too big to build in full.

Passage vectors come from `synthetic.RecombinedEmbedder` (real e5 embeddings of 300
sample paragraphs, mixed by sentence origin, plus noise): this 2-core CPU embeds ~1-5
passages/s, so the real model's throughput is reported separately
(benchmarks/bench_embedding.py). Query vectors are real.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
from collections import Counter
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
QUERIES_FILE = next((p for p in (ROOT / "benchmarks" / "queries" / "queries.json",
                     ROOT / "tests" / "data" / "eval_queries.json") if p.is_file()),
                    ROOT / "benchmarks" / "queries" / "queries.json")
N_QUERIES = 50


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM). Not ru_maxrss: after fork + exec that also counts
    the parent's RSS at the fork."""
    return _status_mb("VmHWM")


def rss_mb() -> float:
    """The current resident set size (VmRSS)."""
    return _status_mb("VmRSS")


def percentile(values, q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=np.float64), q))


def load_corpus():
    from benchmarks.synthetic import Corpus

    corpus = Corpus.load(ROOT / "archive")
    vectors, info = corpus.base_embeddings()
    return corpus, vectors, info


def queries() -> list[str]:
    return [q["query"] for q in json.loads(QUERIES_FILE.read_text(encoding="utf-8"))][:N_QUERIES]


# -- child phases ---------------------------------------------------------------------
# ann-benchmarks' tolerance: a result scoring within it of the exact 10th neighbour counts as
# found. The synthetic vectors' exact top 10 is a block of near-ties (median gap between the
# 10th and 11th: 0.00013), so strict id overlap mostly measures the order inside the block.
TIE_EPSILON = 1e-3


def recalls(found: list[np.ndarray], truth: np.ndarray, tenth: np.ndarray, matrix: np.ndarray,
            ids: np.ndarray, qv: np.ndarray) -> tuple[float, float]:
    """(strict, tie-aware) recall@10 of the `found` ids per query against the exact `truth` ids:
    strict counts the exact top 10's ids found; tie-aware counts found results whose exact
    score is at least the exact 10th score (`tenth`) minus TIE_EPSILON. `ids` must be sorted."""
    strict, tied = [], []
    for i, (got, want) in enumerate(zip(found, truth)):
        got = got[got >= 0][:10]
        strict.append(len(set(got) & set(want)) / 10)
        scores = matrix[np.searchsorted(ids, got)] @ qv[i]
        tied.append(min(10, int(np.sum(scores >= tenth[i] - TIE_EPSILON))) / 10)
    return float(np.mean(strict)), float(np.mean(tied))


def phase_build(archive: Path, index: Path) -> dict:
    """A build from scratch, timed stage by stage."""
    import indexer.build.run as B
    import indexer.store.vectors as V
    from benchmarks.synthetic import RecombinedEmbedder
    from indexer.store.documents import DocumentWrites

    corpus, base, _ = load_corpus()
    embedder = RecombinedEmbedder(corpus, base)
    spent: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
        return wrapper

    B.ingest_file = timed("ingest", B.ingest_file)
    # Inserting rows (counting each paragraph's terms included); writing the counted terms.
    DocumentWrites.add_document = timed("sqlite_insert", DocumentWrites.add_document)
    DocumentWrites.write_term_counts = timed("term_counts", DocumentWrites.write_term_counts)
    V.build_index = timed("faiss_build", V.build_index)
    V.write_index = timed("faiss_write", V.write_index)
    shutil.rmtree(index, ignore_errors=True)
    started = time.perf_counter()
    report = B.build(archive, index, embedder=embedder)
    total = time.perf_counter() - started
    from indexer.store.manifest import Manifest

    manifest = Manifest.read(index)
    sizes = {p.name: p.stat().st_size for p in index.iterdir() if p.is_file()}
    return {
        "paragraphs": report.paragraphs, "documents": manifest.documents, "seconds": total,
        "embed_seconds": embedder.seconds, "stages": spent, "faiss": manifest.faiss,
        "disk_bytes": sum(sizes.values()), "files": sizes, "peak_rss_mb": peak_rss_mb(),
    }


def phase_recheck(archive: Path, index: Path) -> dict:
    from indexer.build.run import build

    started = time.perf_counter()
    report = build(archive, index)  # no embedder: an unchanged archive must not need one
    return {"seconds": time.perf_counter() - started, "indexed": len(report.indexed),
            "unchanged": len(report.unchanged), "peak_rss_mb": peak_rss_mb()}


class _Fixed:
    """Query "embedder" handing out precomputed real query vectors (latency without the model)."""

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    def embed_query(self, text: str) -> np.ndarray:
        return self.vectors[text]


def query_embedder():
    """The embedder the app and CLI serve queries with (indexer.embed.embedder.Embedder, bundled model)."""
    from indexer.embed.embedder import Embedder

    return Embedder()


def phase_serve(index: Path, repeats: int) -> dict:
    """Single queries, one after another, per mode; median over `repeats` passes of p50/p95."""
    from indexer.search.archive import Archive, Filters, clean_query

    rss_start = rss_mb()
    texts = queries()
    real = query_embedder()
    real.embed_query("opvarmning")
    rss_model = rss_mb()
    embed_ms = []
    vectors = {}
    for _ in range(repeats):
        for text in texts:
            started = time.perf_counter()
            vectors[clean_query(text)] = real.embed_query(clean_query(text))
            embed_ms.append((time.perf_counter() - started) * 1000)
    opened = time.perf_counter()
    archive = Archive.open(index)  # the real-model check is bypassed: vectors are synthetic
    open_s = time.perf_counter() - opened
    rss_open = rss_mb()
    bodies = [body for body, _ in Counter(d["body"] for d in archive.documents()).most_common()]
    cases = {
        "hybrid": ("hybrid", None), "dense": ("dense", None), "lexical": ("lexical", None),
        "hybrid+filter": ("hybrid", Filters(bodies=(bodies[0],), date_from="2015-01-01", date_to="2016-12-31")),
    }
    results: dict[str, dict] = {}
    for embedder_name, embedder in (("no_embed", _Fixed(vectors)), ("e2e", real)):
        archive._embedder = embedder
        for text in texts[:5]:  # warm caches
            archive.search(text, mode="hybrid")
        for case, (mode, filters) in cases.items():
            p50s, p95s, means = [], [], []
            for _ in range(repeats):
                times = []
                for text in texts:
                    started = time.perf_counter()
                    archive.search(text, k=10, mode=mode, filters=filters)
                    times.append((time.perf_counter() - started) * 1000)
                p50s.append(percentile(times, 50))
                p95s.append(percentile(times, 95))
                means.append(statistics.mean(times))
            results[f"{case}/{embedder_name}"] = {
                "p50_ms": statistics.median(p50s), "p95_ms": statistics.median(p95s),
                "mean_ms": statistics.median(means), "runs": repeats, "queries": len(texts)}
    return {
        "latency": results, "query_embed_ms": {"p50": percentile(embed_ms, 50), "p95": percentile(embed_ms, 95)},
        "open_seconds": open_s, "peak_rss_mb": peak_rss_mb(), "rss_start_mb": rss_start,
        "rss_with_model_mb": rss_model, "rss_after_open_mb": rss_open, "rss_end_mb": rss_mb(),
        "filter_body": bodies[0],
    }


def phase_recall(index: Path, sweep: bool) -> dict:
    """recall@10 of the built FAISS index against exact search, for the real query vectors.

    With `sweep`, also efSearch values of the built graph, and (for <= 200k) other index
    types built on the same vectors, each with its single-query latency.
    """
    import faiss

    from indexer import store
    from indexer.store import vectors as V

    faiss.omp_set_num_threads(1)  # single queries, as the search path runs them (vectors.search)
    from indexer.store.manifest import Manifest

    manifest = Manifest.read(index)
    spec = V.IndexSpec.from_dict(manifest.faiss)
    built = V.read_index(store.faiss_path(index, manifest.generation), spec)
    n, dim = manifest.paragraphs, manifest.model["dimension"]
    opened = store.Store.open(index)
    try:
        with opened.reading():
            ids, matrix = opened.searchable_vectors(set(), dim)
    finally:
        opened.close()
    all_queries = [q["query"] for q in json.loads(QUERIES_FILE.read_text(encoding="utf-8"))]
    qv = query_embedder().embed_queries(all_queries)
    # Paragraph-like queries too ("find similar"): 100 stored vectors, perturbed.
    rng = np.random.default_rng(0)
    near = matrix[rng.choice(n, 100, replace=False)] + rng.standard_normal((100, dim)).astype(np.float32) * 0.02
    near /= np.linalg.norm(near, axis=1, keepdims=True)
    qv = np.vstack([qv, near]).astype(np.float32)
    exact = faiss.IndexFlatIP(dim)
    exact.add(matrix)
    truth_scores, truth_rows = exact.search(qv, 10)
    truth = ids[truth_rows]

    def measure(index_, label, **extra) -> dict:
        found = [index_.search(qv[i:i + 1], 10)[1][0] for i in range(len(qv))]
        times = []
        for i in range(len(qv)):
            started = time.perf_counter()
            index_.search(qv[i:i + 1], 100)  # the depth search.py asks for
            times.append((time.perf_counter() - started) * 1000)
        recall, tied = recalls(found, truth, truth_scores[:, 9], matrix, ids, qv)
        return {"index": label, "recall@10": recall, "recall@10_ties": tied, "p50_ms_k100": percentile(times, 50),
                "p95_ms_k100": percentile(times, 95), **extra}

    out = {"spec": manifest.faiss, "queries": len(qv), "chosen": measure(built, spec.kind)}
    if sweep:
        rows = []
        if spec.kind != "flat":
            for value in V.search_sweep(spec):  # efSearch or nprobe
                searched = V.with_search_setting(spec, value)
                V.apply_search_setting(built, searched)
                rows.append(measure(built, spec.kind, ef_search=searched.ef_search, nprobe=searched.nprobe))
            V.apply_search_setting(built, spec)
        flat = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))  # answers ids, as `truth` holds
        flat.add_with_ids(matrix, ids)
        rows.append(measure(flat, "flat"))
        del flat
        if n <= 200_000:
            for kind in ("hnsw", "hnsw_sq8"):
                if kind == spec.kind:
                    continue
                started = time.perf_counter()
                other = V.build_index(matrix, ids, V.IndexSpec(kind))
                build_s = time.perf_counter() - started
                base = faiss.downcast_index(other.index)
                for ef in (64, 96, 128, 192):
                    base.hnsw.efSearch = ef
                    rows.append(measure(other, kind, ef_search=ef, build_s=build_s))
                del other
        out["sweep"] = rows
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def phase_reindex(index: Path) -> dict:
    """The built index's FAISS file made again from its stored vectors with the kind the library
    chooses now (`vectors.choose_spec`), and the manifest updated: what a rebuild would serve,
    without reading and embedding the archive again."""
    from dataclasses import replace

    from indexer import store as S
    from indexer.store import vectors as V

    opened = S.Store.open(index)
    try:
        with opened.reading():
            manifest = opened.manifest()
            ids, matrix = opened.searchable_vectors(set(), manifest.model["dimension"])
        spec = V.choose_spec(manifest.paragraphs)
        started = time.perf_counter()
        built = V.build_index(matrix, ids, spec)
        seconds = time.perf_counter() - started
        V.write_index(built, S.faiss_path(index, manifest.generation))
        updated = replace(manifest, faiss=spec.to_dict())
        with opened.writing():
            opened.set_manifest(updated)
        updated.write(index)
    finally:
        opened.close()
    return {"spec": spec.to_dict(), "build_s": seconds, "peak_rss_mb": peak_rss_mb()}


def phase_vectors(size: int, sweep: bool) -> dict:
    """The FAISS side alone at `size` paragraphs (no files, no SQLite): the vectors the
    build would make, the index `choose_spec` picks, its build time, recall@10 against
    exact search and single-query latency (k=100, as search.py asks), and the RSS of a
    process that only loads the written index (what serving adds for FAISS)."""
    import random
    import faiss

    from benchmarks.synthetic import RecombinedEmbedder, _paragraph
    from indexer.store import vectors as V

    corpus, base, _ = load_corpus()
    embedder = RecombinedEmbedder(corpus, base)
    rng = random.Random(11)
    matrix = np.empty((size, base.shape[1]), dtype=np.float32)
    for start in range(0, size, 10_000):
        texts = [_paragraph(rng, corpus) for _ in range(min(10_000, size - start))]
        matrix[start:start + len(texts)] = embedder.embed_passages(texts)
    ids = np.arange(size, dtype=np.int64) * 7919 + 13
    spec = V.choose_spec(size)
    started = time.perf_counter()
    index = V.build_index(matrix, ids, spec)
    build_s = time.perf_counter() - started
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-vectors-{size}.faiss"
    V.write_index(index, path)
    all_queries = [q["query"] for q in json.loads(QUERIES_FILE.read_text(encoding="utf-8"))]
    qv = query_embedder().embed_queries(all_queries)
    exact = faiss.IndexFlatIP(base.shape[1])
    exact.add(matrix)
    _, truth_rows = exact.search(qv, 10)
    truth = ids[truth_rows]

    def measure(index_, label, rows_to_ids=False, **extra):
        found = index_.search(qv, 10)[1]
        found = ids[found] if rows_to_ids else found
        times = []
        for i in range(len(qv)):
            t0 = time.perf_counter()
            index_.search(qv[i:i + 1], 100)
            times.append((time.perf_counter() - t0) * 1000)
        recall = float(np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth)]))
        return {"index": label, "recall@10": recall, "p50_ms_k100": percentile(times, 50),
                "p95_ms_k100": percentile(times, 95), **extra}

    rows = [measure(exact, "flat", rows_to_ids=True)]
    del exact
    if spec.kind != "flat":
        hnsw = faiss.downcast_index(index.index)
        for ef in ((32, 64, 96, 128, 192, 256) if sweep else (spec.ef_search,)):
            hnsw.hnsw.efSearch = ef
            rows.append(measure(index, spec.kind, ef_search=ef))
    del index, matrix
    loader = subprocess.run([sys.executable, "-c", (
        "import faiss, sys; from benchmarks.bench_scale import peak_rss_mb; "
        "i = faiss.read_index(sys.argv[1]); print(peak_rss_mb())"), str(path)], cwd=ROOT,
        capture_output=True, text=True, check=True)
    size_bytes = path.stat().st_size
    path.unlink()
    return {"size": size, "spec": spec.to_dict(), "embed_seconds": embedder.seconds,
            "faiss_build_seconds": build_s, "faiss_file_bytes": size_bytes,
            "faiss_load_rss_mb": float(loader.stdout.strip()), "rows": rows, "peak_rss_mb": peak_rss_mb()}


def synthetic_vectors(size: int) -> tuple[np.ndarray, np.ndarray]:
    """The passage vectors a build of the synthetic archive would make, and their ids;
    cached as .npy under benchmarks/.cache/scale (1M: 1.5 GB, ~3 minutes to make)."""
    import random

    from benchmarks.synthetic import CACHE_DIR, RecombinedEmbedder, _paragraph

    cached = CACHE_DIR / "scale" / f"vectors-{size}.npy"
    if cached.is_file():
        matrix = np.load(cached, mmap_mode="r")
    else:
        corpus, base, _ = load_corpus()
        embedder = RecombinedEmbedder(corpus, base)
        rng = random.Random(11)
        matrix = np.empty((size, base.shape[1]), dtype=np.float32)
        for start in range(0, size, 10_000):
            texts = [_paragraph(rng, corpus) for _ in range(min(10_000, size - start))]
            matrix[start:start + len(texts)] = embedder.embed_passages(texts)
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.save(cached, matrix)
    return np.ascontiguousarray(matrix), np.arange(size, dtype=np.int64) * 7919 + 13


def phase_choose(size: int, candidates: list[str]) -> dict:
    """Index types side by side on the same `size` synthetic vectors: build seconds, bytes,
    recall@10 against exact search and single-query latency (k=100, one thread, as the
    search path runs), for the real labelled queries plus 100 perturbed stored vectors
    ("find similar"). `candidates` are `vectors.IndexSpec` dicts as JSON strings."""
    import faiss

    from indexer.store import vectors as V

    faiss.omp_set_num_threads(os.cpu_count() or 1)
    matrix, ids = synthetic_vectors(size)
    dim = matrix.shape[1]
    all_queries = [q["query"] for q in json.loads(QUERIES_FILE.read_text(encoding="utf-8"))]
    qv = query_embedder().embed_queries(all_queries)
    rng = np.random.default_rng(0)
    near = matrix[rng.choice(size, 100, replace=False)] + rng.standard_normal((100, dim)).astype(np.float32) * 0.02
    near /= np.linalg.norm(near, axis=1, keepdims=True)
    qv = np.ascontiguousarray(np.vstack([qv, near]), dtype=np.float32)
    exact = faiss.IndexFlatIP(dim)
    exact.add(matrix)
    truth_scores, truth_rows = exact.search(qv, 10)
    truth = ids[truth_rows]
    del exact
    rows = []
    for text in candidates:
        spec = V.IndexSpec.from_dict(json.loads(text))
        faiss.omp_set_num_threads(os.cpu_count() or 1)  # the build uses every core
        started = time.perf_counter()
        index = V.build_index(matrix, ids, spec)
        build_s = time.perf_counter() - started
        path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-choose-{size}.faiss"
        V.write_index(index, path)
        nbytes = path.stat().st_size
        path.unlink()
        sweep = V.search_sweep(spec)
        for value in sweep:
            searched = V.with_search_setting(spec, value)
            V.apply_search_setting(index, searched)
            found, reranked, times = [], [], []
            for i in range(len(qv)):
                t0 = time.perf_counter()
                _, got = V.search(index, qv[i:i + 1], 100, spec=searched)  # one thread, as served
                times.append((time.perf_counter() - t0) * 1000)
                found.append(got[0][:10])
                # The top 100 re-scored with the exact float32 vectors (the store keeps them).
                candidates = got[0][got[0] >= 0]  # -1: fewer results than asked
                exact_scores = matrix[np.searchsorted(ids, candidates)] @ qv[i]
                reranked.append(candidates[np.argsort(-exact_scores)[:10]])
            recall, tied = recalls(found, truth, truth_scores[:, 9], matrix, ids, qv)
            recall_reranked, _ = recalls(reranked, truth, truth_scores[:, 9], matrix, ids, qv)
            rows.append({"spec": searched.to_dict(), "label": searched.describe(), "recall@10": recall,
                         "recall@10_ties": tied, "recall@10_reranked": recall_reranked,
                         "p50_ms_k100": percentile(times, 50), "p95_ms_k100": percentile(times, 95),
                         "build_s": build_s, "bytes": nbytes, "loadavg_1m": os.getloadavg()[0]})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        del index
    return {"size": size, "queries": len(qv), "rows": rows, "peak_rss_mb": peak_rss_mb()}


# -- driver -----------------------------------------------------------------------------
def child(phase: str, module: str = "benchmarks.bench_scale", **kwargs) -> dict:
    """Run `phase` of `module` in a process of its own (its peak RSS is its own); its JSON result."""
    args = [sys.executable, "-m", module, "--child", phase, json.dumps(kwargs)]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{phase} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_size(size: int, out: Path, repeats: int, build_repeats: int, sweep: bool, log) -> dict:
    from benchmarks.synthetic import write_archive

    archive, index = out / f"archive-{size}", out / f"index-{size}"
    result_file = out / f"size-{size}.json"
    result = json.loads(result_file.read_text()) if result_file.exists() else {"size": size}

    def save():
        result_file.write_text(json.dumps(result, indent=1, ensure_ascii=False))

    if not (archive / "catalog.csv").exists():
        from benchmarks.synthetic import Corpus

        corpus = Corpus.load(ROOT / "archive")
        started = time.perf_counter()
        result["archive"] = write_archive(archive, size, corpus)
        result["archive"]["seconds"] = time.perf_counter() - started
        result["archive"]["bytes"] = du(archive)
        log(f"{size}: archive written {result['archive']}")
    if "build" not in result:
        builds = []
        for r in range(build_repeats):
            builds.append(child("build", archive=str(archive), index=str(index)))
            log(f"{size}: build {r + 1}/{build_repeats}: {builds[-1]['seconds']:.1f}s, "
                f"{builds[-1]['paragraphs']} paragraphs, peak {builds[-1]['peak_rss_mb']:.0f} MB")
        result["builds"] = builds
        result["build"] = sorted(builds, key=lambda b: b["seconds"])[len(builds) // 2]
        save()
    if "recheck" not in result:
        checks = [child("recheck", archive=str(archive), index=str(index)) for _ in range(repeats)]
        result["recheck"] = {"seconds": statistics.median(c["seconds"] for c in checks), "runs": checks}
        log(f"{size}: unchanged re-check {result['recheck']['seconds']:.2f}s")
        save()
    if "serve" not in result:
        result["serve"] = child("serve", index=str(index), repeats=repeats)
        log(f"{size}: serve {json.dumps(result['serve']['latency'])}")
        save()
    if "recall" not in result:
        result["recall"] = child("recall", index=str(index), sweep=sweep)
        log(f"{size}: recall {json.dumps(result['recall']['chosen'])}")
        save()
    return result


def _load(values) -> str:
    values = [v for v in values if v is not None]
    return f"{min(values):.1f}-{max(values):.1f}" if values else "?"


def fmt_table(out: Path) -> str:
    """Two markdown tables (build and memory; queries) from <out>/size-*.json and vectors-*.json."""
    build_rows, query_rows, vector_rows = [], [], []
    for file in sorted(out.glob("size-*.json"), key=lambda p: int(p.stem.split("-")[1])):
        r = json.loads(file.read_text())
        if "build" not in r:
            continue
        b, n = r["build"], r["build"]["paragraphs"]
        stages = b.get("stages", {})
        storage_s = b["seconds"] - b["embed_seconds"]
        spec = r.get("recall", {}).get("spec", b["faiss"])  # as served (the manifest's)
        from indexer.store.vectors import IndexSpec

        kind = IndexSpec.from_dict(spec).describe()
        recall = r.get("recall", {}).get("chosen", {}).get("recall@10")
        serve = r.get("serve", {})
        loads = [x for phase in ("build", "serve", "recall") for x in r.get(phase, {}).get("loadavg_1m", [])]
        loads += [x for c in r.get("recheck", {}).get("runs", []) for x in c.get("loadavg_1m", [])]
        build_rows.append("| " + " | ".join([
            f"{n:,}", f"{r['build']['documents']:,}", kind, f"{b['seconds']:,.0f}", f"{n / b['seconds']:,.0f}",
            f"{n / b['embed_seconds']:,.0f}", f"{n / storage_s:,.0f}",
            " / ".join(f"{stages.get(k, 0):,.0f}" for k in ("ingest", "sqlite_insert", "faiss_build")),
            f"{b['peak_rss_mb']:,.0f}", f"{serve['peak_rss_mb']:,.0f}" if serve else "—",
            f"{b['disk_bytes'] / n:,.0f}", f"{b['files'].get('vectors-000001.faiss', 0) / n:,.0f}",
            f"{recall:.3f}" if recall is not None else "—",
            f"{r['recheck']['seconds']:.2f}" if "recheck" in r else "—", _load(loads),
        ]) + " |")
        lat = serve.get("latency", {})

        def cell(key):
            v = lat.get(key)
            return f"{v['p50_ms']:.0f} / {v['p95_ms']:.0f}" if v else "—"

        if lat:
            q = serve["query_embed_ms"]
            query_rows.append("| " + " | ".join(
                [f"{n:,}", cell("hybrid/e2e"), cell("dense/e2e"), cell("lexical/e2e"), cell("hybrid+filter/e2e"),
                 f"{q['p50']:.0f} / {q['p95']:.0f}", cell("hybrid/no_embed"), cell("dense/no_embed"),
                 cell("lexical/no_embed"), cell("hybrid+filter/no_embed"), _load(serve.get("loadavg_1m", []))]) + " |")
    for file in sorted(out.glob("vectors-*.json"), key=lambda p: int(p.stem.split("-")[1])):
        r = json.loads(file.read_text())
        for row in r["rows"]:
            vector_rows.append("| " + " | ".join([
                f"{r['size']:,}", row["index"], str(row.get("ef_search", "—")), f"{row['recall@10']:.3f}",
                f"{row['p50_ms_k100']:.1f} / {row['p95_ms_k100']:.1f}"]) + " |")
    tables = [
        "| paragraphs | documents | FAISS index (chosen) | build s | build para/s | embed para/s (stand-in) | "
        "storage para/s | ingest / SQLite+FTS / FAISS s | peak RSS build MB | peak RSS serve MB | "
        "disk B/para | FAISS B/para | recall@10 vs exact | unchanged re-check s | load avg (1 min) |\n"
        "|" + "---:|" * 15 + "\n" + "\n".join(build_rows),
        "| paragraphs | hybrid | dense | lexical | hybrid + filter | query embedding alone | "
        "hybrid (vector given) | dense (vector given) | lexical (no vector) | hybrid + filter (vector given) | "
        "load avg (1 min) |\n|" + "---:|" * 11 + "\n" + "\n".join(query_rows),
    ]
    if vector_rows:
        tables.append("| paragraphs | index | efSearch | recall@10 | FAISS search p50 / p95 ms (k=100) |\n"
                      "|" + "---:|" * 5 + "\n" + "\n".join(vector_rows))
    return "\n\n".join(tables)


def fmt_choose(out: Path) -> str:
    """The index-choice table from <out>/choose-*.json."""
    lines = ["| paragraphs | index | recall@10 vs exact | within 0.001 of the 10th | top 100 re-ranked exactly | "
             "FAISS p50 / p95 ms (k=100, 1 thread) | build s | index MB | load avg |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]

    def cell(row, key):
        return f"{row[key]:.3f}" if key in row else "—"

    for file in sorted(out.glob("choose-*.json"), key=lambda p: int(p.stem.split("-")[1])):
        r = json.loads(file.read_text())
        for row in r["rows"]:
            lines.append(f"| {r['size']:,} | {row['label']} | {row['recall@10']:.3f} | {cell(row, 'recall@10_ties')} | "
                         f"{cell(row, 'recall@10_reranked')} | {row['p50_ms_k100']:.1f} / "
                         f"{row['p95_ms_k100']:.1f} | {row['build_s']:.0f} | {row['bytes'] / 1e6:,.0f} | "
                         f"{row['loadavg_1m']:.1f} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=3, help="query passes and re-checks per size")
    parser.add_argument("--build-repeats", type=int, default=1, help="full builds per size (median)")
    parser.add_argument("--no-sweep", action="store_true", help="skip the index-type / efSearch sweep")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / ".cache" / "scale")
    parser.add_argument("--vectors-only", action="store_true",
                        help="only the FAISS side at each size (vectors, index build, recall, latency)")
    parser.add_argument("--choose", action="store_true",
                        help="compare FAISS index types on the synthetic vectors of each size (recall, latency)")
    parser.add_argument("--candidates", nargs="*", default=None,
                        help="IndexSpec dicts (JSON) for --choose; default: vectors.CANDIDATES")
    parser.add_argument("--report", action="store_true",
                        help="print the markdown table of results in --out (with --choose: the index-choice table)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        phase, kwargs = args.child[0], json.loads(args.child[1])
        for key in ("archive", "index"):
            if key in kwargs:
                kwargs[key] = Path(kwargs[key])
        fn = {"build": phase_build, "recheck": phase_recheck, "serve": phase_serve, "recall": phase_recall,
              "vectors": phase_vectors, "choose": phase_choose, "reindex": phase_reindex}[phase]
        load_before = os.getloadavg()
        result = fn(**kwargs)
        result["loadavg_1m"] = [load_before[0], os.getloadavg()[0]]  # the machine is shared
        print(json.dumps(result))
        return
    args.out.mkdir(parents=True, exist_ok=True)
    if args.report:
        print(fmt_choose(args.out) if args.choose else fmt_table(args.out))
        return
    log_file = open(args.out / "bench.log", "a", encoding="utf-8")

    def log(message: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} {message}"
        print(line, flush=True)
        log_file.write(line + "\n")
        log_file.flush()

    log(f"start sizes={args.sizes} repeats={args.repeats} cpus={os.cpu_count()}")
    if args.choose:
        from indexer.store import vectors as V

        specs = args.candidates or [json.dumps(c.to_dict()) for c in V.CANDIDATES]
        for size in args.sizes:
            result = child("choose", size=size, candidates=specs)
            (args.out / f"choose-{size}.json").write_text(json.dumps(result, indent=1))
            log(f"{size}: choose done")
        print(fmt_choose(args.out))
        return
    if args.vectors_only:
        for size in args.sizes:
            result = child("vectors", size=size, sweep=not args.no_sweep)
            (args.out / f"vectors-{size}.json").write_text(json.dumps(result, indent=1))
            log(f"{size}: vectors {json.dumps(result)}")
        return
    for size in args.sizes:
        run_size(size, args.out, args.repeats, args.build_repeats, not args.no_sweep, log)
    print(fmt_table(args.out))


if __name__ == "__main__":
    main()

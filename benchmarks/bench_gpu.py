"""GPU embedding throughput and the 1M-paragraph embedding + FAISS build time.

Run with one command on a Linux machine with an NVIDIA GPU: `bash benchmarks/gpu.sh`.
Passages/s are end to end through `indexer.embed.embedder.Embedder` (sentence-transformers:
tokenising, padding, the forward pass in fp16, pooling, copying back), on synthetic
paragraphs made of real sentences of the sample archive (`benchmarks/synthetic.py`,
80-950 characters). The vector cache is off, so every passage is embedded.

    python -m benchmarks.bench_gpu [--passages 20000] [--million 1000000] [--batch 256 512] [--adapt-epochs 2]

Last, `adapt --device cuda` on the sample archive (its wall and CPU time beside the CPU's).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passages", type=int, default=20_000, help="passages per throughput run")
    ap.add_argument("--batch", type=int, nargs="+", default=[128, 256, 512])
    ap.add_argument("--precision", default="fp16", choices=["fp16", "fp32"])
    ap.add_argument("--million", type=int, default=1_000_000, help="paragraphs for the big run (0: skip)")
    ap.add_argument("--adapt-epochs", type=int, default=2,
                    help="fine-tune the model on the sample archive's pairs on the GPU (0: skip)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / ".cache" / "gpu.json")
    args = ap.parse_args()

    import torch

    from benchmarks.synthetic import Corpus, _paragraph
    from indexer.store import vectors as V
    from indexer.embed.embedder import Embedder

    if not torch.cuda.is_available():
        sys.exit("no CUDA GPU visible to torch: run this on a machine with an NVIDIA GPU")
    corpus = Corpus.load(ROOT / "archive")
    rng = random.Random(5)
    texts = [_paragraph(rng, corpus) for _ in range(args.passages)]
    result: dict = {"gpu": torch.cuda.get_device_name(0), "torch": torch.__version__,
                    "cpu": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
                    "passages": len(texts), "mean_chars": float(np.mean([len(t) for t in texts])),
                    "precision": args.precision, "runs": []}
    t = time.perf_counter()
    emb = Embedder(device="cuda", precision=args.precision, vector_cache=False)
    result["load_s"] = time.perf_counter() - t
    emb.embed_passages(texts[:2048], batch_size=256)  # warm-up: CUDA kernels, allocator
    for bs in args.batch:
        torch.cuda.synchronize()
        t = time.perf_counter()
        emb.embed_passages(texts, batch_size=bs)
        torch.cuda.synchronize()
        rate = len(texts) / (time.perf_counter() - t)
        result["runs"].append({"batch": bs, "passages_per_s": rate})
        print(f"batch {bs}: {rate:,.0f} passages/s", flush=True)
    best = max(result["runs"], key=lambda r: r["passages_per_s"])
    # fp16 against fp32 on the GPU for a sample: how close the vectors stay.
    ref = Embedder(device="cuda", precision="fp32", vector_cache=False)
    sample = texts[:2000]
    cos = np.sum(emb.embed_passages(sample) * ref.embed_passages(sample), axis=1)
    result["cosine_vs_fp32"] = {"min": float(cos.min()), "mean": float(cos.mean())}
    del ref
    if args.million:
        big = [_paragraph(rng, corpus) for _ in range(args.million)]
        t = time.perf_counter()
        matrix = emb.embed_passages(big, batch_size=best["batch"])
        embed_s = time.perf_counter() - t
        spec = V.choose_spec(len(big))
        t = time.perf_counter()
        index = V.build_index(matrix, np.arange(len(big), dtype=np.int64), spec)
        faiss_s = time.perf_counter() - t
        result["million"] = {"paragraphs": len(big), "embed_s": embed_s, "passages_per_s": len(big) / embed_s,
                             "faiss_spec": spec.describe(), "faiss_build_s": faiss_s, "ntotal": int(index.ntotal)}
        print(f"{len(big):,} paragraphs: embedded in {embed_s:,.0f} s, FAISS {spec.describe()} built in "
              f"{faiss_s:,.0f} s", flush=True)
    if args.adapt_epochs:
        result["adapt"] = adapt_on_gpu(args.adapt_epochs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    if os.environ.get("OUT"):
        Path(os.environ["OUT"], "gpu.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))


def adapt_on_gpu(epochs: int) -> dict:
    """`python -m indexer adapt --device cuda` on the sample archive: its wall and CPU time."""
    import shutil

    from indexer.build.adapt import adapt
    from indexer.build.run import build

    work = ROOT / "benchmarks" / ".cache" / "gpu-adapt"
    shutil.rmtree(work, ignore_errors=True)
    build(ROOT / "archive", work / "index", device="cuda")
    report = adapt(work / "index", work / "model", epochs=epochs, device="cuda", progress=False)
    print(f"adapted on {report.pairs_trained} pairs in {report.wall_s:.0f} s (CPU {report.cpu_s:.0f} s); held-out "
          f"pairs MRR@10 {report.before.mrr_at_10:.3f} -> {report.after.mrr_at_10:.3f}", flush=True)
    return report.to_json()


if __name__ == "__main__":
    main()

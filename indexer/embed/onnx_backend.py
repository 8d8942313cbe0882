"""ONNX Runtime backend of the embedding stage: a float32 BERT-style sentence-transformers
directory in, an int8 ONNX model built from it offline, and passage/query vectors out.

In:  `build_onnx_model(model_dir, variant, cache_dir)` with the float32 model directory
     (e.g. the bundled build of `bundled_model`); `OnnxEncoder(onnx_dir, threads)`.
Out: a directory holding `model.onnx` and the source's `tokenizer.json`, built once per
     source weights and variant (atomic, safe between processes); `OnnxEncoder.encode(texts,
     prefix)` -> (n, dim) float32 unit vectors, mean-pooled over every token like the
     sentence-transformers model (prompt included), texts truncated at 512 tokens.

The build: torch exports the BertModel (the weights never leave this machine), ONNX
Runtime's transformer optimiser fuses attention, LayerNorm and GELU, then its dynamic
quantiser turns the MatMuls into int8 (per output channel; activations quantised per
batch at run time). Layers measured to hurt retrieval most stay float32 (`VARIANTS`).
Batches are formed by length, longest first, so that padding stays small.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.embed.bundled_model import build_once
from indexer.errors import ModelUnavailable
from indexer.ingest.read import sha256_file

BUILD_FORMAT = 1
BUILD_INFO = "onnx-build-info.json"
MAX_TOKENS = 512


@dataclass(frozen=True)
class Variant:
    """How a float32 model becomes an ONNX one."""

    fuse: bool = True  # ONNX Runtime's BERT fusions (Attention, SkipLayerNorm, BiasGelu)
    quantise: bool = True
    # Name patterns (regex, searched in ONNX node names) of MatMul/Attention nodes left in float32.
    keep_float: tuple[str, ...] = ()
    reduce_range: bool = False  # 7-bit weights: avoids u8*s8 overflow on AVX2 without VNNI
    unsigned_weights: bool = False  # QUInt8 weights instead of QInt8


# Layer-name patterns in the exported graph (torch.onnx legacy names, kept by the fusions).
_FFN_OUT = r"/output/dense/MatMul$"  # the feed-forward output: E5's outlier activations
_FIRST = r"/layer\.0/"
_LAST = r"/layer\.11/"

VARIANTS: dict[str, Variant] = {
    "fp32": Variant(quantise=False),
    "fp32-unfused": Variant(fuse=False, quantise=False),  # for OpenVINO, which lacks ORT's fused ops
    "int8": Variant(),
    "int8-rr": Variant(reduce_range=True),
    "int8-u8": Variant(unsigned_weights=True),
    "int8-ffnout-fp32": Variant(keep_float=(_FFN_OUT,)),
    "int8-rr-ffnout-fp32": Variant(reduce_range=True, keep_float=(_FFN_OUT,)),
    "int8-rr-last-fp32": Variant(reduce_range=True, keep_float=(_LAST,)),
    "int8-rr-ffnout-last-fp32": Variant(reduce_range=True, keep_float=(_FFN_OUT, _LAST)),
    "int8-rr-ffnout-ends-fp32": Variant(reduce_range=True, keep_float=(_FFN_OUT, _FIRST, _LAST)),
}


def _export(model_dir: Path, out: Path) -> tuple[int, int]:
    """Export the float32 BertModel to `out` (inputs input_ids, attention_mask; output
    last_hidden_state); returns (hidden size, attention heads)."""
    import torch
    import transformers
    from transformers import BertModel

    # A fine-tuned model (`adapt`) carries pooler weights that mean pooling never uses: its load
    # report ("pooler … UNEXPECTED") is noise.
    transformers.logging.set_verbosity_error()
    bert = BertModel.from_pretrained(model_dir, add_pooling_layer=False, attn_implementation="eager").eval()

    class Hidden(torch.nn.Module):
        def __init__(self, m: torch.nn.Module) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.ones((2, 16), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    # The tracer's notes on Python conditions in the model are expected, not a fault.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(Hidden(bert), (ids, ids), str(out), opset_version=17, dynamo=False,
                          input_names=["input_ids", "attention_mask"], output_names=["hidden"],
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes})
    return int(bert.config.hidden_size), int(bert.config.num_attention_heads)


def _write(model_dir: Path, variant: Variant, tmp: Path, fp32: Path | None) -> None:
    """Build into `tmp`; `fp32` is an already built float32 variant to start from, if any."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    if fp32 is not None:  # the export and fusions are the slow part: reuse them
        info = json.loads((fp32 / BUILD_INFO).read_text(encoding="utf-8"))
        hidden = int(info["dimension"])
        current = fp32 / "model.onnx"
    else:
        current = tmp / "exported.onnx"
        hidden, heads = _export(model_dir, current)
    if variant.fuse and fp32 is None:
        from onnxruntime.transformers import optimizer

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fused = optimizer.optimize_model(str(current), model_type="bert", num_heads=heads,
                                             hidden_size=hidden, opt_level=1, use_gpu=False)
        current = tmp / "fused.onnx"
        fused.save_model_to_file(str(current))
    if variant.quantise:
        graph = onnx.load(str(current)).graph
        exclude = [n.name for n in graph.node if any(re.search(p, n.name) for p in variant.keep_float)]
        quantize_dynamic(str(current), str(tmp / "model.onnx"), per_channel=True,
                         reduce_range=variant.reduce_range, nodes_to_exclude=exclude,
                         weight_type=QuantType.QUInt8 if variant.unsigned_weights else QuantType.QInt8,
                         extra_options={"MatMulConstBOnly": True,
                                        "DefaultTensorType": onnx.TensorProto.FLOAT})
    else:
        os.replace(current, tmp / "model.onnx")
    for leftover in ("exported.onnx", "fused.onnx"):
        (tmp / leftover).unlink(missing_ok=True)
    for extra in tmp.glob("*.data"):
        extra.unlink()
    shutil.copy(model_dir / "tokenizer.json", tmp / "tokenizer.json")
    (tmp / BUILD_INFO).write_text(json.dumps({
        "source": str(model_dir), "variant": _variant_dict(variant),
        "onnx_sha256": sha256_file(tmp / "model.onnx"), "dimension": hidden, "format": BUILD_FORMAT,
    }, indent=2) + "\n", encoding="utf-8")


def _variant_dict(variant: Variant) -> dict:
    from dataclasses import asdict

    return asdict(variant)


def _key(source_sha256: str, spec: Variant) -> str:
    return hashlib.sha256(json.dumps([BUILD_FORMAT, source_sha256, _variant_dict(spec)],
                                     sort_keys=True).encode()).hexdigest()[:12]


def is_complete(target: Path) -> bool:
    return (target / BUILD_INFO).is_file() and (target / "model.onnx").is_file()


def build_onnx_model(model_dir: Path, variant: str, source_sha256: str,
                     cache_dir: Path | None = None) -> Path:
    """The ONNX directory for `model_dir` (whose weights hash to `source_sha256`) in the
    given variant, built into `cache_dir` (default: next to `model_dir`) if needed."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown ONNX variant {variant!r}; choose one of {', '.join(VARIANTS)}")
    spec = VARIANTS[variant]
    cache = Path(cache_dir) if cache_dir else Path(model_dir).parent
    target = cache / f"onnx-{variant}-{_key(source_sha256, spec)}"
    # A quantised variant starts from the fused float32 one when that is built already.
    fp32 = cache / f"onnx-fp32-{_key(source_sha256, VARIANTS['fp32'])}"
    base = fp32 if spec.quantise and spec.fuse and is_complete(fp32) else None
    try:
        return build_once(target, is_complete, lambda tmp: _write(Path(model_dir), spec, tmp, base))
    except ImportError as exc:
        raise ModelUnavailable(f"the ONNX backend needs onnxruntime and onnx: pip install onnxruntime onnx "
                               f"({exc})") from exc
    except OSError as exc:
        raise ModelUnavailable(f"could not build the ONNX model in {cache}: {exc}") from exc


class OnnxEncoder:
    """Runs a directory made by `build_onnx_model`: texts in, unit vectors out."""

    def __init__(self, onnx_dir: Path, threads: int | None = None, *, tokenizer=None) -> None:
        """`tokenizer`: that of another encoder of the same directory, shared (reading it takes
        about a second; encoding leaves it as it is)."""
        from tokenizers import Tokenizer

        self.dir = Path(onnx_dir)
        self.threads = threads or (os.cpu_count() or 1)
        self._session = None
        if tokenizer is None:
            tokenizer = Tokenizer.from_file(str(self.dir / "tokenizer.json"))
            tokenizer.enable_truncation(MAX_TOKENS)
            tokenizer.no_padding()
        self.tokenizer = tokenizer
        self.pad_id = self.tokenizer.token_to_id("<pad>") or 1
        info = json.loads((self.dir / BUILD_INFO).read_text(encoding="utf-8"))
        self.dimension = int(info["dimension"])

    @property
    def session(self):  # -> onnxruntime.InferenceSession
        """The model, loaded on first use: a process that only answers queries loads it once,
        for its one-thread query encoder, not also for the passages (about 0.5 GB each)."""
        if self._session is None:
            import onnxruntime as ort

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = self.threads
            opts.inter_op_num_threads = 1
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            self._session = ort.InferenceSession(str(self.dir / "model.onnx"), opts,
                                                 providers=["CPUExecutionProvider"])
        return self._session

    def encode(self, texts: list[str], prefix: str, batch_size: int = 16) -> np.ndarray:
        """(n, dim) float32 unit vectors of `prefix + text`."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([prefix + t for t in texts])
        lengths = np.array([len(e.ids) for e in encodings])
        order = np.argsort(-lengths, kind="stable")  # longest first: the slowest batch runs first
        for start in range(0, len(texts), batch_size):
            idx = order[start:start + batch_size]
            width = int(lengths[idx].max())
            ids = np.full((len(idx), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, j in enumerate(idx):
                n = lengths[j]
                ids[row, :n] = encodings[j].ids
                mask[row, :n] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            weights = mask[..., None].astype(np.float32)
            vecs = (hidden * weights).sum(axis=1) / weights.sum(axis=1)
            out[idx] = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
        return out

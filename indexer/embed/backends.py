"""The ways a model runs: a resolved model (name, local directory) in; a `Backend` that turns
texts with their prompt into (n, dim) float32 unit vectors out.

`TorchBackend` runs the sentence-transformers model (CPU or GPU, fp32 or fp16);
`OnnxBackend` runs an ONNX Runtime model built offline from the float32 one (`onnx_backend`).
Both answer the same questions (`device`, `prompts`, `max_tokens`, `dimension`, `encode`,
`token_count`), so `Embedder` never asks which one it holds. `open_backend` picks one.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from indexer.config import model_cache_dir
from indexer.embed import bundled_model
from indexer.embed.bundled_model import PROMPTS
from indexer.errors import ModelUnavailable

# "onnx-<variant>": ONNX Runtime on a model built offline from the float32 one (onnx_backend).
BACKENDS = ("auto", "torch", "onnx-int8", "onnx-int8-rr", "onnx-int8-u8", "onnx-int8-ffnout-fp32",
            "onnx-int8-rr-ffnout-fp32", "onnx-int8-rr-last-fp32", "onnx-fp32")
PRECISIONS = ("fp32", "fp16")
# Chosen from benchmarks/RESULTS.md ("Embedding backends"): ONNX Runtime fp32 gives the torch
# vectors (cosine >= 0.9999998 on 512 sample passages, the same top 10 for all 202 labelled
# questions) at 1.6x torch's passages/s and half its query time on the 2-core machine. Without
# onnxruntime (or for another model, or on a GPU) torch runs (`_default_backend`).
DEFAULT_CPU_BACKEND = "onnx-fp32"


class TorchBackend:
    """The sentence-transformers model itself."""

    name = "torch"

    def __init__(self, name: str, path: Path | None, device: str | None, precision: str) -> None:
        self.model = _load(name, path, device)
        self.device = str(self.model.device)
        if precision == "fp16":
            if not self.device.startswith("cuda"):
                raise ValueError("precision fp16 needs a GPU (device cuda); on a CPU use fp32")
            self.model.half()
        self.prompts = dict(self.model.prompts)
        self.max_tokens = int(self.model.max_seq_length)
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dimension = get_dim()

    def encode(self, texts: list[str], prompt_name: str, batch_size: int, show_progress: bool) -> np.ndarray:
        vecs = self.model.encode(texts, prompt_name=prompt_name, batch_size=batch_size,
                                 show_progress_bar=show_progress, normalize_embeddings=True, convert_to_numpy=True)
        return np.ascontiguousarray(vecs, dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        with _torch_threads(1 if self.device == "cpu" else None):
            return self.encode(texts, "query", 16, False)

    def token_count(self, text: str) -> int:
        return len(self.model.tokenizer(text)["input_ids"])

    def raw_encode(self, texts: list[str]) -> np.ndarray:
        """Vectors of `texts` exactly as given, no prompt added (to check the prompts)."""
        return self.model.encode(texts, normalize_embeddings=True)


class OnnxBackend:
    """An ONNX Runtime model built once per weights and variant; no torch model in memory."""

    device = "cpu"

    def __init__(self, name: str, path: Path, variant: str, digest: str, cache_dir: Path) -> None:
        from indexer.embed.onnx_backend import OnnxEncoder, build_onnx_model

        self.name = f"onnx-{variant}"
        self.model = None
        self.prompts = _model_prompts(path)
        self.max_tokens = 512
        self._dir = build_onnx_model(path, variant, digest, cache_dir)
        self._encoder = OnnxEncoder(self._dir)
        self._query_encoder = None
        self.dimension = self._encoder.dimension

    def encode(self, texts: list[str], prompt_name: str, batch_size: int, show_progress: bool) -> np.ndarray:
        return self._encoder.encode(texts, self.prompts[prompt_name], batch_size)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        if self._query_encoder is None:  # one thread answers a query sooner (see _torch_threads)
            from indexer.embed.onnx_backend import OnnxEncoder

            self._query_encoder = OnnxEncoder(self._dir, threads=1, tokenizer=self._encoder.tokenizer)
        return self._query_encoder.encode(texts, self.prompts["query"], 16)

    def token_count(self, text: str) -> int:
        return len(self._encoder.tokenizer.encode(text, add_special_tokens=True).ids)

    def raw_encode(self, texts: list[str]) -> np.ndarray:
        return self._encoder.encode(texts, "")


def open_backend(name: str, path: Path | None, backend: str, device: str | None, precision: str,
                 digest_of, cache_dir: str | Path | None) -> tuple["TorchBackend | OnnxBackend", Path | None]:
    """The backend `backend` ("auto": the measured best for this model and machine) for the
    resolved model, and the model's local directory (a downloaded hub model: its snapshot)."""
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}; choose one of {', '.join(PRECISIONS)}")
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    chosen = _default_backend(path, device) if backend == "auto" else backend
    if chosen.startswith("onnx-"):
        if precision != "fp32":
            raise ValueError("the ONNX backends run on the CPU: use precision fp32")
        path = path if path is not None else _download(name)
        try:
            return OnnxBackend(name, path, chosen.removeprefix("onnx-"), digest_of(path),
                               Path(cache_dir or model_cache_dir())), path
        except Exception as exc:  # noqa: BLE001 - the default falls back to torch, which embeds alike
            if backend != "auto":
                raise
            print(f"note: ONNX Runtime could not run the model ({str(exc).splitlines()[0] if str(exc) else exc!r}); "
                  "using torch", file=sys.stderr)
    return TorchBackend(name, path, device, precision), path


def _load(name: str, path: Path | None, device: str | None):  # -> SentenceTransformer
    """The one place models are loaded (and where E5 prompts are ensured)."""
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.set_verbosity_error()  # the "pooler missing" load report is noise
    transformers.logging.disable_progress_bar()
    try:
        if path is not None:  # local: the hub stays off
            model = SentenceTransformer(str(path), device=device, local_files_only=True)
        else:
            model = SentenceTransformer(name, device=device)
    except Exception as exc:  # noqa: BLE001 - report any loader failure as one line
        raise ModelUnavailable(f"could not load embedding model {name}: {exc}".splitlines()[0]) from exc
    # Models saved without E5 prompts (e.g. a plain local copy) get them here, once.
    if not model.prompts.get("query") or not model.prompts.get("passage"):
        model.prompts = {**model.prompts, **PROMPTS}
    return model


def _default_backend(path: Path | None, device: str | None) -> str:
    """The measured fastest acceptable backend (benchmarks/RESULTS.md) for the bundled model
    on a CPU; torch on a GPU, for other models (the ONNX export knows BERT only) and where
    ONNX Runtime is missing."""
    if DEFAULT_CPU_BACKEND == "torch" or path is None or not bundled_model.is_complete(path):
        return "torch"
    if device is not None and not str(device).startswith("cpu"):
        return "torch"
    import importlib.util

    if importlib.util.find_spec("onnxruntime") is None or importlib.util.find_spec("onnx") is None:
        return "torch"
    if device is None and _nvidia_driver_present():
        try:
            import torch

            if torch.cuda.is_available():
                return "torch"
        except ImportError:  # pragma: no cover - torch is a dependency
            pass
    return DEFAULT_CPU_BACKEND


def _nvidia_driver_present() -> bool:
    """Whether the NVIDIA driver's library is installed: without it torch sees no GPU, so a
    search process need not import torch (about 200 MB) to be told so."""
    import ctypes.util

    return any(ctypes.util.find_library(name) for name in ("cuda", "nvcuda"))


def _model_prompts(path: Path) -> dict[str, str]:
    """The E5 prompts from the model's sentence-transformers config, else E5's own."""
    config = path / "config_sentence_transformers.json"
    prompts: dict[str, str] = {}
    if config.is_file():
        try:
            prompts = dict(json.loads(config.read_text(encoding="utf-8")).get("prompts") or {})
        except (ValueError, AttributeError):
            prompts = {}
    if not prompts.get("query") or not prompts.get("passage"):
        prompts = {**prompts, **PROMPTS}
    return prompts


def _download(name: str) -> Path:
    """Fetch a hub model for the ONNX backend (which needs its files on disk)."""
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(name))
    except Exception as exc:  # noqa: BLE001 - one line, whatever went wrong
        raise ModelUnavailable(f"could not download embedding model {name}: {exc}".splitlines()[0]) from exc


@contextmanager
def _torch_threads(threads: int | None) -> Iterator[None]:
    """Run torch on `threads` threads for a while (None: leave it). A short query is answered
    faster by one thread: on a small server torch's spinning workers compete with the web
    server and each other (measured in the app: 0.4 s per query instead of 2 s)."""
    import torch

    if threads is None:
        yield
        return

    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)

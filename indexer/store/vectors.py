"""The FAISS side of the index: normalised vectors keyed by paragraph number in, nearest ids out.

The index type follows the archive's size (see `choose_spec`): exact search while it
is fast enough, then HNSW graphs, then inverted lists (IVF) of half-precision vectors
where a graph would miss too many neighbours or need too much memory. The spec chosen
is recorded in the manifest; search-time settings (efSearch, nprobe) live in it too.
"""
from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Iterator

import faiss
import numpy as np

# Measured on the 2-core reference machine (benchmarks/RESULTS.md): exact search over
# 384-d vectors stays under ~20 ms up to about 100k paragraphs.
EXACT_LIMIT = 100_000
# Above this, float32 vectors alone (1.5 kB each) would crowd the 2 GB serving budget.
QUANTISE_LIMIT = 500_000


KINDS = ("flat", "hnsw", "hnsw_sq8", "ivf_flat", "ivf_sq8", "ivf_fp16")
_IVF_CODES = {"ivf_flat": None, "ivf_sq8": "QT_8bit", "ivf_fp16": "QT_fp16"}


@dataclass(frozen=True)
class IndexSpec:
    """What kind of FAISS index to build, and its parameters."""

    kind: str  # one of KINDS
    hnsw_m: int = 32
    ef_construction: int = 80
    ef_search: int = 96
    nlist: int = 0  # IVF lists; 0: chosen from the number of vectors (`ivf_lists`)
    nprobe: int = 32  # IVF lists searched per query

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, spec: dict) -> "IndexSpec":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in spec.items() if k in known})

    def describe(self) -> str:
        if self.kind.startswith("hnsw"):
            return f"{self.kind} (M={self.hnsw_m}, efConstruction={self.ef_construction}, efSearch={self.ef_search})"
        if self.kind.startswith("ivf"):
            return f"{self.kind} (nlist={self.nlist or 'auto'}, nprobe={self.nprobe})"
        return self.kind


def ivf_lists(vectors: int) -> int:
    """IVF list count: ~4·sqrt(n) (FAISS's guideline), a power of two, 256..16384."""
    target = 4 * max(vectors, 1) ** 0.5
    return int(min(16384, max(256, 2 ** round(np.log2(target)))))


# What `benchmarks/bench_scale.py --choose` compares (each with its search-time sweep).
CANDIDATES = (IndexSpec("hnsw_sq8", ef_search=512), IndexSpec("ivf_fp16", nlist=4096),
              IndexSpec("ivf_sq8", nlist=4096), IndexSpec("ivf_flat", nlist=4096))


def search_sweep(spec: IndexSpec) -> tuple[int, ...]:
    """The search-time settings worth measuring for `spec` (efSearch or nprobe)."""
    if spec.kind.startswith("hnsw"):
        return (128, 256, 512, 1024, 2048, 4096)
    if spec.kind.startswith("ivf"):
        return (64, 128, 256, 512, 1024)
    return (0,)


def with_search_setting(spec: IndexSpec, value: int) -> IndexSpec:
    if spec.kind.startswith("hnsw"):
        return replace(spec, ef_search=value)
    if spec.kind.startswith("ivf"):
        return replace(spec, nprobe=value)
    return spec


def apply_search_setting(index: faiss.Index, spec: IndexSpec) -> None:
    """Set `spec`'s efSearch / nprobe on an index built or read for it."""
    base = faiss.downcast_index(index.index) if isinstance(index, faiss.IndexIDMap2) else index
    if spec.kind.startswith("hnsw"):
        base.hnsw.efSearch = spec.ef_search
    elif spec.kind.startswith("ivf"):
        base.nprobe = spec.nprobe


def choose_spec(paragraphs: int) -> IndexSpec:
    """The index type for an archive of `paragraphs` paragraphs."""
    if paragraphs <= EXACT_LIMIT:
        return IndexSpec("flat")
    # Measured on the synthetic 100k / 1M archives (benchmarks/RESULTS.md, "Scale"), recall@10
    # against exact search: at 100k, HNSW 0.87 with efSearch 96, 0.96 with 512 (~1.2 ms a query).
    # At 1M (302 queries, side by side on the same vectors): IVF of fp16 vectors, 4096 lists,
    # 256 searched: 0.90 (every result within 0.001 of the exact 10th neighbour's score),
    # 5 / 13 ms p50 / p95, built in 200 s, 790 MB. HNSW-SQ8 reached 0.74 (efConstruction 80,
    # efSearch 512) or 0.85 (200 / 1024; 3 / 5 ms), built in 320 / 630 s, 664 MB.
    if paragraphs <= QUANTISE_LIMIT:
        return IndexSpec("hnsw", ef_search=512)
    lists = ivf_lists(paragraphs)
    return IndexSpec("ivf_fp16", nlist=lists, nprobe=lists // 16)


def new_index(dimension: int, spec: IndexSpec) -> faiss.Index:
    """An empty index of the given spec, taking external int64 ids."""
    if spec.kind == "flat":
        base = faiss.IndexFlatIP(dimension)
    elif spec.kind == "hnsw":
        base = faiss.IndexHNSWFlat(dimension, spec.hnsw_m, faiss.METRIC_INNER_PRODUCT)
    elif spec.kind == "hnsw_sq8":
        base = faiss.IndexHNSWSQ(
            dimension, faiss.ScalarQuantizer.QT_8bit, spec.hnsw_m, faiss.METRIC_INNER_PRODUCT
        )
    elif spec.kind in _IVF_CODES:
        if not spec.nlist:
            raise ValueError("an IVF spec needs nlist (use ivf_lists(n) or build_index)")
        quantiser = faiss.IndexFlatIP(dimension)
        code = _IVF_CODES[spec.kind]
        if code is None:
            base = faiss.IndexIVFFlat(quantiser, dimension, spec.nlist, faiss.METRIC_INNER_PRODUCT)
        else:
            base = faiss.IndexIVFScalarQuantizer(quantiser, dimension, spec.nlist,
                                                 getattr(faiss.ScalarQuantizer, code), faiss.METRIC_INNER_PRODUCT)
        base.own_fields = True
        quantiser.this.disown()  # the IVF index owns (and frees) its quantiser
        base.nprobe = spec.nprobe
    else:
        raise ValueError(f"unknown index kind {spec.kind!r}; use one of {', '.join(KINDS)}")
    if spec.kind.startswith("hnsw"):
        base.hnsw.efConstruction = spec.ef_construction
        base.hnsw.efSearch = spec.ef_search
    return faiss.IndexIDMap2(base)


def build_index(vectors: np.ndarray, ids: np.ndarray, spec: IndexSpec) -> faiss.Index:
    """A new index holding `vectors` (float32, normalised) under `ids` (int64)."""
    if spec.kind.startswith("ivf") and not spec.nlist:
        spec = replace(spec, nlist=ivf_lists(len(vectors)))
    if spec.kind.startswith("ivf") and 0 < len(vectors) < spec.nlist:
        # A staged build commits the vectors it has before embedding the rest: k-means needs
        # at least one vector per list. The full index is built again with all of them.
        spec = replace(spec, nlist=len(vectors))
    index = new_index(vectors.shape[1], spec)
    if spec.kind == "hnsw_sq8" and len(vectors):
        faiss.downcast_index(index.index).train(vectors)
    if spec.kind.startswith("ivf") and len(vectors):
        # k-means on a sample: 64 vectors per list is plenty for the centroids, and the
        # full 1M would make training minutes longer. Deterministic sample for rebuilds.
        rng = np.random.default_rng(0)
        take = min(len(vectors), spec.nlist * 64)
        sample = vectors if take == len(vectors) else vectors[np.sort(rng.choice(len(vectors), take, replace=False))]
        faiss.downcast_index(index.index).train(np.ascontiguousarray(sample, dtype=np.float32))
    if len(vectors):
        index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))
    return index


def can_update_in_place(spec: IndexSpec) -> bool:
    """Flat indexes support removing ids; graph indexes are rebuilt instead."""
    return spec.kind == "flat"


def can_grow(spec: IndexSpec) -> bool:
    """Whether vectors can be added to a built index of this kind without retraining it
    (the quantised and IVF kinds are trained on the vectors they are built from)."""
    return spec.kind in ("flat", "hnsw")


def search(index: faiss.Index, queries: np.ndarray, k: int, *, spec: IndexSpec | None = None,
           allowed_ids: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Top-`k` (scores, ids) per query row; `allowed_ids` restricts the search to those ids."""
    k = max(1, min(k, index.ntotal))
    queries = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, index.d)
    with _single_thread(len(queries) == 1):
        if allowed_ids is None:
            return index.search(queries, k)
        selector = faiss.IDSelectorBatch(np.asarray(allowed_ids, dtype=np.int64))
        if spec is not None and spec.kind.startswith("hnsw"):
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(spec.ef_search, k))
        elif spec is not None and spec.kind.startswith("ivf"):
            params = faiss.SearchParametersIVF(sel=selector, nprobe=spec.nprobe)
        else:
            params = faiss.SearchParameters(sel=selector)
        return index.search(queries, k, params=params)


@contextmanager
def _single_thread(active: bool) -> Iterator[None]:
    """One OpenMP thread for a single query. FAISS splits a search over queries, so one query
    gains nothing from more threads, but waits at the end of each parallel region for the idle
    ones: on a busy 2-core machine that was a ~12 ms scheduler slice per search instead of
    0.1-2 ms (benchmarks/RESULTS.md, "Scale"). The setting belongs to the calling thread only
    (OpenMP keeps it per thread), so a build in another thread keeps all its threads."""
    if not active:
        yield
        return
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def write_index(index: faiss.Index, path: Path) -> None:
    """Write `index` to `path` atomically: a temporary name, fsync, then rename. A write that
    fails leaves no partial file; a full disk raises OSError(ENOSPC) naming `path`."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        try:
            faiss.write_index(index, str(tmp))
        except RuntimeError as exc:  # FAISS words its I/O errors as text
            full = next((n for n in (errno.ENOSPC, errno.EDQUOT) if os.strerror(n) in str(exc)), None)
            if full is not None:
                raise OSError(full, os.strerror(full), str(path)) from exc
            raise
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_index(path: Path, spec: IndexSpec | None = None) -> faiss.Index:
    """Read an index written by `write_index` (raises RuntimeError if it is damaged)."""
    index = faiss.read_index(str(path))
    if spec is not None:
        apply_search_setting(index, spec)
    return index

"""The FAISS side of the index: normalised vectors keyed by paragraph number in, nearest ids out.

The index type follows the archive's size (see `choose_spec`): exact search while it
is fast enough, then HNSW graphs, with 8-bit scalar quantisation where memory
requires. The spec chosen is recorded in the manifest.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

import faiss
import numpy as np

# Measured on the 2-core reference machine (benchmarks/RESULTS.md): exact search over
# 384-d vectors stays under ~20 ms up to about 100k paragraphs.
EXACT_LIMIT = 100_000
# Above this, float32 vectors alone (1.5 kB each) would crowd the 2 GB serving budget.
QUANTISE_LIMIT = 500_000


@dataclass(frozen=True)
class IndexSpec:
    """What kind of FAISS index to build, and its parameters."""

    kind: str  # "flat", "hnsw" or "hnsw_sq8"
    hnsw_m: int = 32
    ef_construction: int = 80
    ef_search: int = 96

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, spec: dict) -> "IndexSpec":
        return cls(**spec)


def choose_spec(paragraphs: int) -> IndexSpec:
    """The index type for an archive of `paragraphs` paragraphs."""
    if paragraphs <= EXACT_LIMIT:
        return IndexSpec("flat")
    # efSearch measured on the synthetic 100k / 1M archives (benchmarks/RESULTS.md, "Scale"):
    # recall@10 against exact search at 100k: 0.87 with 96, 0.96 with 512 (~1.2 ms a query);
    # at 1M (sq8): 0.73 with 128, 0.86 with 512 (~2 ms a query).
    if paragraphs <= QUANTISE_LIMIT:
        return IndexSpec("hnsw", ef_search=512)
    return IndexSpec("hnsw_sq8", ef_search=512)


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
    else:
        raise ValueError(f"unknown index kind {spec.kind!r}; use flat, hnsw or hnsw_sq8")
    if spec.kind != "flat":
        base.hnsw.efConstruction = spec.ef_construction
        base.hnsw.efSearch = spec.ef_search
    return faiss.IndexIDMap2(base)


def build_index(vectors: np.ndarray, ids: np.ndarray, spec: IndexSpec) -> faiss.Index:
    """A new index holding `vectors` (float32, normalised) under `ids` (int64)."""
    index = new_index(vectors.shape[1], spec)
    if spec.kind == "hnsw_sq8" and len(vectors):
        faiss.downcast_index(index.index).train(vectors)
    if len(vectors):
        index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))
    return index


def can_update_in_place(spec: IndexSpec) -> bool:
    """Flat indexes support removing ids; graph indexes are rebuilt instead."""
    return spec.kind == "flat"


def search(index: faiss.Index, queries: np.ndarray, k: int, *, spec: IndexSpec | None = None,
           allowed_ids: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Top-`k` (scores, ids) per query row; `allowed_ids` restricts the search to those ids."""
    k = max(1, min(k, index.ntotal))
    queries = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, index.d)
    with _single_thread(len(queries) == 1):
        if allowed_ids is None:
            return index.search(queries, k)
        selector = faiss.IDSelectorBatch(np.asarray(allowed_ids, dtype=np.int64))
        if spec is not None and spec.kind != "flat":
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(spec.ef_search, k))
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
    """Write `index` to `path` atomically: a temporary name, fsync, then rename."""
    tmp = path.with_name(path.name + ".tmp")
    faiss.write_index(index, str(tmp))
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def read_index(path: Path, spec: IndexSpec | None = None) -> faiss.Index:
    """Read an index written by `write_index` (raises RuntimeError if it is damaged)."""
    index = faiss.read_index(str(path))
    if spec is not None and spec.kind != "flat":
        faiss.downcast_index(index.index).hnsw.efSearch = spec.ef_search
    return index

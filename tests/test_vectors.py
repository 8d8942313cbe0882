"""The FAISS side: every index kind finds near neighbours, honours filters, survives a
write and read with its search settings, and the spec follows the archive's size."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from indexer.store import vectors as V


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    x = rng.standard_normal((6000, 32)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x, np.arange(len(x), dtype=np.int64) * 7919 + 13


@pytest.mark.parametrize("spec", [V.IndexSpec("flat"), V.IndexSpec("hnsw", ef_search=128),
                                  V.IndexSpec("hnsw_sq8", ef_search=128), V.IndexSpec("ivf_flat", nprobe=64),
                                  V.IndexSpec("ivf_fp16", nlist=64, nprobe=64),
                                  V.IndexSpec("ivf_sq8", nlist=64, nprobe=64)],
                         ids=lambda s: s.kind)
def test_each_kind_finds_the_vector_itself_and_honours_filters(data, spec: V.IndexSpec, tmp_path: Path) -> None:
    x, ids = data
    index = V.build_index(x, ids, spec)
    V.write_index(index, tmp_path / "v.faiss")
    index = V.read_index(tmp_path / "v.faiss", spec)
    assert index.ntotal == len(x)
    _, got = V.search(index, x[:20], 5, spec=spec)
    assert (got[:, 0] == ids[:20]).mean() >= 0.95
    allowed = ids[3000:3100]
    _, got = V.search(index, x[3050:3051], 10, spec=spec, allowed_ids=allowed)
    assert got[0][0] == ids[3050] and set(got[0][got[0] >= 0]) <= set(allowed)


def test_search_settings_are_restored_on_read(data, tmp_path: Path) -> None:
    x, ids = data
    spec = V.IndexSpec("ivf_fp16", nlist=64, nprobe=7)
    V.write_index(V.build_index(x, ids, V.IndexSpec("ivf_fp16", nlist=64, nprobe=1)), tmp_path / "v.faiss")
    import faiss

    assert faiss.downcast_index(V.read_index(tmp_path / "v.faiss", spec).index).nprobe == 7


def test_spec_round_trips_and_old_manifests_still_read() -> None:
    spec = V.choose_spec(1_000_000)
    assert V.IndexSpec.from_dict(spec.to_dict()) == spec
    old = {"kind": "hnsw_sq8", "hnsw_m": 32, "ef_construction": 80, "ef_search": 512}
    assert V.IndexSpec.from_dict(old).kind == "hnsw_sq8"
    with pytest.raises(ValueError, match="unknown index kind"):
        V.new_index(8, V.IndexSpec("lsh"))


def test_spec_follows_archive_size() -> None:
    assert V.choose_spec(1_000).kind == "flat"
    assert V.choose_spec(V.EXACT_LIMIT).kind == "flat"
    big = V.choose_spec(1_000_000)
    assert big.kind != "flat" and big.kind in V.KINDS
    assert V.ivf_lists(1_000_000) == 4096 and V.ivf_lists(10) == 256

"""The embedding cache: a text is embedded once per model, vectors come back byte for byte,
models never share vectors, and a damaged cache file costs only re-embedding."""
from __future__ import annotations

import logging
import multiprocessing
from pathlib import Path

import numpy as np
import pytest

from indexer.embed.vector_cache import CACHE_FILE, VectorCache

DIM = 8


def vectors_for(texts: list[str], seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vecs = rng.standard_normal((len(texts), DIM)).astype(np.float32)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def test_stored_vectors_come_back_byte_for_byte(tmp_path: Path) -> None:
    texts = ["Referatet blev godkendt.", "Huslejen stiger 3 %.", "æøå § 85 • https://x.dk"]
    vecs = vectors_for(texts)
    VectorCache(tmp_path / CACHE_FILE, "model-a", DIM).put(texts, vecs)
    # A new connection, as in another build or another process.
    found = VectorCache(tmp_path / CACHE_FILE, "model-a", DIM).get(["unknown", *texts, texts[0]])
    assert sorted(found) == [1, 2, 3, 4]
    for pos, i in ((1, 0), (2, 1), (3, 2), (4, 0)):
        assert found[pos].tobytes() == vecs[i].tobytes()


def test_other_model_does_not_share_vectors(tmp_path: Path) -> None:
    texts = ["Byrådet vedtog budgettet."]
    VectorCache(tmp_path / CACHE_FILE, "model-a", DIM).put(texts, vectors_for(texts))
    assert VectorCache(tmp_path / CACHE_FILE, "model-b", DIM).get(texts) == {}
    # Same key, other dimension: the stored blob does not fit, so it is not used.
    assert VectorCache(tmp_path / CACHE_FILE, "model-a", DIM * 2).get(texts) == {}


def test_first_writer_wins(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path / CACHE_FILE, "m", DIM)
    first, second = vectors_for(["t"], 1), vectors_for(["t"], 2)
    cache.put(["t"], first)
    cache.put(["t"], second)
    assert cache.get(["t"])[0].tobytes() == first[0].tobytes()


@pytest.mark.parametrize("damage", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_damaged_cache_file_is_set_aside_and_rebuilt(tmp_path: Path, damage: bytes,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / CACHE_FILE
    path.write_bytes(damage)
    cache = VectorCache(path, "m", DIM)
    with caplog.at_level(logging.WARNING, logger="indexer.embed.vector_cache"):
        assert cache.get(["a"]) == {}
        cache.put(["a"], vectors_for(["a"]))
    assert cache.get(["a"])[0].tobytes() == vectors_for(["a"])[0].tobytes()
    assert [r.getMessage().count("\n") for r in caplog.records] == [0]
    assert "unusable" in caplog.records[0].getMessage()
    assert any(p.name.startswith(CACHE_FILE + ".damaged-") for p in tmp_path.iterdir())


def test_unwritable_cache_switches_off_quietly(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    cache = VectorCache(blocker / "sub" / CACHE_FILE, "m", DIM)
    with caplog.at_level(logging.WARNING, logger="indexer.embed.vector_cache"):
        assert cache.get(["a"]) == {}
        cache.put(["a"], vectors_for(["a"]))
        assert cache.get(["a"]) == {}
    assert any("switched off" in r.getMessage() for r in caplog.records)


def _writer(path: str, worker: int, texts: list[str]) -> None:
    cache = VectorCache(path, "m", DIM)
    for start in range(0, len(texts), 10):
        chunk = texts[start:start + 10]
        cache.put(chunk, vectors_for(chunk, seed=0))
        cache.get(chunk)
    cache.close()


def test_processes_write_one_cache_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / CACHE_FILE)
    texts = [f"paragraph {i}" for i in range(200)]
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, texts[w * 50:w * 50 + 100])) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    found = VectorCache(path, "m", DIM).get(texts)
    assert sorted(found) == list(range(200))


@pytest.fixture
def counted(embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The session's real Embedder with a fresh cache file, counting texts sent to the model."""
    inner = getattr(embedder, "_embedder", embedder)
    monkeypatch.setattr(inner, "cache", VectorCache(tmp_path / CACHE_FILE, inner.cache_key, inner.dimension))
    sent: list[int] = []
    encode = inner._encode  # the one place texts reach the model, whatever the backend

    def counting_encode(texts, *args, **kwargs):
        sent.append(len(texts))
        return encode(texts, *args, **kwargs)

    monkeypatch.setattr(inner, "_encode", counting_encode)
    return inner, sent


@pytest.mark.slow
def test_second_embedding_of_the_same_texts_does_not_run_the_model(counted) -> None:
    embedder, sent = counted
    texts = ["Udvalget godkendte budgettet for 2025.", "The committee approved the budget.",
             "Udvalget godkendte budgettet for 2025."]
    assert embedder.cached_passages(texts) == {}
    first = embedder.embed_passages(texts)
    assert sent == [2]  # the duplicate is embedded once
    assert sorted(embedder.cached_passages(texts)) == [0, 1, 2]
    again = embedder.embed_passages(texts[::-1])
    assert sent == [2]
    assert again[::-1].tobytes() == first.tobytes()
    more = embedder.embed_passages([texts[1], "Et nyt afsnit om skolens tag."])
    assert sent == [2, 1]
    assert more[0].tobytes() == first[1].tobytes()
    # What the cache returns is what the model makes of the text.
    fresh = embedder._encode([texts[1]], "passage", 16, False)
    assert sent[-1] == 1
    np.testing.assert_allclose(more[0], fresh[0], atol=1e-5)


@pytest.mark.slow
def test_cache_key_names_weights_backend_and_prompt(counted) -> None:
    embedder, _ = counted
    from indexer.embed.embedder import EQUIVALENT_BACKENDS

    key = embedder.cache_key
    # torch and ONNX Runtime fp32 share their vectors: the key names their common kind
    kind = "torch" if embedder.run_kind in EQUIVALENT_BACKENDS else embedder.run_kind
    assert embedder.identity.weights_sha256 in key and f'"backend": "{kind}"' in key
    assert '"prompt": "passage: "' in key


@pytest.mark.slow
def test_cache_can_be_switched_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from indexer.embed.embedder import Embedder

    monkeypatch.setenv("INDEXER_VECTOR_CACHE", "0")
    assert Embedder(cache_dir=None).cache is None

"""A build commits text first and vectors in batches after it: the archive answers word
searches before any paragraph is embedded, hybrid search uses the vectors that are ready,
and a build that stops while embedding keeps every batch it committed."""
from __future__ import annotations


import numpy as np
import pytest

from benchmarks import fault_injection
from indexer.build import generations
from indexer.store import vectors
from indexer.build.run import build
from indexer.store.manifest import Manifest
from indexer.search.archive import Archive

from .fakes import HashEmbedder



class StopsEmbedding(HashEmbedder):
    """Embeds `calls` batches, then fails as a killed or crashed model would."""

    def __init__(self, calls: int) -> None:
        super().__init__()
        self.calls = calls

    def embed_passages(self, texts, **options) -> np.ndarray:
        if self.calls == 0:
            raise RuntimeError("embedding stopped")
        self.calls -= 1
        return super().embed_passages(texts, **options)


def test_words_are_searchable_before_any_paragraph_is_embedded(flat_minutes_archive, tmp_path):
    index_dir = tmp_path / "index"
    with pytest.raises(RuntimeError, match="embedding stopped"):
        build(flat_minutes_archive, index_dir, embedder=StopsEmbedding(calls=0))
    manifest = Manifest.read(index_dir)
    assert manifest.paragraphs > 0 and manifest.pending == manifest.paragraphs and manifest.embedded == 0
    archive = Archive.open(index_dir, embedder=HashEmbedder())
    try:
        lexical = archive.search("huslejestigninger", k=5, mode="lexical")
        hybrid = archive.search("huslejestigninger", k=5)
        assert len(lexical) > 0
        # Hybrid search answers from the words alone while no vector is ready.
        assert [h.id for h in hybrid] == [h.id for h in lexical]
        assert all(h.dense_score is None for h in hybrid)
        assert archive.search("huslejestigninger", k=5, mode="dense").total == 0
    finally:
        archive.close()


def test_a_stopped_build_keeps_its_committed_batches_and_the_next_embeds_only_the_rest(
        flat_minutes_archive, tmp_path, monkeypatch):
    monkeypatch.setattr(generations, "EMBED_BATCH", 16)  # batches of 16 texts: several of them
    index_dir = tmp_path / "index"
    seen: list[tuple[str, int, int]] = []
    with pytest.raises(RuntimeError, match="embedding stopped"):
        build(flat_minutes_archive, index_dir, embedder=StopsEmbedding(calls=2),
              progress=lambda stage, done, total: seen.append((stage, done, total)))
    stopped = Manifest.read(index_dir)
    assert 0 < stopped.embedded < stopped.paragraphs and stopped.pending == stopped.paragraphs - stopped.embedded
    assert fault_injection.check_consistent(index_dir, HashEmbedder()) == stopped.generation
    embeds = [(done, total) for stage, done, total in seen if stage == "embed"]
    assert embeds[0] == (0, embeds[0][1]) and embeds[-1][0] == 32  # two batches of 16 texts done

    # Meaning search already covers the embedded paragraphs.
    archive = Archive.open(index_dir, embedder=HashEmbedder())
    try:
        assert len(archive.search("huslejestigninger", k=5, mode="dense", floor=False)) == 5
    finally:
        archive.close()

    embedder = HashEmbedder()
    finished = build(flat_minutes_archive, index_dir, embedder=embedder)
    assert finished.indexed == [] and finished.paragraphs == stopped.paragraphs
    assert embedder.passages == finished.embedded == embeds[0][1] - 32  # only what was left
    done = Manifest.read(index_dir)
    assert done.pending == 0 and done.embedded == done.paragraphs
    assert fault_injection.check_consistent(index_dir, HashEmbedder()) == done.generation

    # The result is the index a build in one go gives.
    whole_dir = tmp_path / "whole"
    build(flat_minutes_archive, whole_dir, embedder=HashEmbedder())
    for directory in (index_dir, whole_dir):
        archive = Archive.open(directory, embedder=HashEmbedder())
        try:
            ranked = [h.id for h in archive.search("bostøtte og husleje", k=10, floor=False)]
        finally:
            archive.close()
        if directory == index_dir:
            staged = ranked
    assert ranked == staged


@pytest.mark.parametrize("spec", [vectors.IndexSpec("hnsw_sq8", ef_search=64),
                                  vectors.IndexSpec("ivf_fp16", nlist=4, nprobe=2)], ids=lambda s: s.kind)
def test_paragraphs_left_waiting_join_an_index_kind_that_cannot_grow_by_a_rebuild_of_it(
        flat_minutes_archive, tmp_path, monkeypatch, spec):
    index_dir = tmp_path / "index"
    with pytest.raises(RuntimeError, match="embedding stopped"):
        build(flat_minutes_archive, index_dir, embedder=StopsEmbedding(calls=0))
    # The archive grows into the size where the index is trained on its vectors.
    monkeypatch.setattr(vectors, "choose_spec", lambda paragraphs: spec)
    (flat_minutes_archive / "extra.txt").write_text("Referat\n\nUdvalget drøftede snerydning på stierne ved "
                                           "bostederne og bad om en plan.\n", encoding="utf-8")
    finished = build(flat_minutes_archive, index_dir, embedder=HashEmbedder())
    assert finished.indexed == ["extra.txt"]
    manifest = Manifest.read(index_dir)
    assert manifest.pending == 0 and manifest.faiss == spec.to_dict()
    assert fault_injection.check_consistent(index_dir, HashEmbedder()) == manifest.generation


def test_a_reader_whose_vector_file_went_away_mid_read_reads_again(flat_minutes_archive, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    build(flat_minutes_archive, index_dir, embedder=HashEmbedder())
    real_read = vectors.read_index
    calls = []

    def gone_once(path, spec=None):
        # As when two batches commit between a reader's snapshot and its file read.
        calls.append(path)
        if len(calls) == 1:
            raise RuntimeError(f"could not open {path}")
        return real_read(path, spec)

    monkeypatch.setattr(vectors, "read_index", gone_once)
    archive = Archive.open(index_dir, embedder=HashEmbedder())
    try:
        assert len(calls) == 2 and len(archive.search("huslejestigninger", k=3, mode="lexical")) > 0
    finally:
        archive.close()

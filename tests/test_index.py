"""Building the index: incremental updates keep SQLite and FAISS in step."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from indexer import store, vectors
from indexer.build import build
from indexer.errors import BuildLocked, IndexDamaged, IndexMissing, ModelMismatch
from indexer.search import Archive

from .paths import SAMPLE_MINUTES


def index_state(index_dir: Path) -> tuple[set[str], set[int]]:
    """(paragraph ids in SQLite, vector ids in FAISS) of the committed generation."""
    conn = sqlite3.connect(index_dir / store.DB_NAME)
    generation = int(conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
    rows = conn.execute("SELECT id, vec_id FROM paragraphs").fetchall()
    conn.close()
    index = vectors.read_index(store.faiss_path(index_dir, generation))
    faiss_ids = set(int(i) for i in vectors_ids(index))
    assert {vec_id for _, vec_id in rows} == faiss_ids
    return {pid for pid, _ in rows}, faiss_ids


def ids_of(index_dir: Path, *documents: str) -> set[str]:
    conn = sqlite3.connect(index_dir / store.DB_NAME)
    marks = ",".join("?" * len(documents))
    ids = {r[0] for r in conn.execute(f"SELECT id FROM paragraphs WHERE document IN ({marks})", documents)}
    conn.close()
    return ids


def vectors_ids(index):
    import faiss

    return faiss.vector_to_array(index.id_map)


@pytest.fixture
def archive_dir(tmp_path):
    target = tmp_path / "archive"
    shutil.copytree(SAMPLE_MINUTES, target / "minutes")
    return target


def test_build_indexes_every_sample_minute(archive_dir, tmp_path, embedder):
    report = build(archive_dir, tmp_path / "index", embedder=embedder)
    assert len(report.indexed) == 5 and not report.skipped
    ids, faiss_ids = index_state(tmp_path / "index")
    assert len(ids) == len(faiss_ids) == report.paragraphs > 50


def test_rebuild_of_unchanged_archive_embeds_nothing(archive_dir, tmp_path, embedder):
    first = build(archive_dir, tmp_path / "index", embedder=embedder)
    before = index_state(tmp_path / "index")
    second = build(archive_dir, tmp_path / "index")  # no embedder: must not need one
    assert second.embedded == 0 and len(second.unchanged) == 5 and not second.indexed
    assert second.generation == first.generation
    assert index_state(tmp_path / "index") == before


def test_edit_add_delete_leave_exactly_the_right_paragraphs(archive_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build(archive_dir, index_dir, embedder=embedder)
    edited = archive_dir / "minutes" / "001_70c5ef0d973b6080.txt"
    deleted = archive_dir / "minutes" / "003_27f82d4ab2ec9f88.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nTilføjet afsnit om huslejestigninger på "
                      "bostederne, som blev drøftet grundigt på mødet i december.\n", encoding="utf-8")
    deleted.unlink()
    (archive_dir / "minutes" / "new.txt").write_text(
        "Referat af møde i Brugerrådet\n\nBrugerrådet drøftede personalegennemstrømning på "
        "botilbuddene og bad forvaltningen om en status til næste møde.\n", encoding="utf-8")
    untouched_before = ids_of(index_dir, "minutes/000_e9b7192dbc8b80a1.txt",
                              "minutes/002_c6494850ffb86ef0.txt", "minutes/004_d9519e1c86cf0307.txt")
    report = build(archive_dir, index_dir, embedder=embedder)
    assert sorted(report.indexed) == ["minutes/001_70c5ef0d973b6080.txt", "minutes/new.txt"]
    assert report.removed == ["minutes/003_27f82d4ab2ec9f88.txt"]
    ids_after, _ = index_state(index_dir)
    conn = sqlite3.connect(index_dir / store.DB_NAME)
    by_doc = dict(conn.execute("SELECT document, count(*) FROM paragraphs GROUP BY document").fetchall())
    assert "minutes/003_27f82d4ab2ec9f88.txt" not in by_doc and by_doc["minutes/new.txt"] >= 1
    untouched = ids_of(index_dir, "minutes/000_e9b7192dbc8b80a1.txt", "minutes/002_c6494850ffb86ef0.txt",
                       "minutes/004_d9519e1c86cf0307.txt")
    assert untouched == untouched_before and untouched <= ids_after  # untouched documents keep their ids
    # Re-embedding only what is new: the edited file's old paragraphs reuse their vectors.
    assert report.embedded < 10


def test_same_ids_when_a_file_is_reingested(archive_dir, tmp_path, embedder):
    build(archive_dir, tmp_path / "one", embedder=embedder)
    build(archive_dir, tmp_path / "two", embedder=embedder)
    assert index_state(tmp_path / "one")[0] == index_state(tmp_path / "two")[0]


def test_duplicate_file_is_indexed_once(archive_dir, tmp_path, embedder):
    source = archive_dir / "minutes" / "001_70c5ef0d973b6080.txt"
    shutil.copy(source, archive_dir / "copy.txt")
    report = build(archive_dir, tmp_path / "index", embedder=embedder)
    # The first in path order is indexed, the other named as its copy.
    assert ("minutes/001_70c5ef0d973b6080.txt", "same content as copy.txt") in report.skipped
    assert "copy.txt" in report.indexed and "minutes/001_70c5ef0d973b6080.txt" not in report.indexed
    assert report.paragraphs == sum(1 for _ in index_state(tmp_path / "index")[0])


def test_two_builds_at_once_are_refused(archive_dir, tmp_path):
    with store.build_lock(tmp_path / "index"):
        with pytest.raises(BuildLocked, match="another build is running"):
            build(archive_dir, tmp_path / "index")


def test_other_model_is_a_clear_error(archive_dir, tmp_path, embedder):
    build(archive_dir, tmp_path / "index", embedder=embedder)
    with pytest.raises(ModelMismatch, match=r"built with .*--rebuild"):
        build(archive_dir, tmp_path / "index", model="sentence-transformers/all-MiniLM-L6-v2")


def test_opening_a_missing_index_names_the_build_command(tmp_path):
    with pytest.raises(IndexMissing, match="python -m indexer build"):
        Archive.open(tmp_path / "nothing")


def test_damaged_indexes_are_detected_on_open(archive_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    report = build(archive_dir, index_dir, embedder=embedder)
    faiss_file = store.faiss_path(index_dir, report.generation)
    faiss_file.write_bytes(faiss_file.read_bytes()[:1000])
    with pytest.raises(IndexDamaged, match="--rebuild"):
        Archive.open(index_dir, embedder=embedder)


def test_changing_what_is_embedded_re_embeds_everything(archive_dir, tmp_path, embedder, monkeypatch):
    from indexer import build as build_module

    index_dir = tmp_path / "index"
    first = build(archive_dir, index_dir, embedder=embedder)
    monkeypatch.setattr(build_module, "EMBED_CONTEXT", "heading")
    second = build(archive_dir, index_dir, embedder=embedder)
    assert sorted(second.indexed) == sorted(first.indexed) and second.embedded > 0
    assert store.read_manifest(index_dir)["embed_context"] == "heading"
    assert len(index_state(index_dir)[0]) == second.paragraphs

"""An agenda item's centroid: kept with its paragraphs' vectors (`item_vectors`), and used to order
the dense side of a search (`rank.with_items`)."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import numpy as np

from indexer.build.run import build
from indexer.search import rank
from indexer.store import Store
from tests.fakes import HashEmbedder

GREVE = Path(__file__).resolve().parents[1] / "archive" / "greve" / "social-og-handicapudvalget"


def greve_archive(tmp_path: Path, meetings: int = 2) -> Path:
    root = tmp_path / "archive"
    (root / "greve").mkdir(parents=True)
    for path in sorted(GREVE.glob("*.json"))[:meetings]:
        shutil.copy(path, root / "greve" / path.name)
    return root


def stored(index_dir: Path) -> dict[tuple[str, str], tuple[int, np.ndarray]]:
    with sqlite3.connect(index_dir / "archive.sqlite") as conn:
        return {(d, i): (n, np.frombuffer(v, dtype=np.float32))
                for d, i, n, v in conn.execute("SELECT document, item_number, paragraphs, vector FROM item_vectors")}


def from_paragraphs(index_dir: Path) -> dict[tuple[str, str], tuple[int, np.ndarray]]:
    """What the centroids must be: worked out here from the paragraphs' own vectors."""
    groups: dict[tuple[str, str], list[np.ndarray]] = {}
    with sqlite3.connect(index_dir / "archive.sqlite") as conn:
        for d, i, v in conn.execute("SELECT document, item_number, vector FROM paragraphs "
                                    "WHERE searchable AND item_number IS NOT NULL AND item_number != ''"):
            groups.setdefault((d, i), []).append(np.frombuffer(v, dtype=np.float32))
    return {key: (len(vs), np.mean(vs, axis=0) / np.linalg.norm(np.mean(vs, axis=0))) for key, vs in groups.items()}


def assert_same(found: dict, expected: dict) -> None:
    assert found.keys() == expected.keys() and len(found) > 5
    for key, (size, vector) in expected.items():
        assert found[key][0] == size and np.allclose(found[key][1], vector, atol=1e-6)


def test_each_agenda_item_keeps_the_centroid_of_its_paragraphs_vectors(tmp_path):
    index_dir = tmp_path / "index"
    build(greve_archive(tmp_path), index_dir, embedder=HashEmbedder())
    assert_same(stored(index_dir), from_paragraphs(index_dir))
    store = Store.open(index_dir)
    try:
        with store.reading():
            ids = [r[0] for r in store._conn.execute("SELECT vec_id FROM paragraphs WHERE searchable")]
            every = store.item_vectors(ids, 10_000)
            sizes = sorted(size for size, _ in stored(index_dir).values())
            short = store.item_vectors(ids, sizes[len(sizes) // 2])
    finally:
        store.close()
    assert every and 0 < len(short) < len(every)  # the longer items are left out


def test_a_document_removed_takes_its_items_centroids_with_it(tmp_path):
    archive, index_dir = greve_archive(tmp_path), tmp_path / "index"
    build(archive, index_dir, embedder=HashEmbedder())
    gone = sorted((archive / "greve").glob("*.json"))[0]
    gone.unlink()
    build(archive, index_dir, embedder=HashEmbedder())
    documents = {d for d, _ in stored(index_dir)}
    assert documents and not any(gone.name in d for d in documents)
    assert_same(stored(index_dir), from_paragraphs(index_dir))


def test_an_index_from_before_item_centroids_gets_them_on_opening(tmp_path):
    index_dir = tmp_path / "index"
    build(greve_archive(tmp_path), index_dir, embedder=HashEmbedder())
    with sqlite3.connect(index_dir / "archive.sqlite") as conn:
        conn.execute("DROP TABLE item_vectors")
    Store.open(index_dir).close()
    assert_same(stored(index_dir), from_paragraphs(index_dir))


def test_a_paragraph_of_an_item_about_the_question_comes_before_an_equally_close_stray_one():
    question = np.eye(4, dtype=np.float32)[0]
    about = np.array([0.9, 0.1, 0.0, 0.0], dtype=np.float32)
    ordered = rank.with_items([(1, 0.8), (2, 0.8), (3, 0.7)], {2: about / np.linalg.norm(about)}, question)
    assert [vec_id for vec_id, _ in ordered] == [2, 1, 3]
    assert dict(ordered)[1] == 0.8 and dict(ordered)[2] > 0.8  # one without an item keeps its cosine
    assert rank.with_items([(1, 0.8)], {}, question) == [(1, 0.8)]


def test_no_item_weight_leaves_the_dense_order_as_faiss_gave_it(monkeypatch):
    monkeypatch.setattr(rank, "ITEM_WEIGHT", 0.0)
    question = np.eye(4, dtype=np.float32)[0]
    found = [(1, 0.8), (2, 0.79)]
    assert rank.with_items(found, {2: question}, question) == found

"""A build leaves SQLite's write-ahead log empty, though the app or the API keeps the database open
(only the last connection's close removes the log; a build's text commit writes it as big as the
text): it would otherwise stay as big as the database for good (hashing embedder: no model)."""
from __future__ import annotations

import shutil

from indexer.build.run import build
from indexer.search.archive import Archive
from indexer.store import Store
from indexer.store.core import WAL_SIZE_LIMIT
from indexer.store.schema import DB_NAME
from tests.fakes import HashEmbedder
from tests.paths import SAMPLE_MINUTES


def test_a_build_empties_the_log_while_a_reader_like_the_apis_has_the_index_open(tmp_path):
    archive, index = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    names = sorted(p.name for p in SAMPLE_MINUTES.iterdir())
    shutil.copy(SAMPLE_MINUTES / names[0], archive / names[0])
    build(archive, index, embedder=HashEmbedder())
    reader = Archive.open(index, embedder=HashEmbedder())  # as the API and the app hold it
    try:
        assert reader.search("husleje", k=5, mode="hybrid") is not None
        for name in names[1:]:
            shutil.copy(SAMPLE_MINUTES / name, archive / name)
        report = build(archive, index, embedder=HashEmbedder())
        assert len(report.indexed) == len(names) - 1
        log = index / (DB_NAME + "-wal")
        assert log.exists() and log.stat().st_size == 0  # still open by the reader, and empty
        reader.search("husleje", k=5, mode="hybrid")  # the reader reads on, the new documents too
        assert reader.manifest.documents == len(names)
    finally:
        reader.close()


def test_every_writable_connection_cuts_the_log_back_after_a_checkpoint(tmp_path):
    store = Store.open(tmp_path / "index", create=True)
    try:
        (limit,) = store._conn.execute("PRAGMA journal_size_limit").fetchone()
        assert limit == WAL_SIZE_LIMIT
        assert store.truncate_log()
    finally:
        store.close()

"""A build of an index whose vector file is gone (deleted, a backup restored without it) writes it again
from the vectors the store keeps, says so, and the index is searched as before; nothing is embedded again."""
from __future__ import annotations

import shutil

from indexer.build.run import build
from indexer.search.archive import Archive
from indexer.store.files import faiss_path
from indexer.store.manifest import Manifest
from tests.fakes import HashEmbedder
from tests.paths import SAMPLE_MINUTES


def test_a_missing_vector_file_is_written_again_from_the_stored_vectors(tmp_path):
    archive, index = tmp_path / "archive", tmp_path / "index"
    shutil.copytree(SAMPLE_MINUTES, archive / "minutes")
    build(archive, index, embedder=HashEmbedder())
    before = Archive.open(index, embedder=HashEmbedder())
    found = [hit.id for hit in before.search("huslejestigninger", k=5, mode="dense").hits]
    before.close()
    faiss_path(index, Manifest.read(index).generation).unlink()

    report = build(archive, index, embedder=HashEmbedder())
    assert report.vectors_restored and report.embedded == 0 and report.unchanged and not report.indexed
    assert "the vector file was missing: written again from the stored vectors" in report.summary()
    after = Archive.open(index, embedder=HashEmbedder())
    assert [hit.id for hit in after.search("huslejestigninger", k=5, mode="dense").hits] == found
    after.close()
    assert not build(archive, index, embedder=HashEmbedder()).vectors_restored  # once written, all is well


def test_info_says_the_vector_file_is_missing_and_what_writes_it_again(tmp_path):
    from click.testing import CliRunner

    from indexer.cli import main

    archive, index = tmp_path / "archive", tmp_path / "index"
    shutil.copytree(SAMPLE_MINUTES, archive / "minutes")
    build(archive, index, embedder=HashEmbedder())
    assert "is missing" not in CliRunner().invoke(main, ["info", "--index", str(index)]).output
    faiss_path(index, Manifest.read(index).generation).unlink()
    result = CliRunner().invoke(main, ["info", "--index", str(index)])
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert f"is missing: `python -m indexer build --index {index}` writes it again" in result.output

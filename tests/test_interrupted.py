"""Killed builds and concurrent use never cost the previous index.

A build is killed (SIGKILL) at each named point of its writes (`build.FAIL_POINTS`); the
index must then serve the old generation or the new one, whole, and the next build must
finish the work. The builds run in a child process and embed with `HashEmbedder`.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading

import pytest

from benchmarks import fault_injection
from indexer.build.run import FAIL_POINTS, build
from indexer.store.manifest import Manifest
from indexer.search.archive import Archive

from .fakes import HashEmbedder
from .paths import ROOT, SAMPLE_MINUTES


BUILD = ("import sys; from tests.fakes import HashEmbedder; from indexer.build.run import build; "
         "print(build(sys.argv[1], sys.argv[2], embedder=HashEmbedder()).summary())")
EXTRA = ("Referat\n\nUdvalget drøftede huslejestigninger på bostederne og bad om en ny opgørelse "
         "af udgifterne.\n")


def build_command(archive_dir, index_dir) -> list[str]:
    return [sys.executable, "-c", BUILD, str(archive_dir), str(index_dir)]


def build_minutes(root):
    shutil.copytree(SAMPLE_MINUTES, root / "archive")
    return build(root / "archive", root / "index", embedder=HashEmbedder())


@pytest.fixture
def built(tmp_path, built_copy):
    """The sample minutes and their index, as built once a session, with the build's report."""
    report = built_copy("minutes", build_minutes, tmp_path)
    return tmp_path / "archive", tmp_path / "index", report


def documents_of(index_dir) -> set[str]:
    archive = Archive.open(index_dir, embedder=HashEmbedder())
    try:
        return {d["path"] for d in archive.documents()}
    finally:
        archive.close()


@pytest.mark.parametrize("point", FAIL_POINTS)
def test_a_build_killed_at_each_write_point_leaves_the_old_or_the_new_index(built, point):
    archive_dir, index_dir, first = built
    old_documents = documents_of(index_dir)
    (archive_dir / "000_e9b7192dbc8b80a1.txt").unlink()
    (archive_dir / "extra.txt").write_text(EXTRA, encoding="utf-8")
    new_documents = old_documents - {"000_e9b7192dbc8b80a1.txt"} | {"extra.txt"}
    process = subprocess.run(build_command(archive_dir, index_dir), env=dict(os.environ, INDEXER_KILL_AT=point),
                             cwd=ROOT, capture_output=True)
    assert process.returncode == -signal.SIGKILL, process.stderr.decode()[-2000:]
    generation = fault_injection.check_consistent(index_dir, HashEmbedder())
    committed = FAIL_POINTS.index(point) >= FAIL_POINTS.index("committed")
    # Up to the SQLite commit the old index is current, whole; after it, the new one: its
    # text at once, its vectors with the batch committed after them.
    assert generation == first.generation + committed + (point == "batch-committed")
    assert documents_of(index_dir) == (new_documents if committed else old_documents)
    finished = build(archive_dir, index_dir, embedder=HashEmbedder())
    assert finished.indexed == ([] if committed else ["extra.txt"])
    assert fault_injection.check_consistent(index_dir, HashEmbedder()) == finished.generation
    assert documents_of(index_dir) == new_documents
    assert Manifest.read(index_dir).pending == 0


def test_searches_during_a_build_see_old_or_new_index(built):
    archive_dir, index_dir, _ = built
    archive = Archive.open(index_dir, embedder=HashEmbedder())
    old_documents = {d["path"] for d in archive.documents()}
    (archive_dir / "new.txt").write_text("Referat\n\nBrugerrådet drøftede personalegennemstrømning og "
                                        "bad om en plan for fastholdelse af medarbejdere.\n", encoding="utf-8")
    (archive_dir / "001_70c5ef0d973b6080.txt").unlink()
    new_documents = old_documents - {"001_70c5ef0d973b6080.txt"} | {"new.txt"}
    errors, seen = [], []
    stop = threading.Event()

    def search_loop():
        while not stop.is_set():
            try:
                results = archive.search("personalegennemstrømning bosteder", k=10, mode="lexical")
                documents = {h.document for h in results}
                seen.append(documents)
                if not (documents <= old_documents or documents <= new_documents):
                    errors.append(f"mixed generations: {documents}")
            except Exception as exc:  # any exception is a failure of this test
                errors.append(repr(exc))

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        subprocess.run(build_command(archive_dir, index_dir), cwd=ROOT, check=True, capture_output=True)
    finally:
        stop.set()
        thread.join()
    assert not errors and len(seen) > 3
    assert "new.txt" in {h.document for h in archive.search("fastholdelse af medarbejdere", k=5, mode="lexical")}

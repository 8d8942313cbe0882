"""Killed builds and concurrent use never cost the previous index."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading

import pytest

from benchmarks import fault_injection
from indexer.build import build
from indexer.search import Archive

from .paths import ROOT, SAMPLE_MINUTES


@pytest.fixture
def built(tmp_path, embedder):
    archive_dir, index_dir = tmp_path / "archive", tmp_path / "index"
    shutil.copytree(SAMPLE_MINUTES, archive_dir)
    report = build(archive_dir, index_dir, embedder=embedder)
    return archive_dir, index_dir, report


def build_command(archive_dir, index_dir):
    return [sys.executable, "-m", "indexer", "build", str(archive_dir), "--index", str(index_dir)]


@pytest.mark.parametrize("point", ["embedded", "faiss-written", "before-commit", "committed"])
def test_build_killed_at_any_point_leaves_a_usable_index(built, embedder, point):
    archive_dir, index_dir, first = built
    fault_injection.mutate(archive_dir, __import__("random").Random(1), 1)
    (archive_dir / "extra.txt").write_text("Referat\n\nUdvalget drøftede huslejestigninger på "
                                          "bostederne og bad om en ny opgørelse af udgifterne.\n", encoding="utf-8")
    env = dict(os.environ, INDEXER_KILL_AT=point)
    process = subprocess.run(build_command(archive_dir, index_dir), env=env, cwd=ROOT, capture_output=True)
    assert process.returncode == -signal.SIGKILL
    generation = fault_injection.check_consistent(index_dir, embedder)
    # Up to the SQLite commit the old index is current; after it, the new one.
    assert generation == first.generation + (point == "committed")
    finished = build(archive_dir, index_dir, embedder=embedder)
    assert "extra.txt" in finished.indexed or point == "committed"
    assert fault_injection.check_consistent(index_dir, embedder) == finished.generation
    assert any("extra.txt" == h.document for h in Archive.open(index_dir, embedder=embedder).search(
        "opgørelse af udgifterne huslejestigninger", k=5))


def test_random_kills_never_break_the_index(tmp_path):
    results = fault_injection.run(SAMPLE_MINUTES, tmp_path, runs=2, seed=7, max_delay=6.0)
    assert len(results) == 2  # run() raises on the first inconsistency


def test_searches_during_a_build_see_old_or_new_index(built, embedder):
    archive_dir, index_dir, _ = built
    archive = Archive.open(index_dir, embedder=embedder)
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
                hits = archive.search("personalegennemstrømning bosteder", k=10)
                documents = {h.document for h in hits}
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
    assert "new.txt" in {h.document for h in archive.search("fastholdelse af medarbejdere", k=5)}

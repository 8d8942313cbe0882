"""A build run on a terminal draws progress bars, also on a pseudo-terminal that reports no size
(`script`, an IDE's console, `pty.openpty`: 0×0, where tqdm drew nothing). The build runs in a
child process on a pty, with the hashing embedder (no model)."""
from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys

from tests.paths import ROOT, SAMPLE_MINUTES

# The command line's `build`, with the hashing embedder in place of the model.
BUILD = ("import sys; from tests.fakes import HashEmbedder; from indexer.build import run; real = run.build; "
         "run.build = lambda *a, **k: real(*a, embedder=HashEmbedder(), **k); "
         "from indexer.cli import main; main(sys.argv[1:])")


def _run_on_a_pty(command: list[str]) -> str:
    """What `command` writes to its terminal (stdout and stderr both on a fresh pty, of size 0×0)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, cwd=ROOT,
                               env=dict(os.environ, PYTHONPATH=str(ROOT)))
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal (Linux says EIO)
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=120) == 0, b"".join(chunks).decode(errors="replace")
    return b"".join(chunks).decode(errors="replace")


def test_a_build_on_a_terminal_without_a_size_draws_progress_bars(tmp_path):
    shutil.copytree(SAMPLE_MINUTES, tmp_path / "archive")
    shown = _run_on_a_pty([sys.executable, "-c", BUILD, "build", str(tmp_path / "archive"),
                           "--index", str(tmp_path / "index")])
    assert "read: 100%|" in shown and "embed: 100%|" in shown and "paragraph" in shown
    assert "build: " not in shown  # the log's lines are for a log, not a terminal
    assert "5 indexed, 0 unchanged" in shown

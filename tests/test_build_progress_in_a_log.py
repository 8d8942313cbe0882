"""A build writing to a log (stderr no terminal) says now and then where it is, in one short line
(hashing embedder: no model)."""
from __future__ import annotations

import io
import shutil

from click.testing import CliRunner

from indexer.build.progress import LogProgress
from indexer.cli import main
from tests.fakes import HashEmbedder
from tests.paths import SAMPLE_MINUTES


def test_a_line_every_thirty_seconds_says_what_was_read_and_embedded():
    now = [0.0]
    log = io.StringIO()
    progress = LogProgress(log, clock=lambda: now[0])
    for done in range(1, 123):
        progress("scan", done, 122)
    for done in range(1, 41):
        now[0] += 1.0
        progress("read", done, 122)
    progress("embed", 5102, 9000)
    now[0] += 30.0
    progress("embed", 5200, 9000)
    assert log.getvalue().splitlines() == [
        "build: read 30 of 122 files (30s)",
        "build: read 40 of 122 files, embedded 5,200 of 9,000 paragraphs (70s)"]


def test_a_build_whose_stderr_is_a_log_writes_progress_lines_and_its_summary(monkeypatch, tmp_path):
    from indexer.build import progress, run

    real_build = run.build
    monkeypatch.setattr(run, "build", lambda *args, **kwargs: real_build(*args, embedder=HashEmbedder(), **kwargs))
    monkeypatch.setattr(progress, "LOG_EVERY", 0.0)  # a line at each step: the build is short
    shutil.copytree(SAMPLE_MINUTES, tmp_path / "archive")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "archive"), "--index", str(tmp_path / "index")])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert "build: read 5 of 5 files" in "\n".join(lines) and all(line.startswith("build: ") for line in lines)
    assert result.stdout.startswith("5 indexed, 0 unchanged")

"""A build stopped by SIGTERM (systemd stopping a service, `kill`, a cron job's timeout) stops as
one stopped by Ctrl-C: it keeps what it committed, says so in one line, and exits 143 (128 + 15,
as a shell reports a process SIGTERM ended; Ctrl-C: 130). The build runs in a child process and
embeds with `HashEmbedder`, which sends the child SIGTERM as it starts embedding."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

from click.testing import CliRunner

from indexer.build.run import build
from indexer.cli import main
from indexer.store.manifest import Manifest
from tests.fakes import HashEmbedder
from tests.paths import ROOT, SAMPLE_MINUTES

# The command line's build, its model replaced by one that is stopped by SIGTERM when it first embeds.
BUILD = """
import os, signal, sys
import indexer.embed.embedder
from tests.fakes import HashEmbedder

class Stopped(HashEmbedder):
    def embed_passages(self, texts, **options):
        os.kill(os.getpid(), signal.SIGTERM)
        return super().embed_passages(texts, **options)

indexer.embed.embedder.Embedder = lambda *args, **kwargs: Stopped()
from indexer.cli import main
main(["build", sys.argv[1], "--index", sys.argv[2]])
"""


def test_a_build_stopped_by_sigterm_says_what_it_saved_and_exits_143(tmp_path):
    archive, index = tmp_path / "archive", tmp_path / "index"
    shutil.copytree(SAMPLE_MINUTES, archive)
    process = subprocess.run([sys.executable, "-c", BUILD, str(archive), str(index)], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    assert process.returncode == 143, process.stderr[-2000:]
    assert "Traceback" not in process.stderr
    manifest = Manifest.read(index)  # the text committed before the vectors: consistent, searchable by words
    assert manifest.documents == 5 and manifest.pending
    last = process.stderr.strip().splitlines()[-1]
    assert last == (f"Stopped. This build saved the text of 5 documents it read: the index holds 5 documents; "
                    f"{manifest.pending:,} paragraphs still wait for their vectors (found by words, not yet by "
                    "meaning); run the same build again to go on.")
    report = build(archive, index, embedder=HashEmbedder())  # the next build goes on from there
    assert report.embedded and Manifest.read(index).pending == 0


def test_the_build_command_puts_back_the_sigterm_handler_it_found(monkeypatch, tmp_path):
    monkeypatch.setattr("indexer.build.run.build", lambda *args, **kwargs: (_ for _ in ()).throw(KeyboardInterrupt))
    before = signal.getsignal(signal.SIGTERM)
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--index", str(tmp_path / "i")])
    assert result.exit_code == 130  # Ctrl-C: 130, as before
    assert signal.getsignal(signal.SIGTERM) is before

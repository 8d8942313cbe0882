"""A build stopped with Ctrl-C says only what is true: nothing new saved when it stopped before
its first commit, else what it saved (hashing embedder: no model)."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from indexer.build.report import BuildReport
from indexer.build.run import BuildInterrupted, build
from indexer.cli import main
from indexer.store import REPORT_NAME
from indexer.store.manifest import Manifest
from tests.fakes import HashEmbedder
from tests.paths import SAMPLE_MINUTES


def _stop_at(stage: str):
    def progress(at: str, done: int, total: int) -> None:
        if at == stage and done:
            raise KeyboardInterrupt

    return progress


@pytest.fixture
def archive(tmp_path):
    shutil.copytree(SAMPLE_MINUTES, tmp_path / "archive" / "minutes")
    return tmp_path / "archive"


def _stopped(archive, index, stage: str) -> BuildInterrupted:
    with pytest.raises(BuildInterrupted) as stopped:
        build(archive, index, embedder=HashEmbedder(), progress=_stop_at(stage))
    return stopped.value


def test_a_build_stopped_while_reading_says_nothing_new_was_saved(archive, tmp_path):
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    before = Manifest.read(tmp_path / "index")
    (archive / "minutes" / "new.txt").write_text("Referat\n\nUdvalget drøftede huslejen på bostederne.\n")
    stopped = _stopped(archive, tmp_path / "index", "read")
    assert not stopped.committed and Manifest.read(tmp_path / "index") == before
    message = stopped.message()
    assert "nothing new was saved" in message and "starts over" in message and "searchable" not in message


def test_a_build_stopped_after_its_text_was_committed_says_how_many_documents_it_saved(archive, tmp_path):
    stopped = _stopped(archive, tmp_path / "index", "embed")  # the text is committed before the vectors
    manifest = Manifest.read(tmp_path / "index")
    assert stopped.committed and (stopped.indexed, stopped.held, stopped.waiting) == (5, 5, manifest.pending)
    assert manifest.pending
    assert stopped.message() == (
        f"Stopped. This build saved the text of 5 documents it read: the index holds 5 documents; "
        f"{manifest.pending:,} paragraphs still wait for their vectors (found by words, not yet by meaning); "
        "run the same build again to go on.")


def test_a_rebuild_stopped_after_its_text_was_committed_says_to_go_on_without_rebuild(archive, tmp_path):
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    with pytest.raises(BuildInterrupted) as caught:
        build(archive, tmp_path / "index", embedder=HashEmbedder(), rebuild=True, progress=_stop_at("embed"))
    assert caught.value.committed and caught.value.message().endswith(
        "run the build again without --rebuild to go on (with it, it starts over).")


@pytest.mark.parametrize("raised", [KeyboardInterrupt(), BuildInterrupted(),
                                    BuildInterrupted(True, indexed=3, held=40, waiting=0)])
def test_the_build_command_prints_what_the_stopped_build_saved(monkeypatch, tmp_path, raised):
    def interrupted(*args, **kwargs):
        raise raised

    monkeypatch.setattr("indexer.build.run.build", interrupted)
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--index", str(tmp_path / "i")])
    assert result.exit_code == 130 and "Aborted" not in result.output and "Traceback" not in result.output
    expected = (raised if isinstance(raised, BuildInterrupted) else BuildInterrupted()).message()
    assert result.stderr.strip() == expected
    if getattr(raised, "committed", False):
        assert expected == ("Stopped. This build saved the text of 3 documents it read: the index holds 40 "
                            "documents; run the same build again to go on.")


def test_info_after_a_stopped_build_shows_its_report_marked_stopped_not_the_build_before(archive, tmp_path):
    index = tmp_path / "index"
    build(archive, index, embedder=HashEmbedder())
    (archive / "minutes" / "new.txt").write_text("Referat\n\nUdvalget drøftede huslejen på bostederne.\n")
    _stopped(archive, index, "embed")
    manifest = Manifest.read(index)
    report = json.loads((index / REPORT_NAME).read_text(encoding="utf-8"))
    assert report["stopped"] is True and report["indexed"] == ["minutes/new.txt"]
    assert (report["generation"], report["paragraphs"]) == (manifest.generation, manifest.paragraphs)
    shown = CliRunner().invoke(main, ["info", "--index", str(index)]).output
    assert '"stopped": true' in shown


def test_a_build_stopped_before_it_saved_anything_keeps_the_last_report(archive, tmp_path):
    index = tmp_path / "index"
    build(archive, index, embedder=HashEmbedder())
    kept = (index / REPORT_NAME).read_text(encoding="utf-8")
    (archive / "minutes" / "new.txt").write_text("Referat\n\nUdvalget drøftede huslejen på bostederne.\n")
    _stopped(archive, index, "read")
    assert (index / REPORT_NAME).read_text(encoding="utf-8") == kept  # the index is as that report says


def test_a_stopped_reports_summary_says_it_stopped():
    assert BuildReport(stopped=True).summary().startswith("Stopped before it finished: 0 indexed")
    assert not BuildReport().summary().startswith("Stopped")

"""Files an operator's archive holds that no reader can help: a name that is not UTF-8 (written by a
Latin-1 system), links that loop or lead nowhere. Each is skipped with one reason naming it, the rest
of the archive is indexed, and `info` accounts for it (hashing embedder: no model)."""
from __future__ import annotations

import json
import os
import shutil
import sys

import pytest
from click.testing import CliRunner

from indexer.build.run import build
from indexer.cli import main
from indexer.store.manifest import Manifest
from tests.fakes import HashEmbedder
from tests.paths import SAMPLE_MINUTES

MINUTES = ("000_e9b7192dbc8b80a1.txt", "002_c6494850ffb86ef0.txt")
LATIN1 = b"referat-\xe6\xf8\xe5-latin1navn.txt"  # "referat-æøå-latin1navn.txt" as a Latin-1 system writes it
ESCAPED = "referat-\\xe6\\xf8\\xe5-latin1navn.txt"

needs_bytes_names = pytest.mark.skipif(sys.platform in ("darwin", "win32"),
                                       reason="the file system refuses names that are not UTF-8")


@pytest.fixture
def hashed(monkeypatch):
    """The command line with the hashing embedder in place of the model."""
    monkeypatch.setattr("indexer.embed.embedder.Embedder", lambda *args, **kwargs: HashEmbedder())


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    root.mkdir()
    for name in MINUTES:
        shutil.copy(SAMPLE_MINUTES / name, root / name)
    return root


def _write(folder, name: bytes, content: bytes) -> None:
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(content)


def _built(archive, index):
    """The build command's result, its report and the `info` command's output."""
    result = CliRunner().invoke(main, ["build", str(archive), "--index", str(index)])
    info = CliRunner().invoke(main, ["info", "--index", str(index)])
    report = json.loads((index / "build-report.json").read_text(encoding="utf-8"))
    return result, report, info


@needs_bytes_names
@pytest.mark.parametrize("content", [b"Referat af m\xf8det\n\nUdvalget dr\xf8ftede huslejen.\n", None],
                         ids=["own content", "a copy of another file"])
def test_a_file_name_that_is_not_utf8_is_skipped_by_name_and_the_rest_indexed(archive, tmp_path, hashed, content):
    build(archive, tmp_path / "index", embedder=HashEmbedder())
    shutil.copy(SAMPLE_MINUTES / "004_d9519e1c86cf0307.txt", archive / "new.txt")
    _write(archive, LATIN1, content if content is not None else (archive / MINUTES[0]).read_bytes())
    result, report, info = _built(archive, tmp_path / "index")
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert "1 indexed, 2 unchanged, 0 removed, 1 skipped" in result.output
    assert f"{ESCAPED} (file name is not valid UTF-8 (rename it))" in result.output
    assert report["indexed"] == ["new.txt"]
    assert [(s["path"], s["reason"]) for s in report["skipped"]] == [(ESCAPED, "file name is not valid UTF-8 (rename it)")]
    assert info.exit_code == 0 and json.dumps(ESCAPED) in info.output  # listed among the skipped
    assert Manifest.read(tmp_path / "index").documents == 3


@needs_bytes_names
def test_a_folder_name_that_is_not_utf8_skips_its_files_by_name(archive, tmp_path):
    folder = os.path.join(os.fsencode(archive), b"m\xf8der")
    os.mkdir(folder)
    _write(folder, b"referat.txt", "Referat\n\nUdvalget drøftede huslejen på bostederne i kommunen.\n".encode())
    report = build(archive, tmp_path / "index", embedder=HashEmbedder())
    assert sorted(report.indexed) == sorted(MINUTES)
    assert [(s.path, s.reason) for s in report.skipped] == [("m\\xf8der/referat.txt",
                                                             "file name is not valid UTF-8 (rename it)")]


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_links_that_loop_or_lead_nowhere_are_each_reported_once_and_never_followed(archive, tmp_path, hashed):
    (archive / "loop").mkdir()
    (archive / "loop" / "up").symlink_to("..")  # a folder link back up the tree
    (archive / "selfA.txt").symlink_to("selfB.txt")
    (archive / "selfB.txt").symlink_to("selfA.txt")
    (archive / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (tmp_path / "elsewhere").mkdir()
    (archive / "out").symlink_to(tmp_path / "elsewhere")
    result, report, info = _built(archive, tmp_path / "index")
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert sorted(report["indexed"]) == sorted(MINUTES)
    assert {s["path"]: s["reason"] for s in report["skipped"]} == {
        "loop/up": "a link back into the archive's own folders: not followed (their files are read where they are)",
        "selfA.txt": "a loop of links: not read",
        "selfB.txt": "a loop of links: not read",
        "gone.pdf": "a broken link (what it points to does not exist): not read",
        "out": "a link to a folder outside the archive: not read",
    }
    assert "2 indexed, 0 unchanged, 0 removed, 5 skipped" in result.output
    assert all(f'"path": "{name}"' in info.output for name in ("loop/up", "selfA.txt", "selfB.txt", "gone.pdf", "out"))
    again = CliRunner().invoke(main, ["build", str(archive), "--index", str(tmp_path / "index")])
    assert "0 indexed, 2 unchanged, 0 removed, 5 skipped" in again.output  # the same, once each

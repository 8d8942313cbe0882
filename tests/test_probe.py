"""An upload's check in a process of its own (`indexer.ingest.probe.probe_file`): the caller
gets the reading's verdict, and neither its time nor its memory is the caller's."""
from __future__ import annotations

import os
import sys
import time
import zipfile
from pathlib import Path

import pytest

from indexer.errors import UnreadableFile
from indexer.ingest import probe
from indexer.ingest.probe import probe_file

TEXT = "Referat. Udvalget godkendte indstillingen om huslejen og tog sagen til efterretning.\n\n"


def test_a_readable_file_passes(tmp_path: Path) -> None:
    path = tmp_path / "referat.txt"
    path.write_text(TEXT * 3, encoding="utf-8")
    assert probe_file(path) is None


def test_the_readings_own_reason_comes_back_under_the_name_given(tmp_path: Path) -> None:
    path = tmp_path / "x1f3.txt"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(UnreadableFile) as err:
        probe_file(path, name="uploads/tilfældig.txt")
    assert (err.value.code, err.value.path) == ("binary", "uploads/tilfældig.txt")
    assert str(err.value) == "uploads/tilfældig.txt: not text: binary content"


def test_the_limits_apply_in_the_reading_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    xml = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           "<w:body>" + "<w:p><w:r><w:t>Udvalget godkendte.</w:t></w:r></w:p>" * 40_000 + "</w:body></w:document>")
    path = tmp_path / "bombe.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    with pytest.raises(UnreadableFile) as err:
        probe_file(path)
    assert err.value.code == "decompression_bomb"
    monkeypatch.setenv("INDEXER_MAX_TEXT_MB", "0.001")  # the caller's environment is the child's
    (tmp_path / "a.txt").write_text(TEXT * 30, encoding="utf-8")
    with pytest.raises(UnreadableFile, match="too large"):
        probe_file(tmp_path / "a.txt")


def test_a_reading_that_needs_more_memory_than_its_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "stor.txt"
    path.write_text("Socialudvalget drøftede udviklingen af tilbud " * 40_000, encoding="utf-8")  # 1.9 MB
    probe_file(path, memory_mb=400)  # it reads within 400 MB (about 80 MB) …
    with pytest.raises(UnreadableFile) as err:  # … not within 50 MB
        probe_file(path, memory_mb=50)
    assert err.value.code == "too_much_memory" and err.value.params == {"limit_mb": 50}


def test_a_reading_that_hangs_is_stopped_at_its_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "referat.txt"
    path.write_text(TEXT, encoding="utf-8")
    marker = tmp_path / "child-alive"
    # A child that never answers (and a grandchild, as a Tesseract run would be).
    hang = (f"import subprocess, time; pid = subprocess.Popen(['sleep', '60']).pid; "
            f"open({str(marker)!r}, 'w').write(str(pid)); time.sleep(60)")
    monkeypatch.setattr(probe, "_child_command", lambda *args: [sys.executable, "-c", hang])
    monkeypatch.setattr(probe, "GRACE_S", 0.0)
    started = time.monotonic()
    with pytest.raises(UnreadableFile) as err:
        probe_file(path, seconds=1.5)
    assert time.monotonic() - started < 5
    assert err.value.code == "took_too_long" and err.value.params == {"limit": 1.5}
    grandchild = Path(f"/proc/{marker.read_text()}/status")  # it did start, and so did its child …
    deadline = time.monotonic() + 5
    while grandchild.exists() and "zombie" not in grandchild.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not grandchild.exists() or "zombie" in grandchild.read_text()  # … which was stopped with it


def test_the_files_deadline_in_the_reading_process_falls_within_its_time(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDEXER_MAX_SECONDS", "600")
    assert probe._limit_env(probe.current(), 30.0)["INDEXER_MAX_SECONDS"] == "30.0"
    assert probe._limit_env(probe.current(), 900.0)["INDEXER_MAX_SECONDS"] == "600.0"

"""Bad input on every command ends in one clear line (exit status 1), never a traceback or a
hang, and nothing already stored is lost: index paths that cannot be made, broken queries
files, undecodable values, hostile PDFs, unreachable clusters, odd dates, a full disk, a
read-only index, control characters in file names, endless notes.

Indexes are built from two sample minutes with the hashing embedder: no model is loaded."""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.build.run import build
from indexer.cli import main
from indexer.errors import IndexUnwritable, InvalidInput
from indexer.records import Filters
from indexer.search.archive import Archive
from indexer.search.minutes import NOTE_LIMIT
from indexer.store import Store, faiss_path

from .fakes import HashEmbedder
from .paths import ROOT, SAMPLE_MINUTES

MINUTES = ("000_e9b7192dbc8b80a1.txt", "002_c6494850ffb86ef0.txt")
SURROGATE = "\udcff"  # what click passes for the byte 0xff on a POSIX locale


@pytest.fixture
def hashed(monkeypatch):
    """The command line with the hashing embedder in place of the model."""
    monkeypatch.setattr("indexer.embed.embedder.Embedder", lambda *args, **kwargs: HashEmbedder())


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line_error(result, *fragments: str) -> str:
    """The error line of a failed command, checked to be its one line (after a build's progress
    bars, which close themselves first) holding each fragment."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stdout == "" and "Traceback" not in result.stderr, result.output
    error = result.stderr
    if "\r" in error:  # progress bars: closing them blanks their lines, the error follows
        error = re.sub(r"^ *(\x1b\[A)*", "", error.rpartition("\r")[2])
    lines = error.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def make_archive(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in MINUTES:
        shutil.copy(SAMPLE_MINUTES / name, root / name)
    return root


@pytest.fixture
def archive_dir(tmp_path):
    return make_archive(tmp_path / "archive")


def build_two_minutes(root: Path) -> None:
    build(make_archive(root / "archive"), root / "index", embedder=HashEmbedder())


@pytest.fixture
def index_dir(archive_dir, tmp_path, built_copy):
    """The index of `archive_dir`, built: a copy of both as built once a session."""
    shutil.rmtree(archive_dir)
    built_copy("two-minutes", build_two_minutes, tmp_path)
    return tmp_path / "index"


def opened(index_dir) -> Archive:
    return Archive.open(index_dir, embedder=HashEmbedder())


def a_follow_up(index_dir) -> str:
    archive = opened(index_dir)
    try:
        return archive.follow_ups(status=None)[0].follow_up.id
    finally:
        archive.close()


def searched(index_dir, query="husleje") -> list[str]:
    archive = opened(index_dir)
    try:
        return [hit.id for hit in archive.search(query, k=20, mode="lexical")]
    finally:
        archive.close()


# -- 1. an index path that cannot be created -----------------------------------------------------
@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc")
def test_build_into_a_path_that_cannot_be_created_names_the_path(archive_dir, hashed):
    one_line_error(cli("build", archive_dir, "--index", "/proc/nope"), "/proc/nope", "cannot create")


def test_build_into_a_path_below_a_file_names_the_path(archive_dir, tmp_path, hashed):
    (tmp_path / "file").write_text("x")
    one_line_error(cli("build", archive_dir, "--index", tmp_path / "file" / "index"), str(tmp_path / "file" / "index"))


# -- 2. a broken queries file for eval -------------------------------------------------------------
@pytest.mark.parametrize("content, what", [
    ("{bad", "not valid JSON"),
    ('{"query": "x", "relevant": ["y"]}', "expected a JSON list of labelled queries, found an object"),
    ("[1, 2]", "entry 1 is a number"),
    ('[{"query": "x"}]', 'entry 1 needs "relevant"'),
    ('[{"query": "x", "relevant": []}]', 'entry 1 needs "relevant"'),
    ('[{"query": "x", "relevant": "y"}]', 'entry 1 needs "relevant"'),
    ('[{"query": "x", "relevant": ["y"]}, {"relevant": ["y"]}]', 'entry 2 has no "query"'),
    ('[{"query": "x", "relevant": ["y"], "part": "dev"}]', '"part" must be tuning or heldout'),
    (b"\xff\xfe[]", "not UTF-8 text"),
])
def test_eval_with_a_broken_queries_file_names_the_file_and_what_is_wrong(tmp_path, content, what):
    queries = tmp_path / "queries.json"
    if isinstance(content, bytes):
        queries.write_bytes(content)
    else:
        queries.write_text(content, encoding="utf-8")
    # said before the index is looked for: there is none here
    one_line_error(cli("eval", "--index", tmp_path / "none", "--queries", queries), str(queries), what)


# -- 3. undecodable values -------------------------------------------------------------------------
@pytest.mark.parametrize("args, what", [
    (["search", "--body", SURROGATE, "x"], "body"),
    (["search", "--json", f"husleje {SURROGATE}"], "query"),
    (["decisions", "--query", SURROGATE], "query"),
    (["search", "--type", SURROGATE, "x"], "type"),
    (["search", "--document", SURROGATE, "x"], "document"),
    (["decisions", "--body", SURROGATE], "body"),
    (["followups", "--body", SURROGATE], "body"),
    (["followups", "--document", SURROGATE], "document"),
    (["followups", "mark", SURROGATE, "done"], "follow-up id"),
    (["followups", "mark", "FOLLOW_UP", "done", "--note", f"ok {SURROGATE}"], "note"),
    (["meeting", "--body", SURROGATE, "--date", "2015-01-01"], "body"),
    (["meeting", SURROGATE], "document"),
])
def test_an_undecodable_value_is_refused_in_one_line(index_dir, args, what):
    args = [a_follow_up(index_dir) if a == "FOLLOW_UP" else a for a in args]
    result = cli(args[0], "--index", index_dir, *args[1:])
    one_line_error(result, f"{what} '", "\\udcff", "is not valid UTF-8 text")
    assert opened(index_dir).follow_ups(status="done") == []  # nothing was marked


def test_filters_refuse_undecodable_text():
    with pytest.raises(InvalidInput, match="body"):
        Filters(bodies=(SURROGATE,))


# -- 4. a PDF whose page tree is too deep ----------------------------------------------------------
def deep_pdf(path: Path, depth: int = 150) -> Path:
    """A one-page PDF whose page tree nests `depth` /Pages nodes (pypdf stops at 100)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        parent = f" /Parent {number - 1} 0 R" if level else ""
        objects.append(f"<< /Type /Pages /Kids [{number + 1} 0 R] /Count 1{parent} >>")
    page = 2 + depth
    objects.append(f"<< /Type /Page /Parent {page - 1} 0 R /MediaBox [0 0 612 792] /Contents {page + 1} 0 R >>")
    stream = "BT /F1 12 Tf 72 720 Td (Hello) Tj ET"
    objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def test_inspect_of_a_pdf_with_a_too_deep_page_tree_is_one_line(tmp_path):
    pdf = deep_pdf(tmp_path / "deep.pdf")
    one_line_error(cli("inspect", pdf), str(pdf), "corrupt PDF", "page tree depth")


def test_a_pdf_with_a_too_deep_page_tree_is_skipped_as_corrupt(archive_dir, tmp_path):
    deep_pdf(archive_dir / "deep.pdf")
    report = build(archive_dir, tmp_path / "index", embedder=HashEmbedder())
    assert len(report.indexed) == 2
    assert [(s.path, s.code) for s in report.skipped] == [("deep.pdf", "corrupt")]


# -- 5. a cluster address where nothing answers ----------------------------------------------------
class HangingRay:
    """Stands in for Ray: connecting would wait forever, so it must never be asked to."""

    def is_initialized(self):
        return False

    def init(self, *args, **kwargs):
        raise AssertionError("Ray was handed an address nothing answers at")


def test_a_cluster_address_where_nothing_listens_fails_at_once(archive_dir, tmp_path, hashed, monkeypatch):
    monkeypatch.setattr("indexer.build.cluster._import_ray", lambda: HangingRay())
    started = time.monotonic()
    result = cli("build", archive_dir, "--index", tmp_path / "index", "--cluster", "127.0.0.1:1")
    one_line_error(result, "cannot reach the Ray cluster at 127.0.0.1:1")
    assert time.monotonic() - started < 10
    assert not (tmp_path / "index" / "manifest.json").exists()


def test_a_cluster_address_that_does_not_answer_fails_within_the_connect_timeout(monkeypatch):
    from indexer.build import cluster

    asked = {}

    def silent(address, timeout):
        asked.update(address=address, timeout=timeout)
        raise TimeoutError("timed out")

    monkeypatch.setattr(cluster, "_import_ray", lambda: HangingRay())
    monkeypatch.setattr(cluster.socket, "create_connection", silent)
    with pytest.raises(cluster.ClusterUnavailable, match=r"ray://10\.0\.0\.9:10001: no answer within 10 s"):
        cluster.Cluster("ray://10.0.0.9:10001").connect()
    assert asked == {"address": ("10.0.0.9", 10001), "timeout": cluster.CONNECT_TIMEOUT_S}


# -- 6. dates --------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["20130101", "2013-W01-1", "2013-1-1", "２０１３-01-01",
                                   "2013-01-01T00:00", " 2013-01-01"])
def test_only_yyyy_mm_dd_dates_are_accepted(value):
    with pytest.raises(InvalidInput, match="is not a date; use YYYY-MM-DD"):
        Filters(date_from=value)


@pytest.mark.parametrize("value, why", [
    ("2022-02-30", "February 2022 has 28 days"), ("2024-02-30", "February 2024 has 29 days"),
    ("2013-13-01", "there is no month 13"), ("2013-00-01", "there is no month 0"),
    ("2013-04-31", "April 2013 has 30 days"), ("2013-04-00", "there is no day 0"), ("0000-01-01", "there is no year 0"),
])
def test_a_date_written_yyyy_mm_dd_that_does_not_exist_is_said_to_be_no_calendar_date(value, why):
    # not "use YYYY-MM-DD": it is written so; the day is what is wrong
    with pytest.raises(InvalidInput) as refused:
        Filters(date_from=value)
    assert str(refused.value) == f"date from '{value}' is not a calendar date ({why})"


@pytest.mark.parametrize("command", ["search", "decisions", "followups"])
@pytest.mark.parametrize("value", ["20130101", "2013-W01-1"])
def test_the_command_line_refuses_dates_python_would_read_otherwise(index_dir, command, value):
    args = [command, "--index", index_dir, "--from", value] + (["x"] if command == "search" else [])
    one_line_error(cli(*args), f"'{value}' is not a date")


def test_a_range_given_latest_first_is_swapped_as_the_app_does():
    filters = Filters(date_from="2016-01-01", date_to="2015-01-01")
    assert (filters.date_from, filters.date_to) == ("2015-01-01", "2016-01-01")


def test_a_from_later_than_to_is_refused_alike_on_the_command_line_and_in_the_api(index_dir):
    from fastapi.testclient import TestClient

    from indexer.api import ApiSettings, create_app

    for command in (["decisions"], ["search", "x"], ["alerts", "follow", "a@example.dk", "search", "x"]):
        result = CliRunner().invoke(main, [*command, "--index", str(index_dir), "--from", "2030-01-01",
                                           "--to", "2000-01-01"])
        assert result.exit_code == 1 and result.output.strip() == (
            "Error: --from 2030-01-01 is after --to 2000-01-01: give the earlier date as --from")
    api = TestClient(create_app(ApiSettings(index_dir=Path(index_dir)), embedder=HashEmbedder()))
    for path in ("/search?q=x", "/decisions?", "/followups?"):
        answer = api.get(f"{path}&from=2030-01-01&to=2000-01-01")
        assert answer.status_code == 422
        assert answer.json()["message"] == "from 2030-01-01 is after to 2000-01-01: give the earlier date as from"
    follow = api.post("/follows", json={"kind": "search", "query": "x", "email": "a@example.dk",
                                        "filters": {"date_from": "2030-01-01", "date_to": "2000-01-01"}})
    assert follow.status_code == 422 and "date_from 2030-01-01 is after date_to 2000-01-01" in follow.json()["message"]


def test_the_meeting_date_is_checked(index_dir):
    one_line_error(cli("meeting", "--index", index_dir, "--body", "Dialogforum", "--date", "2025-13-45"),
                   "meeting date '2025-13-45' is not a calendar date (there is no month 13)")


# -- 7. a disk that fills during a build -----------------------------------------------------------
def generation_files(index_dir: Path) -> set[str]:
    return {path.name for path in index_dir.glob("vectors-*")}


def add_a_file(archive_dir: Path) -> None:
    paragraphs = [f"Punkt {n}. Udvalget drøftede huslejestigninger og bostøtte i sag {n * 7919}, og "
                  f"forvaltningen svarede på spørgsmål nummer {n} om ventelister." for n in range(300)]
    (archive_dir / "new.txt").write_text("Referat\n\n" + "\n\n".join(paragraphs), encoding="utf-8")


def test_a_disk_that_fills_during_the_commit_says_so_in_one_line_and_keeps_the_index(
        archive_dir, index_dir, hashed, monkeypatch):
    before, files_before = searched(index_dir), generation_files(index_dir)
    add_a_file(archive_dir)
    real_open = Store.open

    def full_disk(*args, **kwargs):  # the database may not grow by a single page: SQLITE_FULL
        store = real_open(*args, **kwargs)
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages}")
        return store

    monkeypatch.setattr("indexer.build.run.Store.open", full_disk)
    result = cli("build", archive_dir, "--index", index_dir)
    one_line_error(result, "disk full while writing", str(index_dir / "archive.sqlite"))
    assert "rollback" not in result.output
    assert generation_files(index_dir) == files_before  # no partial or uncommitted FAISS file
    assert searched(index_dir) == before


@pytest.mark.parametrize("point", ["faiss-written", "inserted", "before-commit", "batch-faiss-written",
                                   "batch-before-commit"])
def test_a_disk_that_fills_at_a_write_point_leaves_no_uncommitted_faiss_file(archive_dir, index_dir, point,
                                                                              monkeypatch):
    from indexer.build import generations

    def fill(name: str) -> None:
        if name == point:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    before, manifest_before = searched(index_dir), json.loads((index_dir / "manifest.json").read_text())
    add_a_file(archive_dir)
    monkeypatch.setattr(generations, "_failpoint", fill)
    monkeypatch.setattr(generations, "EMBED_BATCH", 8)  # vectors in batches, not with the text
    with pytest.raises(IndexUnwritable, match=f"disk full while writing {re.escape(str(index_dir))}"):
        build(archive_dir, index_dir, embedder=HashEmbedder())
    monkeypatch.undo()
    committed = json.loads((index_dir / "manifest.json").read_text())["generation"]
    expected = {faiss_path(index_dir, g).name for g in (committed, committed - 1) if faiss_path(index_dir, g).exists()}
    assert generation_files(index_dir) == expected  # only committed generations' files
    if not point.startswith("batch-"):
        assert committed == manifest_before["generation"] and searched(index_dir) == before
    assert len(build(archive_dir, index_dir, embedder=HashEmbedder()).indexed) <= 1  # and the next build ends it


def test_a_faiss_file_that_fills_the_disk_leaves_no_partial_file(archive_dir, tmp_path, monkeypatch):
    from indexer.store import vectors

    real_write = vectors.faiss.write_index

    def half_written(index, path):
        real_write(index, path)
        with open(path, "r+b") as handle:
            handle.truncate(os.path.getsize(path) // 2)
        raise RuntimeError(f"Error: 'ret == (size * 4)' failed: write error in {path}: 4014 != 64000 "
                           "(No space left on device)")

    monkeypatch.setattr(vectors.faiss, "write_index", half_written)
    index_dir = tmp_path / "index"
    with pytest.raises(IndexUnwritable, match=r"disk full while writing .*vectors-000001\.faiss"):
        build(archive_dir, index_dir, embedder=HashEmbedder())
    assert generation_files(index_dir) == set()


def test_a_transaction_sqlite_rolled_back_itself_reports_its_own_cause(tmp_path):
    store = Store.open(tmp_path / "index", create=True)
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(IndexUnwritable, match="disk full") as caught:
        with store.writing():
            store._conn.execute("CREATE TABLE filler(x)")
            store._conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 1000,)] * 100)
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
    assert not store._conn.in_transaction


# -- 8. a read-only index --------------------------------------------------------------------------
def test_an_index_that_cannot_be_written_is_searched_read_only(index_dir, monkeypatch):
    before, follow_up = searched(index_dir), a_follow_up(index_dir)
    monkeypatch.setattr("indexer.store.core._writable", lambda db_path: False)
    assert searched(index_dir) == before
    archive = opened(index_dir)
    assert archive.decisions() and archive.meetings()
    with pytest.raises(IndexUnwritable, match="is read-only: it can be searched, not changed"):
        archive.mark_follow_up(follow_up, "done")
    result = cli("followups", "--index", index_dir, "mark", follow_up, "done")
    assert "--rebuild" not in one_line_error(result, "read-only")


def test_a_read_only_index_of_an_older_version_says_so_without_advising_a_rebuild(index_dir, monkeypatch):
    with sqlite3.connect(index_dir / "archive.sqlite") as conn:
        conn.execute("DROP TABLE term_counts")  # as an index from before the table
    monkeypatch.setattr("indexer.store.core._writable", lambda db_path: False)
    result = cli("decisions", "--index", index_dir)
    assert "--rebuild" not in one_line_error(result, "is read-only and was written by an older version")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="chmod does not restrict root")
def test_an_index_in_a_read_only_directory_can_be_searched(index_dir):
    before, follow_up = searched(index_dir), a_follow_up(index_dir)
    modes = {path: path.stat().st_mode for path in [index_dir, *index_dir.iterdir()]}
    try:
        for path in modes:
            path.chmod(0o555 if path.is_dir() else 0o444)
        assert searched(index_dir) == before
        result = cli("followups", "--index", index_dir, "mark", follow_up, "done")
        assert "--rebuild" not in one_line_error(result, "read-only")
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


READ_ONLY_SEARCH = """
import sys
from click.testing import CliRunner
from tests.fakes import HashEmbedder
import indexer.embed.embedder
indexer.embed.embedder.Embedder = lambda *args, **kwargs: HashEmbedder()
from indexer.cli import main
for args in (["search", "--index", sys.argv[1], "--mode", "lexical", "--json", "husleje"],
             ["followups", "--index", sys.argv[1], "--status", "dismissed", "--json"],
             ["followups", "--index", sys.argv[1], "mark", sys.argv[2], "done"]):
    result = CliRunner().invoke(main, args)
    print(result.exit_code, result.output.strip())
"""
WAL_WRITER = """
import os, sys
from indexer.store import Store
store = Store.open(sys.argv[1])
store._conn.execute("PRAGMA wal_autocheckpoint=0")
with store.writing():
    store.mark_follow_up(sys.argv[2], "dismissed")
os._exit(0)  # no close: no checkpoint, the -wal and -shm files stay
"""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("unshare"),
                    reason="a read-only bind mount needs root and unshare")
@pytest.mark.parametrize("with_wal", [False, True], ids=["closed cleanly", "with -wal and -shm"])
def test_an_index_on_a_read_only_file_system_can_be_searched(index_dir, tmp_path, with_wal):
    follow_up, before = a_follow_up(index_dir), searched(index_dir)
    if with_wal:  # a writer that never closed: its last commit is only in the -wal file
        (tmp_path / "writer.py").write_text(WAL_WRITER)
        subprocess.run([sys.executable, tmp_path / "writer.py", index_dir, follow_up], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert (index_dir / "archive.sqlite-wal").stat().st_size > 0
    mount = tmp_path / "mounted"
    mount.mkdir()
    (tmp_path / "search.py").write_text(READ_ONLY_SEARCH)
    script = (f"mount --bind '{index_dir}' '{mount}' && mount -o remount,ro,bind '{mount}' && "
              f"'{sys.executable}' '{tmp_path / 'search.py'}' '{mount}' '{follow_up}'")
    run = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if run.returncode != 0 and "mount" in run.stderr:
        pytest.skip(f"no read-only bind mount here: {run.stderr.strip()}")
    searched_line, listed_line, marked_line = run.stdout.strip().split("\n")
    assert searched_line.startswith("0 ") and [h["id"] for h in json.loads(searched_line[2:])["results"]] == before[:10]
    dismissed = json.loads(listed_line[2:])["follow_ups"]
    assert [f["id"] for f in dismissed] == ([follow_up] if with_wal else [])  # the -wal file's commit is read
    assert marked_line.startswith("1 Error: ") and "read-only" in marked_line and "--rebuild" not in marked_line


# -- 9. control characters in file names -----------------------------------------------------------
ODD_NAME = "møde\n\x1b[31m\x07.txt"
SHOWN_NAME = "møde\\n\\x1b[31m\\x07.txt"


def test_control_characters_in_file_names_are_shown_escaped(archive_dir, tmp_path, hashed):
    shutil.copy(archive_dir / MINUTES[0], archive_dir / ODD_NAME)
    (archive_dir / MINUTES[0]).unlink()
    (archive_dir / "tom\x1b[2J.txt").write_text("")
    index_dir = tmp_path / "index"

    built = cli("build", archive_dir, "--index", index_dir)
    assert built.exit_code == 0, built.output
    assert "tom\\x1b[2J.txt (empty file)" in built.stdout and "\x1b" not in built.stdout

    found = cli("search", "--index", index_dir, "--mode", "lexical", "huslejestigninger")
    assert f"({SHOWN_NAME})" in found.output and "\x1b" not in found.output and "\x07" not in found.output

    inspected = cli("inspect", archive_dir / ODD_NAME, "--archive", archive_dir)
    assert inspected.output.startswith(f"{SHOWN_NAME}  (txt") and "\x1b" not in inspected.output

    for command in ("meetings", "decisions", "followups"):
        listed = cli(command, "--index", index_dir)
        assert SHOWN_NAME in listed.output and "\x1b" not in listed.output, command

    assert ODD_NAME in {d["path"] for d in opened(index_dir).documents()}  # stored as it is


def test_an_error_naming_an_odd_file_stays_one_line(tmp_path):
    empty = tmp_path / "tom\nfil\x1b.txt"
    empty.write_text("")
    one_line_error(cli("inspect", empty), "tom\\nfil\\x1b.txt: empty file")


# -- 10. free-text fields have a limit -------------------------------------------------------------
def test_a_note_longer_than_the_limit_is_refused(index_dir):
    follow_up = a_follow_up(index_dir)
    archive = opened(index_dir)
    with pytest.raises(InvalidInput, match="note is 100,000 characters long; at most 2,000 are kept"):
        archive.mark_follow_up(follow_up, "done", note="x" * 100_000)
    assert archive.follow_up(follow_up).status == "open"
    result = cli("followups", "--index", index_dir, "mark", follow_up, "done", "--note", "x" * (NOTE_LIMIT + 1))
    one_line_error(result, f"at most {NOTE_LIMIT:,}")
    assert archive.mark_follow_up(follow_up, "done", note="x" * NOTE_LIMIT).mark.note == "x" * NOTE_LIMIT


def test_who_marked_has_a_limit_too(index_dir):
    with pytest.raises(InvalidInput, match="marked by is"):
        opened(index_dir).mark_follow_up(a_follow_up(index_dir), "done", by="x" * 10_000)



# -- 11. a filter on what the archive does not hold ------------------------------------------------
@pytest.mark.parametrize("args, path, params, said", [
    (["search", "skole", "--body", "Byråd"], "/search", {"q": "skole", "body": "Byråd"},
     "unknown body 'Byråd'; the archive has: Dialogforum, Socialudvalget"),
    (["search", "skole", "--body", "dialogforu"], "/search", {"q": "skole", "body": "dialogforu"},
     "unknown body 'dialogforu'; did you mean 'Dialogforum'? the archive has: Dialogforum, Socialudvalget"),
    # a committee named in English by what it is for, as the app's English help names them
    (["search", "skole", "--body", "the Social Committee"], "/search", {"q": "skole", "body": "the Social Committee"},
     "unknown body 'the Social Committee'; did you mean 'Socialudvalget'? the archive has: Dialogforum, Socialudvalget"),
    (["search", "skole", "--type", "protocols"], "/search", {"q": "skole", "type": "protocols"},
     "unknown type 'protocols'; the archive has: dagsordenspunkt, referat"),
    # an English type name is refused as it was asked for, not as the archive would name it ("notat")
    (["search", "skole", "--type", "memo"], "/search", {"q": "skole", "type": "memo"},
     "unknown type 'memo'; the archive has: dagsordenspunkt, referat"),
    (["search", "skole", "--document", "nope.json"], "/search", {"q": "skole", "document": "nope.json"},
     "unknown document 'nope.json': the archive holds no document at this path (`meetings --json` lists them)"),
    (["search", "skole", "--document", "000_e9b7192dbc8b80a1"], "/search",
     {"q": "skole", "document": "000_e9b7192dbc8b80a1"},
     "unknown document '000_e9b7192dbc8b80a1': the archive holds no document at this path "
     "(did you mean '000_e9b7192dbc8b80a1.txt'?)"),
    (["decisions", "--body", "Byråd"], "/decisions", {"body": "Byråd"}, "unknown body 'Byråd'"),
    (["decisions", "--document", "nope.json"], "/decisions", {"document": "nope.json"}, "unknown document 'nope.json'"),
    (["followups", "--body", "Byråd"], "/followups", {"body": "Byråd"}, "unknown body 'Byråd'"),
    (["followups", "--export", "md", "--body", "Byråd"], "/followups", {"body": "Byråd"}, "unknown body 'Byråd'"),
    (["followups", "--document", "nope.json"], "/followups", {"document": "nope.json"}, "unknown document 'nope.json'"),
    (["meeting", "--body", "Byråd", "--date", "2019-01-01"], "/meeting", {"body": "Byråd", "date": "2019-01-01"},
     "unknown body 'Byråd'"),
])
def test_a_filter_on_what_the_archive_does_not_hold_is_refused_on_the_command_line_as_in_the_api(
        index_dir, args, path, params, said):
    from fastapi.testclient import TestClient

    from indexer.api import ApiSettings, create_app

    line = one_line_error(cli(args[0], "--index", index_dir, *args[1:]), said)
    answer = TestClient(create_app(ApiSettings(index_dir=Path(index_dir)), embedder=HashEmbedder())).get(path,
                                                                                                        params=params)
    assert answer.status_code == 422
    # the same sentence; only where the document paths are listed differs
    assert line == "Error: " + answer.json()["message"].replace("GET /documents", "`meetings --json`")


def test_filters_the_archive_holds_are_not_refused(index_dir):
    for args in (["search", "husleje", "--body", "Dialogforum", "--type", "referat", "--document",
                  "000_e9b7192dbc8b80a1.txt", "--mode", "lexical"],
                 ["search", "husleje", "--type", "minutes", "--mode", "lexical"],  # the English pages' name
                 ["decisions", "--body", "Socialudvalget"], ["followups", "--body", "Dialogforum"]):
        result = cli(args[0], "--index", index_dir, *args[1:])
        assert result.exit_code == 0 and "unknown" not in result.output, result.output


# -- 12. a query as long as the API takes, and no longer -------------------------------------------
@pytest.mark.parametrize("args", [["search", "QUERY"], ["search", "--json", "husleje", "QUERY"],
                                  ["decisions", "--query", "QUERY"], ["followups", "--query", "QUERY"]])
def test_a_query_longer_than_the_api_takes_is_refused_on_the_command_line_too(index_dir, hashed, args):
    from indexer.api.read import MAX_QUERY_CHARS

    too_long = ("husleje " * MAX_QUERY_CHARS)[:MAX_QUERY_CHARS + 1]
    refused = cli(args[0], "--index", index_dir, *[too_long if a == "QUERY" else a for a in args[1:]])
    one_line_error(refused, f"the query is {MAX_QUERY_CHARS + 1:,} characters long; at most {MAX_QUERY_CHARS:,}")
    taken = cli(args[0], "--index", index_dir, *[too_long[:-1] if a == "QUERY" else a for a in args[1:]])
    assert taken.exit_code == 0, taken.output


def test_a_query_read_from_standard_input_has_the_same_limit_and_the_others_are_searched(index_dir, hashed):
    from indexer.api.read import MAX_QUERY_CHARS

    result = CliRunner().invoke(main, ["search", "--index", str(index_dir), "-"],
                                input="husleje\n" + "x" * (MAX_QUERY_CHARS + 1) + "\n\n  \nbosteder\n")
    # the queries before and after it are answered, the long one named by its line
    assert result.exit_code == 1 and "» husleje" in result.stdout and "» bosteder" in result.stdout
    assert result.stdout.count("» ") == 2  # blank lines are no queries
    assert result.stderr.strip().splitlines() == [
        f"Error: line 2: the query is {MAX_QUERY_CHARS + 1:,} characters long; at most {MAX_QUERY_CHARS:,} are searched",
        "Error: 1 of the queries read from standard input was not searched (above)"]

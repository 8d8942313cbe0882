"""The index directory: records, paragraphs and vectors in; a consistent snapshot out.

One directory holds:
- `archive.sqlite`: the catalog and source of truth (documents, paragraphs with their
  vectors, an FTS5 table over a Danish-stemmed copy of each paragraph), in WAL mode;
- `vectors-<generation>.faiss`: the FAISS index for one generation;
- `manifest.json`: model identity, counts, index type, build time, format version;
- `build-report.json`: what the last build indexed and skipped, and why;
- `build.lock`: held while a build runs.

A build writes the new FAISS file first, then commits SQLite with the new generation
number; that commit is the moment the new index exists. A reader checks the
generation in the same SQLite snapshot it reads rows from, so it sees the old index
or the new one, never a mix.
"""
from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import BuildLocked, IndexDamaged, IndexMissing

FORMAT_VERSION = 1
DB_NAME = "archive.sqlite"
MANIFEST_NAME = "manifest.json"
REPORT_NAME = "build-report.json"
LOCK_NAME = "build.lock"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    title TEXT, body TEXT, meeting_date TEXT, doc_type TEXT, case_number TEXT,
    file_type TEXT, pages INTEGER, catalog TEXT, indexed_at TEXT,
    size INTEGER, mtime_ns INTEGER
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE INDEX IF NOT EXISTS documents_date ON documents(meeting_date);
CREATE TABLE IF NOT EXISTS paragraphs (
    vec_id INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL REFERENCES documents(path),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    page INTEGER, heading TEXT, speaker TEXT, party TEXT, role TEXT,
    is_heading INTEGER NOT NULL DEFAULT 0,
    text_hash TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS paragraphs_document ON paragraphs(document, position);
CREATE INDEX IF NOT EXISTS paragraphs_text_hash ON paragraphs(text_hash);
CREATE VIRTUAL TABLE IF NOT EXISTS paragraphs_fts USING fts5(
    stemmed, tokenize = 'unicode61 remove_diacritics 0'
);
"""

REBUILD_HINT = "python -m indexer build --index {index_dir} --rebuild"


def rebuild_hint(index_dir: Path | str) -> str:
    """The command that rebuilds the index in `index_dir` from scratch."""
    return REBUILD_HINT.format(index_dir=index_dir)


def connect(index_dir: Path, *, create: bool = False) -> sqlite3.Connection:
    """Open the index's SQLite database (creating the schema when `create`)."""
    db_path = index_dir / DB_NAME
    if not create and not db_path.exists():
        raise IndexMissing(
            f"no index in {index_dir}: build one with `python -m indexer build --index {index_dir}`"
        )
    index_dir.mkdir(parents=True, exist_ok=True)
    # Readers and the builder may live in different threads of one app process.
    conn = sqlite3.connect(db_path, check_same_thread=False, isolation_level=None, timeout=30)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        if create:
            conn.executescript(SCHEMA)
        else:
            conn.execute("SELECT 1 FROM meta LIMIT 1")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise IndexDamaged(
            f"index database {db_path} is unreadable ({exc}); rebuild with `{rebuild_hint(index_dir)}`"
        ) from exc
    return conn


def get_meta(conn: sqlite3.Connection) -> dict:
    """All meta values of the current snapshot, JSON-decoded."""
    return {row["key"]: json.loads(row["value"]) for row in conn.execute("SELECT key, value FROM meta")}


def set_meta(conn: sqlite3.Connection, values: dict) -> None:
    """Store meta values (inside the caller's transaction)."""
    conn.executemany(
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [(key, json.dumps(value, ensure_ascii=False)) for key, value in values.items()],
    )


def faiss_path(index_dir: Path, generation: int) -> Path:
    """The FAISS file of one generation."""
    return index_dir / f"vectors-{generation:06d}.faiss"


def write_json(path: Path, payload: dict) -> None:
    """Write JSON atomically (temporary name, fsync, rename)."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def read_manifest(index_dir: Path) -> dict:
    """The manifest, checked for its format version."""
    path = index_dir / MANIFEST_NAME
    if not path.exists():
        raise IndexMissing(
            f"no index in {index_dir}: build one with `python -m indexer build --index {index_dir}`"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexDamaged(
            f"manifest {path} is unreadable ({exc}); rebuild with `{rebuild_hint(index_dir)}`"
        ) from exc
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexDamaged(
            f"index in {index_dir} has format version {version!r}, this program reads "
            f"{FORMAT_VERSION}; rebuild with `{rebuild_hint(index_dir)}`"
        )
    return manifest


def remove_stale_files(index_dir: Path, keep_generations: set[int]) -> None:
    """Delete FAISS files of old generations and leftovers of interrupted writes."""
    for path in index_dir.glob("vectors-*.faiss*"):
        stem = path.name.split(".")[0]
        try:
            generation = int(stem.removeprefix("vectors-"))
        except ValueError:
            continue
        if path.suffix == ".tmp" or generation not in keep_generations:
            path.unlink(missing_ok=True)


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index directory's build lock; a second build gets BuildLocked.

    The lock is an flock on a file: the kernel drops it when its holder dies, so a
    killed build never blocks the next one.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    handle = open(index_dir / LOCK_NAME, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildLocked(
                f"another build is running on {index_dir} ({holder}); wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()

"""The index directory and the only module that speaks SQL: records, paragraphs and vectors
in; rows, ids and counts out, through methods named after what is wanted.

One directory holds:
- `archive.sqlite`: the catalog and source of truth (documents, paragraphs with their
  vectors, an FTS5 table over a Danish-stemmed copy of each searchable paragraph), WAL mode;
- `vectors-<generation>.faiss`: the FAISS index for one generation;
- `manifest.json`: the `Manifest` (see manifest.py), mirrored from the `meta` table;
- `build-report.json`: what the last build indexed and skipped, and why;
- `build.lock`: held while a build runs.

Decisions and follow-ups (decisions.py, followups.py) are derived data: stored with their
document in the same transaction and replaced or removed with it (`extracted` lists the
documents they were extracted for, so an index from before these tables is filled on its
next build). Follow-up marks (done / dismissed) are not derived: keyed by the follow-up's
stable id, they survive deletes, changed files, `clear()` and `recreate()` (--rebuild).

The columns of `documents` and `paragraphs` are derived from the fields of `Record` and
`Paragraph` (dict and list fields as JSON text, bools as 0/1), so a field added there is
stored and reaches `Hit` without a change here. Contents pages (`Paragraph.is_contents`)
are stored, so a document reads in full, but they have no vector and no FTS row: search
never returns them.

A build writes the new FAISS file first, then commits SQLite with the new generation
number; that commit is the moment the new index exists. A reader checks the
generation in the same SQLite snapshot it reads rows from, so it sees the old index
or the new one, never a mix.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
import types
import typing
from contextlib import contextmanager
from dataclasses import MISSING, asdict, dataclass, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

import numpy as np

from .errors import BuildLocked, IndexDamaged, IndexMissing
from .manifest import FORMAT_VERSION, MANIFEST_NAME, Manifest, missing_message, rebuild_hint, write_json
from .decisions import Decision, Vote
from .followups import FollowUp
from .records import Hit, Paragraph, Record

if TYPE_CHECKING:
    from .query import Filters

__all__ = ["Store", "StoredDocument", "KnownDocument", "Mark", "TrackedFollowUp", "STATUSES", "FORMAT_VERSION", "MANIFEST_NAME", "DB_NAME",
           "REPORT_NAME", "LOCK_NAME", "rebuild_hint", "write_json", "faiss_path", "vector_id",
           "remove_stale_files", "build_lock"]

DB_NAME = "archive.sqlite"
REPORT_NAME = "build-report.json"
LOCK_NAME = "build.lock"
_CHUNK = 500  # SQLite's parameter limit is 32766; chunks keep statements small


def _kind(tp) -> str:
    """How a dataclass field is stored: "json" (dict/list), "bool", "int", "real" or "text"."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):  # "X | None"
        tp = next(a for a in typing.get_args(tp) if a is not type(None))
    base = typing.get_origin(tp) or tp
    if base in (dict, list, tuple):
        return "json"
    if base is bool:
        return "bool"
    if base is int:
        return "int"
    if base is float:
        return "real"
    return "text"


def _layout(cls) -> dict[str, str]:
    hints = typing.get_type_hints(cls)
    return {f.name: _kind(hints[f.name]) for f in fields(cls)}


_SQL_TYPE = {"json": "TEXT", "bool": "INTEGER", "int": "INTEGER", "real": "REAL", "text": "TEXT"}
RECORD_COLUMNS = _layout(Record)
PARAGRAPH_COLUMNS = _layout(Paragraph)
DECISION_COLUMNS = _layout(Decision)
FOLLOW_UP_COLUMNS = _layout(FollowUp)
# A follow-up's status: "open" is the absence of a mark.
STATUSES = ("open", "done", "dismissed")
# Columns the store adds to what ingestion describes.
DOCUMENT_EXTRA = {"catalog": "TEXT", "indexed_at": "TEXT", "size": "INTEGER", "mtime_ns": "INTEGER"}


def _column_defs(layout: dict[str, str], skip: set[str]) -> str:
    return ",\n    ".join(f'"{name}" {_SQL_TYPE[kind]}' for name, kind in layout.items() if name not in skip)


# Created with the others, and on opening an index written before they existed.
EXTRACTION_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS decisions (
    id TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    {_column_defs(DECISION_COLUMNS, {"id", "document"})},
    position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_document ON decisions(document, position);
CREATE INDEX IF NOT EXISTS decisions_body_date ON decisions(body, meeting_date);
CREATE INDEX IF NOT EXISTS decisions_paragraph ON decisions(paragraph_id);
CREATE TABLE IF NOT EXISTS follow_ups (
    id TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    {_column_defs(FOLLOW_UP_COLUMNS, {"id", "document"})},
    position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS follow_ups_document ON follow_ups(document, position);
CREATE INDEX IF NOT EXISTS follow_ups_body_date ON follow_ups(body, meeting_date);
CREATE INDEX IF NOT EXISTS follow_ups_paragraph ON follow_ups(paragraph_id);
CREATE TABLE IF NOT EXISTS extracted (document TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS follow_up_marks (
    follow_up_id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('done', 'dismissed')),
    note TEXT,
    marked_at TEXT NOT NULL,
    marked_by TEXT
);
"""
_DERIVED_TABLES = ("decisions", "follow_ups", "extracted")  # never "follow_up_marks"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY,
    {_column_defs(RECORD_COLUMNS, {"path"})},
    {", ".join(f"{n} {t}" for n, t in DOCUMENT_EXTRA.items())}
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE INDEX IF NOT EXISTS documents_date ON documents(meeting_date);
CREATE TABLE IF NOT EXISTS paragraphs (
    vec_id INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL REFERENCES documents(path),
    {_column_defs(PARAGRAPH_COLUMNS, {"id", "document"})},
    searchable INTEGER NOT NULL,
    text_hash TEXT,
    vector BLOB
);
CREATE INDEX IF NOT EXISTS paragraphs_document ON paragraphs(document, position);
CREATE INDEX IF NOT EXISTS paragraphs_text_hash ON paragraphs(text_hash);
CREATE VIRTUAL TABLE IF NOT EXISTS paragraphs_fts USING fts5(
    stemmed, tokenize = 'unicode61 remove_diacritics 0'
);
""" + EXTRACTION_SCHEMA

# Every column of both tables, in field order (rows are split by position, so names never clash).
_HIT_SELECT = ("SELECT p.vec_id, "
               + ", ".join(f'p."{n}"' for n in PARAGRAPH_COLUMNS) + ", "
               + ", ".join(f'd."{n}"' for n in RECORD_COLUMNS)
               + " FROM paragraphs p JOIN documents d ON d.path = p.document")


def _plain_json(value):
    if is_dataclass(value):  # Decision.votes: list[Vote]
        return asdict(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def _encode(kind: str, value):
    if value is None:
        return None
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_plain_json)
    if kind == "bool":
        return int(bool(value))
    return value


def _decode(kind: str, value):
    if kind == "json":
        return json.loads(value) if value else None
    if kind == "bool":
        return bool(value)
    return value


def _plan(cls, layout: dict[str, str]) -> tuple[tuple[str, str, object], ...]:
    """(name, kind, default factory) per field: worked out once, used for every row read."""
    return tuple((f.name, layout[f.name], f.default_factory if f.default_factory is not MISSING else None)
                 for f in fields(cls))


_RECORD_PLAN = _plan(Record, RECORD_COLUMNS)
_PARAGRAPH_PLAN = _plan(Paragraph, PARAGRAPH_COLUMNS)
_DECISION_PLAN = _plan(Decision, DECISION_COLUMNS)
_FOLLOW_UP_PLAN = _plan(FollowUp, FOLLOW_UP_COLUMNS)


def _columns(layout: dict[str, str], table: str = "") -> str:
    prefix = f"{table}." if table else ""
    return ", ".join(f'{prefix}"{n}"' for n in layout)


def _from_values(cls, plan, values) -> object:
    fields_: dict = {}
    for (name, kind, factory), value in zip(plan, values):
        if kind == "json":
            value = json.loads(value) if value else (factory() if factory else None)
        elif kind == "bool":
            value = bool(value)
        fields_[name] = value
    return cls(**fields_)


_SPLIT = 1 + len(PARAGRAPH_COLUMNS)  # a row of _HIT_SELECT: vec_id, paragraph columns, record columns


def _hit(row) -> Hit:
    record = _from_values(Record, _RECORD_PLAN, row[_SPLIT:])
    paragraph = _from_values(Paragraph, _PARAGRAPH_PLAN, row[1:_SPLIT])
    return Hit.from_parts(record, paragraph)


def vector_id(paragraph_id: str) -> int:
    """The int64 FAISS key of a paragraph, derived from its stable id."""
    return int.from_bytes(hashlib.sha1(paragraph_id.encode()).digest()[:8], "big") & (2**63 - 1)


def faiss_path(index_dir: Path, generation: int) -> Path:
    """The FAISS file of one generation."""
    return Path(index_dir) / f"vectors-{generation:06d}.faiss"


def _chunks(values: list, size: int = _CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _marks(values: list) -> str:
    return ",".join("?" * len(values))


@dataclass(frozen=True)
class KnownDocument:
    """What the index remembers of a file, to tell whether it changed."""

    path: str
    content_hash: str
    catalog: str  # the catalog row applied, as sorted JSON
    size: int | None
    mtime_ns: int | None


@dataclass
class StoredDocument:
    """One document as the build writes it: its record, paragraphs, and per paragraph the
    hash of the embedded text and the stemmed lexical text (both None for contents pages);
    the decisions and follow-ups extracted from it (None: not extracted, tried next build)."""

    record: Record
    paragraphs: list[Paragraph]
    text_hashes: list[str | None]
    lexical: list[str | None]
    catalog: str
    size: int
    mtime_ns: int
    decisions: list[Decision] | None = None
    follow_ups: list[FollowUp] | None = None


@dataclass(frozen=True)
class Mark:
    """A person's mark on a follow-up; kept by the follow-up's id across rebuilds."""

    follow_up_id: str
    status: str  # "done" | "dismissed"
    note: str | None
    marked_at: str  # ISO time, UTC
    marked_by: str | None = None


@dataclass
class TrackedFollowUp:
    """A stored follow-up with its status ("open" unless marked), its mark, its document's
    title, and (when asked for) the later paragraphs that take it up again."""

    follow_up: FollowUp
    status: str
    mark: Mark | None = None
    title: str | None = None  # its document's title and case number, for citations
    case_number: str | None = None
    links: list | None = None  # list[followups.FollowUpLink]; None = not looked up

    def to_json(self) -> dict:
        """`FollowUp.to_json()` plus "status", "note", "marked_at", "title", "case_number" and,
        if looked up, "links" (FollowUpLink fields)."""
        data = self.follow_up.to_json()
        data.update(status=self.status, note=self.mark.note if self.mark else None,
                    marked_at=self.mark.marked_at if self.mark else None, title=self.title,
                    case_number=self.case_number)
        if self.links is not None:
            data["links"] = [asdict(link) for link in self.links]
        return data


class Store:
    """One SQLite connection to an index directory; thread-safe use is the caller's (Archive's) job."""

    def __init__(self, conn: sqlite3.Connection, index_dir: Path) -> None:
        self._conn = conn
        self.index_dir = index_dir

    @classmethod
    def open(cls, index_dir: Path | str, *, create: bool = False) -> "Store":
        """Open the index's database (creating the schema when `create`).

        Raises:
            IndexMissing: no database and not `create`.
            IndexDamaged: the file is not a readable database of this format.
        """
        index_dir = Path(index_dir)
        db_path = index_dir / DB_NAME
        if not create and not db_path.exists():
            raise IndexMissing(missing_message(index_dir))
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
                present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if not {*_DERIVED_TABLES, "follow_up_marks"} <= present:
                    conn.executescript(EXTRACTION_SCHEMA)  # an index from before these tables
            # FTS5's own vocabulary, for term document counts; it lives in the temp schema of
            # this connection, so nothing is written to the index, and is created once here.
            conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab "
                         "USING fts5vocab(main, paragraphs_fts, row)")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise IndexDamaged(f"index database {db_path} is unreadable ({exc}); rebuild with "
                               f"`{rebuild_hint(index_dir)}`") from exc
        return cls(conn, index_dir)

    def close(self) -> None:
        self._conn.close()

    # -- transactions --------------------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator["Store"]:
        """A read snapshot: everything read inside sees one committed generation."""
        started = not self._conn.in_transaction
        if started:
            self._conn.execute("BEGIN")
        try:
            yield self
        finally:
            if started and self._conn.in_transaction:
                self._conn.execute("COMMIT")

    @contextmanager
    def writing(self) -> Iterator["Store"]:
        """A write transaction: all or nothing."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # -- meta ----------------------------------------------------------------------
    def meta(self) -> dict:
        """All meta values of the current snapshot, JSON-decoded."""
        return {row["key"]: json.loads(row["value"]) for row in self._conn.execute("SELECT key, value FROM meta")}

    def manifest(self) -> Manifest | None:
        """The committed generation's manifest, None while nothing was committed.

        Raises:
            IndexDamaged: written by another format version.
        """
        values = self.meta()
        if not values.get("generation"):
            return None
        return Manifest.checked(values, self.index_dir)

    def set_manifest(self, manifest: Manifest) -> None:
        """Store the manifest's values (inside the caller's write transaction)."""
        self._conn.execute("DELETE FROM meta")
        self._conn.executemany(
            "INSERT INTO meta(key, value) VALUES (?, ?)",
            [(key, json.dumps(value, ensure_ascii=False)) for key, value in manifest.to_dict().items()])

    # -- write side ------------------------------------------------------------------
    def known_documents(self) -> dict[str, KnownDocument]:
        """Every indexed document by path, with what tells whether its file changed."""
        return {row["path"]: KnownDocument(row["path"], row["content_hash"], row["catalog"] or "{}",
                                           row["size"], row["mtime_ns"])
                for row in self._conn.execute(
                    "SELECT path, content_hash, catalog, size, mtime_ns FROM documents")}

    def touch_document(self, path: str, size: int, mtime_ns: int) -> None:
        """Record a new size and time for a file whose content did not change."""
        self._conn.execute("UPDATE documents SET size = ?, mtime_ns = ? WHERE path = ?", (size, mtime_ns, path))

    def cached_vectors(self, text_hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """Stored vectors of texts embedded before, by the hash of the embedded text."""
        found: dict[str, np.ndarray] = {}
        for chunk in _chunks(sorted(set(text_hashes))):
            for row in self._conn.execute(
                    f"SELECT text_hash, vector FROM paragraphs WHERE vector IS NOT NULL "
                    f"AND text_hash IN ({_marks(chunk)})", chunk):
                found[row[0]] = np.frombuffer(row[1], dtype=np.float32)
        return found

    def vector_ids_of(self, documents: list[str]) -> np.ndarray:
        """FAISS keys of the searchable paragraphs of `documents`."""
        ids: list[int] = []
        for chunk in _chunks(documents):
            ids += [r[0] for r in self._conn.execute(
                f"SELECT vec_id FROM paragraphs WHERE searchable AND document IN ({_marks(chunk)})", chunk)]
        return np.array(ids, dtype=np.int64)

    def searchable_vectors(self, excluding: set[int], dimension: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids, vectors) of every searchable paragraph except `excluding`, to rebuild FAISS."""
        ids, rows = [], []
        for vec_id, blob in self._conn.execute(
                "SELECT vec_id, vector FROM paragraphs WHERE searchable ORDER BY vec_id"):
            if vec_id not in excluding:
                ids.append(vec_id)
                rows.append(np.frombuffer(blob, dtype=np.float32))
        matrix = np.vstack(rows) if rows else np.zeros((0, dimension), dtype=np.float32)
        return np.array(ids, dtype=np.int64), matrix

    def owners_of(self, paragraph_ids: list[str]) -> dict[str, str]:
        """For stored paragraph ids among `paragraph_ids`: the document holding each."""
        owners: dict[str, str] = {}
        for chunk in _chunks(paragraph_ids):
            owners.update({r[0]: r[1] for r in self._conn.execute(
                f"SELECT id, document FROM paragraphs WHERE id IN ({_marks(chunk)})", chunk)})
        return owners

    def clear(self) -> None:
        """Remove every document, paragraph and meta value (a rebuild, inside its transaction)."""
        for table in ("paragraphs_fts", "paragraphs", "documents", "meta", *_DERIVED_TABLES):
            self._conn.execute(f"DELETE FROM {table}")

    def recreate(self) -> None:
        """Replace the tables of another format version with empty ones of this version
        (a rebuild, inside its transaction: readers keep the old tables until it commits)."""
        self._conn.execute("DROP TABLE IF EXISTS temp.fts_vocab")
        for table in ("paragraphs_fts", "paragraphs", "documents", "meta", *_DERIVED_TABLES):
            self._conn.execute(f"DROP TABLE IF EXISTS {table}")  # follow_up_marks stays
        for statement in SCHEMA.split(";"):
            if statement.strip():
                self._conn.execute(statement)
        self._conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab "
                           "USING fts5vocab(main, paragraphs_fts, row)")

    def delete_documents(self, documents: list[str]) -> None:
        """Remove documents with their paragraphs and FTS rows."""
        for chunk in _chunks(documents):
            marks = _marks(chunk)
            self._conn.execute(f"DELETE FROM paragraphs_fts WHERE rowid IN "
                               f"(SELECT vec_id FROM paragraphs WHERE document IN ({marks}))", chunk)
            self._conn.execute(f"DELETE FROM paragraphs WHERE document IN ({marks})", chunk)
            self._conn.execute(f"DELETE FROM documents WHERE path IN ({marks})", chunk)
            for table in _DERIVED_TABLES:  # marks stay: the file may come back
                self._conn.execute(f"DELETE FROM {table} WHERE document IN ({marks})", chunk)

    def add_document(self, document: StoredDocument, vectors_by_hash: dict[str, np.ndarray],
                     indexed_at: str) -> None:
        """Insert one document with its paragraphs, vectors and FTS rows, and its decisions and
        follow-ups when extracted (inside a transaction)."""
        record = document.record
        doc_values = {name: _encode(kind, getattr(record, name)) for name, kind in RECORD_COLUMNS.items()}
        doc_values.update(catalog=document.catalog, indexed_at=indexed_at, size=document.size,
                          mtime_ns=document.mtime_ns)
        names = list(doc_values)
        self._conn.execute(f"INSERT INTO documents({','.join(chr(34) + n + chr(34) for n in names)}) "
                           f"VALUES ({_marks(names)})", [doc_values[n] for n in names])
        para_names = ["vec_id", *PARAGRAPH_COLUMNS, "searchable", "text_hash", "vector"]
        insert = (f"INSERT INTO paragraphs({','.join(chr(34) + n + chr(34) for n in para_names)}) "
                  f"VALUES ({_marks(para_names)})")
        for paragraph, text_hash, lexical in zip(document.paragraphs, document.text_hashes, document.lexical):
            vec_id = vector_id(paragraph.id)
            searchable = text_hash is not None
            vector = (np.asarray(vectors_by_hash[text_hash], dtype=np.float32).tobytes()
                      if searchable else None)
            values = [vec_id, *(_encode(kind, getattr(paragraph, name)) for name, kind in PARAGRAPH_COLUMNS.items()),
                      int(searchable), text_hash, vector]
            self._conn.execute(insert, values)
            if searchable:
                self._conn.execute("INSERT INTO paragraphs_fts(rowid, stemmed) VALUES (?, ?)", (vec_id, lexical or ""))
        if document.decisions is not None and document.follow_ups is not None:
            self.add_extraction(record.path, document.decisions, document.follow_ups)

    # -- decisions, follow-ups and marks ------------------------------------------------
    def _add_rows(self, table: str, layout: dict[str, str], document: str, items: list) -> None:
        names = ["document", *(n for n in layout if n != "document"), "position"]
        insert = (f"INSERT INTO {table}({','.join(chr(34) + n + chr(34) for n in names)}) "
                  f"VALUES ({_marks(names)})")
        self._conn.executemany(insert, [
            [document, *(_encode(layout[n], getattr(item, n)) for n in names[1:-1]), position]
            for position, item in enumerate(items)])

    def add_decisions(self, document: str, decisions: list[Decision]) -> None:
        """Store a document's decisions in reading order (inside the build's transaction)."""
        self._add_rows("decisions", DECISION_COLUMNS, document, decisions)

    def add_follow_ups(self, document: str, follow_ups: list[FollowUp]) -> None:
        """Store a document's follow-ups in reading order (inside the build's transaction)."""
        self._add_rows("follow_ups", FOLLOW_UP_COLUMNS, document, follow_ups)

    def add_extraction(self, document: str, decisions: list[Decision], follow_ups: list[FollowUp]) -> None:
        """Replace what was extracted from `document` and note that it was extracted."""
        for table in _DERIVED_TABLES:
            self._conn.execute(f"DELETE FROM {table} WHERE document = ?", (document,))
        self.add_decisions(document, decisions)
        self.add_follow_ups(document, follow_ups)
        self._conn.execute("INSERT INTO extracted(document) VALUES (?)", (document,))

    def unextracted_documents(self) -> list[str]:
        """Indexed documents that decisions and follow-ups were never extracted from."""
        return [r[0] for r in self._conn.execute(
            "SELECT path FROM documents WHERE path NOT IN (SELECT document FROM extracted) ORDER BY path")]

    def _where(self, body, date_from, date_to, document, alias: str) -> tuple[list[str], list]:
        clauses, params = [], []
        if body:
            bodies = [body] if isinstance(body, str) else list(body)
            clauses.append(f"{alias}.body IN ({_marks(bodies)})")
            params += bodies
        if date_from:
            clauses.append(f"{alias}.meeting_date >= ?")
            params.append(date_from)
        if date_to:
            clauses.append(f"{alias}.meeting_date <= ?")
            params.append(date_to)
        if document:
            clauses.append(f"{alias}.document = ?")
            params.append(document)
        return clauses, params

    def decisions(self, body: str | Iterable[str] | None = None, date_from: str | None = None,
                  date_to: str | None = None, outcome: str | None = None,
                  document: str | None = None) -> list[Decision]:
        """Stored decisions that pass the restrictions (a date restriction leaves undated ones
        out), ordered by meeting date (undated last), document and reading order."""
        clauses, params = self._where(body, date_from, date_to, document, "x")
        if outcome:
            clauses.append("x.outcome = ?")
            params.append(outcome)
        rows = self._conn.execute(
            f"SELECT {_columns(DECISION_COLUMNS, 'x')} FROM decisions x WHERE {' AND '.join(clauses) or '1'} "
            "ORDER BY x.meeting_date IS NULL, x.meeting_date, x.document, x.position", params)
        found = []
        for row in rows:
            decision = _from_values(Decision, _DECISION_PLAN, tuple(row))
            decision.votes = [Vote(**v) if isinstance(v, dict) else v for v in decision.votes]
            found.append(decision)
        return found

    def follow_ups(self, body: str | Iterable[str] | None = None, date_from: str | None = None,
                   date_to: str | None = None, status: str | None = None,
                   document: str | None = None, ids: Iterable[str] | None = None) -> list[TrackedFollowUp]:
        """Stored follow-ups with their status (None: any), ordered like `decisions`."""
        clauses, params = self._where(body, date_from, date_to, document, "x")
        if status == "open":
            clauses.append("m.status IS NULL")
        elif status:
            clauses.append("m.status = ?")
            params.append(status)
        if ids is not None:
            wanted = list(ids)
            if not wanted:
                return []
            clauses.append(f"x.id IN ({_marks(wanted)})")
            params += wanted
        rows = self._conn.execute(
            f"SELECT {_columns(FOLLOW_UP_COLUMNS, 'x')}, m.status, m.note, m.marked_at, m.marked_by, d.title, d.case_number "
            "FROM follow_ups x LEFT JOIN follow_up_marks m ON m.follow_up_id = x.id "
            "LEFT JOIN documents d ON d.path = x.document "
            f"WHERE {' AND '.join(clauses) or '1'} "
            "ORDER BY x.meeting_date IS NULL, x.meeting_date, x.document, x.position", params)
        split = len(FOLLOW_UP_COLUMNS)
        found = []
        for row in rows:
            follow_up = _from_values(FollowUp, _FOLLOW_UP_PLAN, tuple(row)[:split])
            status_, note, marked_at, marked_by, title, case_number = tuple(row)[split:]
            mark = Mark(follow_up.id, status_, note, marked_at, marked_by) if status_ else None
            found.append(TrackedFollowUp(follow_up, status_ or "open", mark, title, case_number))
        return found

    def mark_follow_up(self, follow_up_id: str, status: str, note: str | None = None,
                       by: str | None = None, at: str | None = None) -> None:
        """Mark a follow-up done or dismissed ("open" removes the mark), replacing an older mark."""
        if status == "open":
            self.unmark_follow_up(follow_up_id)
            return
        from datetime import datetime, timezone

        at = at or datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._conn.execute("INSERT OR REPLACE INTO follow_up_marks(follow_up_id, status, note, marked_at, marked_by) "
                           "VALUES (?, ?, ?, ?, ?)", (follow_up_id, status, note, at, by))

    def unmark_follow_up(self, follow_up_id: str) -> None:
        """Remove a follow-up's mark (it reads "open" again)."""
        self._conn.execute("DELETE FROM follow_up_marks WHERE follow_up_id = ?", (follow_up_id,))

    def follow_up_marks(self) -> dict[str, Mark]:
        """Every mark by follow-up id, including marks whose follow-up is no longer indexed."""
        return {r[0]: Mark(*r) for r in self._conn.execute(
            "SELECT follow_up_id, status, note, marked_at, marked_by FROM follow_up_marks ORDER BY follow_up_id")}

    def extraction_counts(self) -> tuple[int, int]:
        """(decisions, follow-ups) stored."""
        return (self._conn.execute("SELECT count(*) FROM decisions").fetchone()[0],
                self._conn.execute("SELECT count(*) FROM follow_ups").fetchone()[0])

    def records(self, paths: Iterable[str] | None = None) -> list[Record]:
        """The `Record` of every indexed document (or of `paths`), by path."""
        sql = f"SELECT {_columns(RECORD_COLUMNS)} FROM documents"
        params: list = []
        if paths is not None:
            params = list(paths)
            sql += f" WHERE path IN ({_marks(params)})" if params else " WHERE 0"
        return [_from_values(Record, _RECORD_PLAN, tuple(r)) for r in self._conn.execute(sql + " ORDER BY path", params)]

    def paragraphs_of(self, document: str) -> list[Paragraph]:
        """A document's `Paragraph`s in reading order (contents pages included)."""
        return [_from_values(Paragraph, _PARAGRAPH_PLAN, tuple(r)) for r in self._conn.execute(
            f"SELECT {_columns(PARAGRAPH_COLUMNS)} FROM paragraphs WHERE document = ? ORDER BY position",
            (document,))]

    def counts(self) -> tuple[int, int, int]:
        """(documents, stored paragraphs, searchable paragraphs)."""
        documents = self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        stored, searchable = self._conn.execute(
            "SELECT count(*), coalesce(sum(searchable), 0) FROM paragraphs").fetchone()
        return documents, stored, searchable

    # -- read side ---------------------------------------------------------------------
    def _hit_rows(self, where: str, params) -> list[tuple]:
        cursor = self._conn.cursor()
        cursor.row_factory = None  # plain tuples: rows are split by position (see _hit)
        return cursor.execute(f"{_HIT_SELECT} WHERE {where}", params).fetchall()

    def hits(self, vec_ids: list[int]) -> dict[int, Hit]:
        """Paragraphs with their document's metadata, by FAISS key (missing ids left out)."""
        found: dict[int, Hit] = {}
        for chunk in _chunks(list(vec_ids)):
            for row in self._hit_rows(f"p.vec_id IN ({_marks(chunk)})", chunk):
                found[row[0]] = _hit(row)
        return found

    def paragraph(self, paragraph_id: str) -> Hit | None:
        """One paragraph by its stable id, or None."""
        rows = self._hit_rows("p.id = ?", (paragraph_id,))
        return _hit(rows[0]) if rows else None

    def neighbours(self, paragraph_id: str, before: int, after: int) -> list[Hit]:
        """The paragraph and its neighbours in the same document, in reading order."""
        row = self._conn.execute("SELECT document, position FROM paragraphs WHERE id = ?",
                                 (paragraph_id,)).fetchone()
        if row is None:
            return []
        rows = self._hit_rows("p.document = ? AND p.position BETWEEN ? AND ? ORDER BY p.position",
                              (row["document"], row["position"] - before, row["position"] + after))
        return [_hit(r) for r in rows]

    def document_paragraphs(self, document: str) -> list[Hit]:
        """Every stored paragraph of one document, contents pages included, in reading order."""
        return [_hit(r) for r in self._hit_rows("p.document = ? ORDER BY p.position", (document,))]

    def vector_of(self, paragraph_id: str) -> tuple[str, np.ndarray] | None:
        """(document, vector) of a searchable paragraph, or None."""
        row = self._conn.execute("SELECT document, vector FROM paragraphs WHERE id = ? AND searchable",
                                 (paragraph_id,)).fetchone()
        return (row["document"], np.frombuffer(row["vector"], dtype=np.float32)) if row else None

    def vectors(self, vec_ids: list[int]) -> dict[int, np.ndarray]:
        """Stored vectors by FAISS key."""
        found: dict[int, np.ndarray] = {}
        for chunk in _chunks(list(vec_ids)):
            for vec_id, blob in self._conn.execute(
                    f"SELECT vec_id, vector FROM paragraphs WHERE searchable AND vec_id IN ({_marks(chunk)})", chunk):
                found[vec_id] = np.frombuffer(blob, dtype=np.float32)
        return found

    def ids_matching(self, filters: "Filters") -> list[int]:
        """FAISS keys of every searchable paragraph that passes `filters`."""
        where, params = _filter_sql(filters)
        # Only ids: the covering index paragraphs_document answers without reading rows.
        return [r[0] for r in self._conn.execute(
            f"SELECT p.vec_id FROM paragraphs p JOIN documents d ON d.path = p.document "
            f"WHERE p.searchable AND {where}", params)]

    def keep_matching(self, vec_ids: list[int], filters: "Filters") -> list[int]:
        """`vec_ids` that pass `filters`, in the given order."""
        where, params = _filter_sql(filters)
        keep: set[int] = set()
        for chunk in _chunks(list(vec_ids)):
            keep.update(r[0] for r in self._conn.execute(
                f"SELECT p.vec_id FROM paragraphs p JOIN documents d ON d.path = p.document "
                f"WHERE p.vec_id IN ({_marks(chunk)}) AND {where}", chunk + params))
        return [i for i in vec_ids if i in keep]

    def fts_match(self, expression: str, limit: int, filters: "Filters | None" = None) -> list[tuple[int, float]]:
        """(FAISS key, BM25 score, higher is better) of the best `limit` FTS5 matches of `expression`."""
        sql = "SELECT rowid, -bm25(paragraphs_fts) FROM paragraphs_fts WHERE paragraphs_fts MATCH ?"
        params: list = [expression]
        if filters:
            where, extra = _filter_sql(filters)
            # "+rowid": without it SQLite hands FTS5 one rowid at a time from the list and FTS5
            # re-runs the MATCH for each (4-30 s at 100k paragraphs); with it, one MATCH pass.
            sql += (" AND +rowid IN (SELECT p.vec_id FROM paragraphs p JOIN documents d "
                    f"ON d.path = p.document WHERE {where})")
            params += extra
        sql += " ORDER BY bm25(paragraphs_fts) LIMIT ?"
        return [(r[0], float(r[1])) for r in self._conn.execute(sql, params + [limit])]

    def fts_matching_ids(self, expression: str, vec_ids: list[int]) -> set[int]:
        """Which of `vec_ids` match the FTS5 `expression`."""
        found: set[int] = set()
        for chunk in _chunks(list(vec_ids)):
            found.update(r[0] for r in self._conn.execute(
                f"SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ? AND +rowid IN ({_marks(chunk)})",
                [expression, *chunk]))
        return found

    def term_document_count(self, stem: str, prefix: bool) -> int:
        """How many paragraphs hold `stem` (for a prefix: summed over its words, an upper bound)."""
        if prefix:
            row = self._conn.execute("SELECT sum(doc) FROM temp.fts_vocab WHERE term >= ? AND term < ?",
                                     (stem, stem + "\U0010ffff")).fetchone()
        else:
            row = self._conn.execute("SELECT doc FROM temp.fts_vocab WHERE term = ?", (stem,)).fetchone()
        return (row[0] or 0) if row else 0

    def documents(self) -> list[dict]:
        """Every indexed document with its metadata and paragraph count, newest meeting first."""
        rows = self._conn.execute(
            "SELECT d.*, (SELECT count(*) FROM paragraphs p WHERE p.document = d.path) AS paragraphs "
            "FROM documents d ORDER BY d.meeting_date DESC, d.path").fetchall()
        result = []
        for row in rows:
            values = {key: row[key] for key in row.keys() if key != "catalog"}
            for name, kind in RECORD_COLUMNS.items():
                values[name] = _decode(kind, values[name])
            result.append(values)
        return result


def _filter_sql(filters: "Filters") -> tuple[str, list]:
    """A WHERE fragment over `p` (paragraphs) and `d` (documents), and its parameters."""
    clauses, params = ["1"], []
    for column, values in (("d.body", filters.bodies), ("d.doc_type", filters.doc_types),
                           ("p.document", filters.documents)):
        if values:
            clauses.append(f"{column} IN ({_marks(list(values))})")
            params += list(values)
    if filters.date_from:
        clauses.append("d.meeting_date >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        clauses.append("d.meeting_date <= ?")
        params.append(filters.date_to)
    kind = getattr(filters, "kind", None)
    if kind in ("decisions", "follow_ups"):  # a table name from a fixed list, never user text
        clauses.append(f"p.id IN (SELECT paragraph_id FROM {kind})")
    return " AND ".join(clauses), params


def remove_stale_files(index_dir: Path, keep_generations: set[int]) -> None:
    """Delete FAISS files of old generations and leftovers of interrupted writes."""
    for path in Path(index_dir).glob("vectors-*.faiss*"):
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
    index_dir = Path(index_dir)
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


def index_stamp(index_dir: Path | str) -> int:
    """Changes whenever a build commits a generation (see `Manifest.stamp`)."""
    return Manifest.stamp(index_dir)


def read_manifest(index_dir: Path | str) -> Manifest:
    """The manifest of `index_dir` (see `Manifest.read`)."""
    return Manifest.read(index_dir)

"""The `Store`: an index directory in; one SQLite connection to its database out, with its
transactions and its meta table (the manifest). What it reads and writes lives in the
mixins it is made of: `DocumentWrites` (documents.py), `Lookups` (lookups.py) and
`Tracking` (tracking.py).

A build writes the new FAISS file first, then commits SQLite with the new generation
number; that commit is the moment the new index exists. A reader checks the
generation in the same SQLite snapshot it reads rows from, so it sees the old index
or the new one, never a mix.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from indexer.errors import IndexDamaged, IndexMissing, IndexUnwritable
from indexer.store.manifest import Manifest, missing_message, rebuild_hint
from indexer.store.documents import DocumentWrites, write_item_vectors
from indexer.store.files import disk_full_message
from indexer.store.lookups import Lookups
from indexer.store.schema import (_DERIVED_TABLES, _FIELD_TABLES, DB_NAME, EXTRACTION_SCHEMA, LINKS_SCHEMA, SCHEMA,
                                  ITEM_VECTORS_SCHEMA, TERM_COUNTS_SCHEMA, links_readable, missing_columns)
from indexer.store.tracking import Tracking
from indexer.store.follows import FOLLOWS_SCHEMA, FOLLOWS_TABLES, Follows, follows_older, follows_upgrade


WAL_SIZE_LIMIT = 16 * 1024 * 1024  # bytes the write-ahead log keeps after a checkpoint resets it


class Store(DocumentWrites, Tracking, Lookups, Follows):
    """One SQLite connection to an index directory; thread-safe use is the caller's (Archive's) job."""

    def __init__(self, conn: sqlite3.Connection, index_dir: Path, *, read_only: bool = False) -> None:
        self._conn = conn
        self.index_dir = index_dir
        self.read_only = read_only  # opened where it cannot be written: searched, never changed
        self._term_changes: Counter[str] = Counter()  # written with the transaction's commit

    @classmethod
    def open(cls, index_dir: Path | str, *, create: bool = False) -> "Store":
        """Open the index's database (creating the schema when `create`). An index that cannot
        be written (a read-only file system or directory) is opened read-only: it can be
        searched, and `writing` raises IndexUnwritable.

        Raises:
            IndexMissing: no database and not `create`.
            IndexDamaged: the file is not a readable database of this format.
            IndexUnwritable: `create` where the directory cannot be made, or the disk is full.
        """
        index_dir = Path(index_dir)
        db_path = index_dir / DB_NAME
        if not create and not db_path.exists():
            raise IndexMissing(missing_message(index_dir))
        read_only = not create and not _writable(db_path)
        try:
            if not read_only:
                index_dir.mkdir(parents=True, exist_ok=True)
            conn = _connect(db_path, read_only)
        except (OSError, sqlite3.Error) as exc:
            if read_only:
                raise IndexUnwritable(f"index in {index_dir} is read-only and SQLite cannot read it so ({exc})") from exc
            raise IndexUnwritable(f"cannot create or write the index database {db_path} ({exc})") from exc
        conn.row_factory = sqlite3.Row
        try:
            if not read_only:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
                # The write-ahead log is cut back to this size whenever a checkpoint resets it: never
                # left as big as the largest transaction (a build's text commit) while the app or the
                # API keeps the database open (only the last connection's close removes it).
                conn.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
            present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if read_only:  # nothing can be added: an index of an older version cannot be read
                columns = {t: {r[1] for r in conn.execute(f"PRAGMA table_info({t})")} for t in _FIELD_TABLES}
                older = missing_columns({t: names for t, names in columns.items() if names})
                if present and (older or follows_older(conn) or not {"term_counts", *_DERIVED_TABLES,
                                                                     "follow_up_marks", *FOLLOWS_TABLES} <= present):
                    conn.close()
                    raise IndexUnwritable(f"index in {index_dir} is read-only and was written by an older "
                                          "version: open it once where it can be written")
                conn.execute("SELECT 1 FROM meta LIMIT 1")
                return cls(conn, index_dir, read_only=True)
            if "paragraphs_fts" in present and "term_counts" not in present:
                _count_terms(conn)  # an index from before the table: before SCHEMA makes it empty
            if "paragraphs" in present and "item_vectors" not in present:
                _fill_item_vectors(conn)  # idem
            columns = {t: {r[1] for r in conn.execute(f"PRAGMA table_info({t})")} for t in _FIELD_TABLES}
            for statement in missing_columns({t: names for t, names in columns.items() if names}):
                conn.execute(statement)  # a field added since the index was built (before
                # SCHEMA, which indexes some of them)
            if "follow_up_links" in present and not links_readable(conn):
                # kept before links carried the version of the code that found them: found again by the next build
                conn.execute("DROP TABLE follow_up_links")
                present.discard("follow_up_links")
            if create:
                conn.executescript(SCHEMA)
            else:
                conn.execute("SELECT 1 FROM meta LIMIT 1")
                if not {*_DERIVED_TABLES, "follow_up_marks"} <= present:
                    conn.executescript(EXTRACTION_SCHEMA)  # an index from before these tables
                if not set(FOLLOWS_TABLES) <= present:
                    conn.executescript(FOLLOWS_SCHEMA)  # an index from before follows (alerts)
                if "follow_up_links" not in present:
                    conn.executescript(LINKS_SCHEMA)  # an index from before kept links
            if "rules" not in {r[1] for r in conn.execute("PRAGMA table_info(extracted)")}:
                # extracted before the rules were recorded: extracted again on the next build
                conn.execute("ALTER TABLE extracted ADD COLUMN rules TEXT")
            follows_upgrade(conn)  # follows made before a follow kept its language
        except sqlite3.DatabaseError as exc:
            conn.close()
            unwritable = _unwritable(exc, index_dir, db_path)
            if unwritable is not None:
                raise unwritable from exc
            if read_only:
                raise IndexUnwritable(f"index in {index_dir} is read-only and SQLite cannot read it so ({exc})") from exc
            raise IndexDamaged(f"index database {db_path} is unreadable ({exc}); rebuild with "
                               f"`{rebuild_hint(index_dir)}`") from exc
        return cls(conn, index_dir)

    def close(self) -> None:
        self._conn.close()

    def truncate_log(self, wait_s: float = 5.0) -> bool:
        """Copy the write-ahead log into the database and empty it (a build calls this when it is
        done), waiting at most `wait_s` for readers in the middle of a read (the app's and the
        API's reads are short; a reader that never ends only leaves the log as it is, cut back to
        `WAL_SIZE_LIMIT` by the next checkpoint that can). True when the log was emptied."""
        if self.read_only or self._conn.in_transaction:
            return False
        (timeout,) = self._conn.execute("PRAGMA busy_timeout").fetchone()
        self._conn.execute(f"PRAGMA busy_timeout={int(wait_s * 1000)}")
        try:
            busy, _, _ = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:  # not worth failing a finished build for
            return False
        finally:
            self._conn.execute(f"PRAGMA busy_timeout={timeout}")
        return not busy

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
        """A write transaction: all or nothing; the term counts it changed are written just
        before it commits.

        Raises:
            IndexUnwritable: the index is read-only, or the disk filled (nothing was written).
        """
        if self.read_only:
            raise IndexUnwritable(f"index in {self.index_dir} is read-only: it can be searched, not changed")
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            unwritable = _unwritable(exc, self.index_dir, self.index_dir / DB_NAME)
            if unwritable is not None:
                raise unwritable from exc
            raise
        self._term_changes.clear()
        try:
            yield self
            self.write_term_counts()
            self._conn.execute("COMMIT")
        except BaseException as exc:
            self._term_changes.clear()
            _roll_back(self._conn)
            unwritable = _unwritable(exc, self.index_dir, self.index_dir / DB_NAME)
            if unwritable is not None:
                raise unwritable from exc
            raise

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


def _count_terms(conn: sqlite3.Connection) -> None:
    """Create and fill `term_counts` from FTS5's own vocabulary (an index from before it):
    one pass over the postings, once."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have done it while this one waited for the lock.
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'term_counts'").fetchone():
            conn.execute(TERM_COUNTS_SCHEMA)
            conn.execute("CREATE VIRTUAL TABLE temp.fts_vocab USING fts5vocab(main, paragraphs_fts, row)")
            conn.execute("INSERT INTO term_counts(term, paragraphs) SELECT term, doc FROM temp.fts_vocab")
            conn.execute("DROP TABLE temp.fts_vocab")
    except BaseException:
        _roll_back(conn)
        raise
    conn.execute("COMMIT")


def _fill_item_vectors(conn: sqlite3.Connection) -> None:
    """Create and fill `item_vectors` from the stored vectors (an index from before it), once."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'item_vectors'").fetchone():
            conn.execute(ITEM_VECTORS_SCHEMA)
            write_item_vectors(conn)
    except BaseException:
        _roll_back(conn)
        raise
    conn.execute("COMMIT")


def _writable(db_path: Path) -> bool:
    """Whether SQLite can write the database: the file and its directory (for -wal and -shm)."""
    return os.access(db_path.parent, os.W_OK) and os.access(db_path, os.W_OK)


def _connect(db_path: Path, read_only: bool) -> sqlite3.Connection:
    """A connection to the database; readers and the builder may live in different threads of
    one app process."""
    if not read_only:
        return sqlite3.connect(db_path, check_same_thread=False, isolation_level=None, timeout=30)
    # SQLite reads a WAL database it cannot write only with its -wal and -shm files beside it;
    # without them (a clean close removes them) the file holds every commit: read it as immutable.
    beside = all(db_path.with_name(db_path.name + suffix).exists() for suffix in ("-wal", "-shm"))
    uri = db_path.resolve().as_uri() + ("?mode=ro" if beside else "?mode=ro&immutable=1")
    return sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None, timeout=30)


def _roll_back(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if SQLite has not already (it does itself after some
    errors, a full disk among them: a second ROLLBACK would hide the cause)."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the error being raised says more


def _unwritable(exc: BaseException, index_dir: Path, db_path: Path) -> IndexUnwritable | None:
    """The one-line error for a write SQLite refused because the disk is full or the database
    read-only; None for any other error."""
    code = getattr(exc, "sqlite_errorcode", None) if isinstance(exc, sqlite3.Error) else None
    if code is None:
        return None
    if code & 0xFF == sqlite3.SQLITE_FULL:
        return IndexUnwritable(disk_full_message(db_path))
    if code & 0xFF == sqlite3.SQLITE_READONLY:
        return IndexUnwritable(f"index in {index_dir} is read-only: it can be searched, not changed")
    if code & 0xFF == sqlite3.SQLITE_IOERR and _nearly_full(index_dir):
        # opening needs room for the write-ahead log's index even to read: a full disk reads as "disk I/O error"
        return IndexUnwritable(f"the disk holding {index_dir} is full: free some space and try again "
                               "(nothing in the index is lost; no rebuild is needed)")
    return None


FULL_BYTES = 4 * 1024 * 1024  # less free space than this is a full disk to SQLite's write-ahead log


def _nearly_full(index_dir: Path) -> bool:
    try:
        return shutil.disk_usage(index_dir).free < FULL_BYTES
    except OSError:
        return False

"""The embedding cache: each paragraph is embedded once per model on this machine.

In:  a model key (what makes two vectors of one text equal: weights, backend, precision,
     prompt, truncation; see `Embedder.cache_key`) and texts, or texts with their vectors.
Out: `VectorCache.get(texts) -> {position: vector}` for the texts already embedded by that
     model, byte for byte as they were stored; `put(texts, vectors)` stores new ones.

One SQLite file per user (`vectors.sqlite3` in `config.model_cache_dir()`), shared by every
build and index directory, in WAL mode so that several processes read and write it at once.
This is the embedding layer's own store, not an index: deleting it only costs re-embedding.
A damaged or unreadable file is logged in one line, set aside and started afresh; if even
that fails the cache switches itself off and embedding goes on without it.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

CACHE_FILE = "vectors.sqlite3"
DISABLE_ENV = "INDEXER_VECTOR_CACHE"  # "0", "off", "false" or "no" switches the cache off
_SCHEMA_VERSION = 1
# SQLite's default limit on bound parameters is 32766 (3.32+); stay well below it.
_CHUNK = 500


def cache_enabled_by_env() -> bool:
    return os.environ.get(DISABLE_ENV, "1").strip().lower() not in ("0", "off", "false", "no")


def text_key(text: str) -> bytes:
    """The cache key of one text: sha256 of its UTF-8 bytes (the prompt is in the model key)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class VectorCache:
    """Vectors by (model key, text hash) in one SQLite file; safe between processes."""

    def __init__(self, path: str | Path, model_key: str, dimension: int) -> None:
        self.path = Path(path)
        self.model = hashlib.sha256(model_key.encode("utf-8")).digest()[:16]
        self.dimension = dimension
        self._conn: sqlite3.Connection | None = None
        self._disabled = False

    # -- connection ---------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._disabled:
            return self._conn
        try:
            self._conn = self._open()
        except (sqlite3.Error, OSError) as exc:
            self._recover(exc)
        return self._conn

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: each put is one explicit transaction, readers never hold locks.
        conn = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA busy_timeout = 60000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # losing the last puts in a crash is fine
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, _SCHEMA_VERSION):
                raise sqlite3.DatabaseError(f"unknown cache format {version}")
            conn.execute("CREATE TABLE IF NOT EXISTS vectors (model BLOB NOT NULL, text BLOB NOT NULL,"
                         " vector BLOB NOT NULL, PRIMARY KEY (model, text)) WITHOUT ROWID")
            if version == 0:
                conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
            conn.execute("SELECT count(*) FROM (SELECT 1 FROM vectors LIMIT 1)").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    def _recover(self, exc: BaseException) -> None:
        """Set a damaged file aside and start a new one; switch off if that fails too."""
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None
        aside = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
        log.warning("embedding cache %s is unusable (%s); moved aside to %s, starting a new one",
                    self.path, str(exc).splitlines()[0] if str(exc) else type(exc).__name__, aside.name)
        try:
            if self.path.exists():
                os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + suffix))
            self._conn = self._open()
        except (sqlite3.Error, OSError) as again:
            log.warning("embedding cache switched off: %s", str(again).splitlines()[0])
            self._conn, self._disabled = None, True

    # -- lookups and stores -------------------------------------------------------------
    def get(self, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """{position in `texts`: vector} for every text this model has embedded before."""
        conn = self._connect()
        if conn is None or not texts:
            return {}
        keys = [text_key(t) for t in texts]
        wanted: dict[bytes, list[int]] = {}
        for i, k in enumerate(keys):
            wanted.setdefault(k, []).append(i)
        found: dict[int, np.ndarray] = {}
        unique = list(wanted)
        nbytes = self.dimension * 4
        try:
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start:start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(f"SELECT text, vector FROM vectors WHERE model = ? AND text IN ({marks})",
                                    [self.model, *chunk]).fetchall()
                for key, blob in rows:
                    if len(blob) != nbytes:  # written by a different dimension: not ours
                        continue
                    vec = np.frombuffer(blob, dtype="<f4")
                    for i in wanted[key]:
                        found[i] = vec
        except sqlite3.Error as exc:
            self._recover(exc)
            return {}
        return found

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store `vectors[i]` as the vector of `texts[i]` (first writer wins)."""
        conn = self._connect()
        if conn is None or not len(texts):
            return
        vectors = np.ascontiguousarray(vectors, dtype="<f4")
        rows = [(self.model, text_key(t), vectors[i].tobytes()) for i, t in enumerate(texts)]
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("INSERT OR IGNORE INTO vectors (model, text, vector) VALUES (?, ?, ?)", rows)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            # Locked for longer than the busy timeout, or disk full: these vectors are not
            # cached, which only costs embedding them again some day.
            log.warning("embedding cache: could not store %d vectors (%s)", len(rows), exc)
        except sqlite3.Error as exc:
            self._recover(exc)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __del__(self) -> None:  # pragma: no cover - best effort
        try:
            self.close()
        except Exception:  # noqa: BLE001
            pass

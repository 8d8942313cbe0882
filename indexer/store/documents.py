"""Writing documents: a `StoredDocument` (record, paragraphs, vectors, stemmed text) in;
rows of `documents`, `paragraphs` and `paragraphs_fts` out, and what the build asks before
writing (which files it knows, which vectors it can reuse, which keys to drop from FAISS).
A paragraph may be stored before its vector (`WaitingParagraph`); `set_vectors` adds it later.

Contents pages (`Paragraph.is_contents`) are stored, so a document reads in full, but they
have no vector and no FTS row: search never returns them.
"""
from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np

from indexer.records import Decision, FollowUp, Paragraph, Record
from indexer.text.terms import indexed_terms
from indexer.store.rows import _PARAGRAPH_PLAN, _chunks, _columns, _encode, _from_values, _marks, vector_id
from indexer.store.schema import _DERIVED_TABLES, PARAGRAPH_COLUMNS, RECORD_COLUMNS, SCHEMA


@dataclass(frozen=True)
class KnownDocument:
    """What the index remembers of a file, to tell whether it changed."""

    path: str
    content_hash: str
    catalog: str  # the catalog row applied, as sorted JSON
    size: int | None
    mtime_ns: int | None


@dataclass(frozen=True)
class WaitingParagraph:
    """A searchable paragraph whose vector the build has not computed yet."""

    vec_id: int
    document: str
    text_hash: str


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
    rules: str | None = None  # the extraction rules' version (`minutes.RULES_VERSION`)


# What a rebuild empties; follow_up_marks stays (the secretariat's marks outlive the index).
_CONTENT_TABLES = ("paragraphs_fts", "paragraphs", "documents", "meta", "term_counts", "item_vectors",
                   "follow_up_links", *_DERIVED_TABLES)


def write_item_vectors(conn: sqlite3.Connection, documents: list[str] | None = None) -> None:
    """(Re)write `item_vectors` for `documents` (None: every document) from their stored vectors:
    per agenda item, the normalised mean of the vectors it has and how many searchable paragraphs
    it has (inside the caller's transaction)."""
    where = "" if documents is None else f" AND document IN ({_marks(documents)})"
    params = [] if documents is None else list(documents)
    conn.execute(f"DELETE FROM item_vectors WHERE 1{where}", params)
    sums: dict[tuple[str, str], np.ndarray] = {}
    sizes: Counter[tuple[str, str]] = Counter()
    for document, item, vector in conn.execute(
            "SELECT document, item_number, vector FROM paragraphs WHERE searchable AND item_number IS NOT NULL "
            f"AND item_number != ''{where}", params):
        sizes[document, item] += 1
        if vector is not None:
            sums[document, item] = sums.get((document, item), 0.0) + np.frombuffer(vector, dtype=np.float32)
    conn.executemany(
        "INSERT INTO item_vectors(document, item_number, paragraphs, vector) VALUES (?, ?, ?, ?)",
        [(document, item, sizes[document, item], (total / (np.linalg.norm(total) or 1.0)).astype(np.float32).tobytes())
         for (document, item), total in sums.items()])


class DocumentWrites:
    """The write side of `Store` for documents and paragraphs (inside its write transaction)."""

    _conn: sqlite3.Connection
    _term_changes: Counter[str]

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
        """(ids, vectors) of every embedded searchable paragraph except `excluding`, to rebuild FAISS."""
        ids, rows = [], []
        for vec_id, blob in self._conn.execute(
                "SELECT vec_id, vector FROM paragraphs WHERE searchable AND vector IS NOT NULL ORDER BY vec_id"):
            if vec_id not in excluding:
                ids.append(vec_id)
                rows.append(np.frombuffer(blob, dtype=np.float32))
        matrix = np.vstack(rows) if rows else np.zeros((0, dimension), dtype=np.float32)
        return np.array(ids, dtype=np.int64), matrix

    def waiting_count(self) -> int:
        """Searchable paragraphs still waiting for their vector (found by words only)."""
        return self._conn.execute(
            "SELECT count(*) FROM paragraphs WHERE searchable AND vector IS NULL").fetchone()[0]

    def waiting(self) -> list[WaitingParagraph]:
        """Every searchable paragraph still waiting for its vector, in reading order."""
        return [WaitingParagraph(*row) for row in self._conn.execute(
            "SELECT vec_id, document, text_hash FROM paragraphs WHERE searchable AND vector IS NULL "
            "ORDER BY document, position")]

    def set_vectors(self, vectors_by_vec_id: dict[int, np.ndarray]) -> None:
        """Store the vectors of waiting paragraphs, and their agenda items' centroids (inside a
        write transaction)."""
        self._conn.executemany(
            "UPDATE paragraphs SET vector = ? WHERE vec_id = ?",
            [(np.asarray(vector, dtype=np.float32).tobytes(), vec_id) for vec_id, vector in vectors_by_vec_id.items()])
        documents: set[str] = set()
        for chunk in _chunks(list(vectors_by_vec_id)):
            documents.update(r[0] for r in self._conn.execute(
                f"SELECT DISTINCT document FROM paragraphs WHERE item_number IS NOT NULL "
                f"AND vec_id IN ({_marks(chunk)})", chunk))
        for chunk in _chunks(sorted(documents)):
            write_item_vectors(self._conn, chunk)

    def owners_of(self, paragraph_ids: list[str]) -> dict[str, str]:
        """For stored paragraph ids among `paragraph_ids`: the document holding each."""
        owners: dict[str, str] = {}
        for chunk in _chunks(paragraph_ids):
            owners.update({r[0]: r[1] for r in self._conn.execute(
                f"SELECT id, document FROM paragraphs WHERE id IN ({_marks(chunk)})", chunk)})
        return owners

    def clear(self) -> None:
        """Remove every document, paragraph, term count and meta value (a rebuild, inside its transaction)."""
        for table in _CONTENT_TABLES:
            self._conn.execute(f"DELETE FROM {table}")
        self._term_changes.clear()

    def recreate(self) -> None:
        """Replace the tables of another format version with empty ones of this version
        (a rebuild, inside its transaction: readers keep the old tables until it commits)."""
        for table in _CONTENT_TABLES:
            self._conn.execute(f"DROP TABLE IF EXISTS {table}")  # follow_up_marks stays
        for statement in SCHEMA.split(";"):
            if statement.strip():
                self._conn.execute(statement)
        self._term_changes.clear()

    def write_term_counts(self) -> None:
        """Add this transaction's changes of term paragraph counts to `term_counts`."""
        changes = [(term, change) for term, change in self._term_changes.items() if change]
        self._term_changes.clear()
        self._conn.executemany(
            "INSERT INTO term_counts(term, paragraphs) VALUES (?, ?) "
            "ON CONFLICT(term) DO UPDATE SET paragraphs = paragraphs + excluded.paragraphs", changes)
        self._conn.executemany("DELETE FROM term_counts WHERE term = ? AND paragraphs <= 0",
                               [(term,) for term, change in changes if change < 0])

    def index_words_again(self, lexical: Callable[[Paragraph], str]) -> int:
        """Replace every searchable paragraph's FTS row by `lexical(paragraph)` and count the terms again (inside
        the transaction of an upgrade whose words are indexed otherwise: nothing is read or embedded again).
        Returns how many paragraphs were indexed."""
        rows = [(vec_id, lexical(_from_values(Paragraph, _PARAGRAPH_PLAN, tuple(values))))
                for vec_id, *values in self._conn.execute(
                    f"SELECT vec_id, {_columns(PARAGRAPH_COLUMNS)} FROM paragraphs WHERE searchable = 1")]
        self._conn.execute("DELETE FROM paragraphs_fts")
        self._conn.executemany("INSERT INTO paragraphs_fts(rowid, stemmed) VALUES (?, ?)", rows)
        self._conn.execute("DELETE FROM term_counts")
        self._term_changes.clear()
        self._term_changes.update(term for _, text in rows for term in indexed_terms(text))
        return len(rows)

    def delete_documents(self, documents: list[str]) -> None:
        """Remove documents with their paragraphs and FTS rows."""
        for chunk in _chunks(documents):
            marks = _marks(chunk)
            vec_ids = [r[0] for r in self._conn.execute(
                f"SELECT vec_id FROM paragraphs WHERE document IN ({marks})", chunk)]
            for ids in _chunks(vec_ids):
                for (lexical,) in self._conn.execute(
                        f"SELECT stemmed FROM paragraphs_fts WHERE rowid IN ({_marks(ids)})", ids):
                    self._term_changes.subtract(indexed_terms(lexical or ""))
                self._conn.execute(f"DELETE FROM paragraphs_fts WHERE rowid IN ({_marks(ids)})", ids)
            self._conn.execute(f"DELETE FROM paragraphs WHERE document IN ({marks})", chunk)
            self._conn.execute(f"DELETE FROM item_vectors WHERE document IN ({marks})", chunk)
            self._conn.execute(f"DELETE FROM documents WHERE path IN ({marks})", chunk)
            for table in _DERIVED_TABLES:  # marks stay: the file may come back
                self._conn.execute(f"DELETE FROM {table} WHERE document IN ({marks})", chunk)

    def add_document(self, document: StoredDocument, vectors_by_hash: dict[str, np.ndarray],
                     indexed_at: str) -> None:
        """Insert one document with its paragraphs, vectors (those known yet) and FTS rows, and its decisions and
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
            # A text not embedded yet is stored without a vector: searchable by words at once.
            vector = vectors_by_hash.get(text_hash) if searchable else None
            if vector is not None:
                vector = np.asarray(vector, dtype=np.float32).tobytes()
            values = [vec_id, *(_encode(kind, getattr(paragraph, name)) for name, kind in PARAGRAPH_COLUMNS.items()),
                      int(searchable), text_hash, vector]
            self._conn.execute(insert, values)
            if searchable:
                self._conn.execute("INSERT INTO paragraphs_fts(rowid, stemmed) VALUES (?, ?)", (vec_id, lexical or ""))
                self._term_changes.update(indexed_terms(lexical or ""))
        if any(p.item_number for p in document.paragraphs):
            write_item_vectors(self._conn, [record.path])
        if document.decisions is not None and document.follow_ups is not None:
            self.add_extraction(record.path, document.decisions, document.follow_ups, document.rules)

"""Searching the index: a query (and filters) in, ranked `Hit`s out.

`Archive` is the one API that the CLI and the app use. Dense retrieval (FAISS inner
product on normalised vectors) and lexical BM25 (SQLite FTS5 over Danish stems) are
fused by weighted reciprocal rank fusion; the weights follow the query's language,
as measured by `python -m indexer eval` (README, "Evaluation").
"""
from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator, Literal

import numpy as np

from . import store, terms, vectors
from .errors import IndexDamaged, InvalidInput
from .records import Hit

Mode = Literal["hybrid", "dense", "lexical"]
MODES = ("hybrid", "dense", "lexical")
RRF_K = 60
# Lexical weight in the fusion, by query language (measured with `python -m indexer eval`,
# see README). English words match Danish ones by accident ("rent", "staff"): on English
# queries BM25 only lowered recall, so they are answered by the dense side alone.
LEXICAL_WEIGHT = {"da": 0.75, "en": 0.0}
CANDIDATES = 100
# A BM25 term in more than this share of paragraphs adds little to the ranking, but FTS5
# scores every paragraph it matches (hundreds of ms at 1M paragraphs, benchmarks/RESULTS.md):
# such terms are left out of a query while it has rarer ones.
COMMON_TERM_SHARE = 0.05
MAX_QUERY_CHARS = 2000

_ROW = """SELECT p.vec_id, p.id, p.document, p.position, p.text, p.page, p.heading, p.speaker,
       d.title, d.body, d.meeting_date, d.doc_type
FROM paragraphs p JOIN documents d ON d.path = p.document"""


@dataclass(frozen=True)
class Filters:
    """Restrictions on results; empty tuples and None mean no restriction."""

    bodies: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None

    def __post_init__(self) -> None:
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is not None:
                try:
                    date.fromisoformat(value)
                except (TypeError, ValueError):
                    raise InvalidInput(f"{name.replace('_', ' ')} {value!r} is not a date; use YYYY-MM-DD") from None

    def sql(self) -> tuple[str, list]:
        """A WHERE fragment over `p` (paragraphs) and `d` (documents), and its parameters."""
        clauses, params = [], []
        for column, values in (("d.body", self.bodies), ("d.doc_type", self.doc_types), ("p.document", self.documents)):
            if values:
                clauses.append(f"{column} IN ({','.join('?' * len(values))})")
                params += list(values)
        if self.date_from:
            clauses.append("d.meeting_date >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("d.meeting_date <= ?")
            params.append(self.date_to)
        return " AND ".join(clauses), params

    def __bool__(self) -> bool:
        return bool(self.bodies or self.doc_types or self.documents or self.date_from or self.date_to)


def clean_query(query: str) -> str:
    """The query as searched: control characters dropped, whitespace collapsed, length capped."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(query))
    return " ".join(text.split())[:MAX_QUERY_CHARS]


class Archive:
    """An opened index: search it, read paragraphs in context, follow related discussions.

    >>> archive = Archive.open("index")
    >>> hits = archive.search("huslejestigninger", k=5)
    """

    def __init__(self, index_dir: Path, conn, embedder=None) -> None:
        self.index_dir = index_dir
        self._conn = conn
        self._embedder = embedder
        self._lock = threading.RLock()  # one SQLite connection, shared by app threads
        self._generation = -1
        self._faiss = None
        self.manifest: dict = {}
        with self._snapshot():
            pass

    @classmethod
    def open(cls, index_dir: Path | str = "index", *, embedder=None) -> "Archive":
        """Open the index in `index_dir`; checks format, generation and counts.

        Args:
            index_dir: the index directory written by `python -m indexer build`.
            embedder: a loaded `Embedder`; if None, the index's own model is loaded on the
                first dense query.

        Raises:
            IndexMissing, IndexDamaged, ModelMismatch: with the command that rebuilds.
        """
        index_dir = Path(index_dir)
        store.read_manifest(index_dir)
        archive = cls(index_dir, store.connect(index_dir), embedder)
        if embedder is not None:
            archive._check_model(embedder)
        return archive

    def _check_model(self, embedder) -> None:
        from .embed import ModelIdentity, check_same_model

        check_same_model(ModelIdentity.from_dict(self.manifest["model"]), embedder.identity, self.index_dir)

    # -- snapshot handling ---------------------------------------------------------
    def _refresh(self) -> None:
        """Start a read snapshot; load the FAISS file of its generation if it changed."""
        if not self._conn.in_transaction:
            self._conn.execute("BEGIN")
        meta = store.get_meta(self._conn)
        generation = meta.get("generation")
        if generation is None:
            raise IndexDamaged(f"index in {self.index_dir} is empty or incomplete; rebuild with "
                               f"`{store.rebuild_hint(self.index_dir)}`")
        if generation == self._generation:
            return
        spec = vectors.IndexSpec.from_dict(meta["faiss"])
        path = store.faiss_path(self.index_dir, generation)
        hint = f"rebuild with `{store.rebuild_hint(self.index_dir)}`"
        try:
            index = vectors.read_index(path, spec)
        except (RuntimeError, OSError) as exc:
            raise IndexDamaged(f"vector file {path} is missing or damaged; {hint}") from exc
        count = self._conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
        if index.ntotal != count or count != meta.get("paragraphs"):
            raise IndexDamaged(f"index in {self.index_dir} is inconsistent: {count} paragraphs in "
                               f"SQLite, {index.ntotal} vectors in FAISS; {hint}")
        self._faiss, self._spec, self._generation, self.manifest = index, spec, generation, meta

    @contextmanager
    def _snapshot(self) -> Iterator:
        """A consistent read of SQLite and FAISS of one generation (thread-safe)."""
        with self._lock:
            try:
                self._refresh()
                yield self._conn
            finally:
                if self._conn.in_transaction:
                    self._conn.execute("COMMIT")

    @property
    def embedder(self):
        if self._embedder is None:
            from .embed import Embedder

            embedder = Embedder(self.manifest["model"]["name"])
            self._check_model(embedder)
            self._embedder = embedder
        return self._embedder

    # -- search --------------------------------------------------------------------
    def search(self, query: str, *, k: int = 10, mode: Mode = "hybrid",
               filters: Filters | None = None, lexical_weight: float | None = None,
               prefix: bool = True) -> list[Hit]:
        """The `k` best paragraphs for `query`; an empty query gives an empty list.

        Args:
            query: free text, Danish or English; any characters are safe.
            k: number of results.
            mode: "hybrid" (default), "dense" or "lexical".
            filters: body, document type, document and date restrictions.
            lexical_weight: BM25's weight in the fusion (default: by query language).
            prefix: let query stems match as prefixes ("husleje" → "huslejestigninger").
        """
        if mode not in MODES:
            raise InvalidInput(f"unknown mode {mode!r}; use hybrid, dense or lexical")
        if k < 1:
            raise InvalidInput(f"k must be at least 1, not {k}")
        query = clean_query(query)
        filters = filters or Filters()
        if not query:
            return []
        query_vector = self.embedder.embed_query(query) if mode != "lexical" else None
        with self._snapshot() as conn:
            depth = max(CANDIDATES, 2 * k)
            ranked: dict[int, float] = {}
            if mode != "lexical":
                for rank, vec_id in enumerate(self._dense(conn, query_vector, depth, filters)):
                    ranked[vec_id] = ranked.get(vec_id, 0.0) + 1.0 / (RRF_K + rank)
            weight = 1.0 if mode == "lexical" else (
                lexical_weight if lexical_weight is not None else LEXICAL_WEIGHT[terms.query_language(query)])
            if mode != "dense" and weight > 0:
                for rank, vec_id in enumerate(self._lexical(conn, query, depth, filters, prefix)):
                    ranked[vec_id] = ranked.get(vec_id, 0.0) + weight / (RRF_K + rank)
            order = sorted(ranked, key=ranked.get, reverse=True)
            hits = self._hits(conn, order, ranked, k, query)
        return hits

    def _dense(self, conn, query_vector, depth: int, filters: Filters) -> list[int]:
        if self._faiss.ntotal == 0:
            return []
        if not filters:
            _, ids = vectors.search(self._faiss, query_vector, depth, spec=self._spec)
            return [int(i) for i in ids[0] if i >= 0]
        # Over-fetch and filter in SQL; a very selective filter searches only its own ids.
        _, ids = vectors.search(self._faiss, query_vector, depth * 10, spec=self._spec)
        allowed = self._filter_ids(conn, [int(i) for i in ids[0] if i >= 0], filters)
        if len(allowed) >= depth // 4:
            return allowed
        where, params = filters.sql()
        # Only the ids: the covering index paragraphs_document answers without reading rows.
        subset = [r[0] for r in conn.execute(
            f"SELECT p.vec_id FROM paragraphs p JOIN documents d ON d.path = p.document WHERE {where}", params)]
        if not subset:
            return []
        _, ids = vectors.search(self._faiss, query_vector, depth, spec=self._spec,
                                allowed_ids=np.array(subset, dtype=np.int64))
        return [int(i) for i in ids[0] if i >= 0]

    def _filter_ids(self, conn, ids: list[int], filters: Filters) -> list[int]:
        if not ids:
            return []
        where, params = filters.sql()
        marks = ",".join("?" * len(ids))
        keep = {r[0] for r in conn.execute(f"{_ROW} WHERE p.vec_id IN ({marks}) AND {where}", ids + params)}
        return [i for i in ids if i in keep]

    def _lexical(self, conn, query: str, depth: int, filters: Filters, prefix: bool) -> list[int]:
        query_terms = terms.query_terms(query, prefix=prefix)
        if not query_terms:
            return []
        limit = COMMON_TERM_SHARE * self.manifest.get("paragraphs", 0)
        rare = [t for t in query_terms if _paragraphs_with(conn, t) <= limit]
        match = terms.match_expression(rare or query_terms)
        sql = "SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ?"
        params: list = [match]
        if filters:
            where, extra = filters.sql()
            # "+rowid": without it SQLite hands FTS5 one rowid at a time from the list and FTS5
            # re-runs the MATCH for each (4-30 s at 100k paragraphs); with it, one MATCH pass.
            sql += f" AND +rowid IN (SELECT p.vec_id FROM paragraphs p JOIN documents d ON d.path = p.document WHERE {where})"
            params += extra
        sql += " ORDER BY bm25(paragraphs_fts) LIMIT ?"
        return [r[0] for r in conn.execute(sql, params + [depth])]

    def _hits(self, conn, order: list[int], scores: dict[int, float], k: int, query: str) -> list[Hit]:
        """Rows for the ranked ids, the same text from another version of a record shown once."""
        hits, seen_texts = [], set()
        for start in range(0, len(order), 4 * k):
            chunk = order[start:start + 4 * k]
            rows = {r["vec_id"]: r for r in conn.execute(
                f"{_ROW} WHERE p.vec_id IN ({','.join('?' * len(chunk))})", chunk)}
            for vec_id in chunk:
                row = rows.get(vec_id)
                if row is None:
                    continue
                fingerprint = hashlib.sha1(" ".join(row["text"].lower().split()).encode()).digest()
                if fingerprint in seen_texts:
                    continue
                seen_texts.add(fingerprint)
                hits.append(_hit(row, scores[vec_id], query))
                if len(hits) == k:
                    return hits
        return hits

    # -- reading around a result ------------------------------------------------------
    def paragraph(self, paragraph_id: str) -> Hit | None:
        """One paragraph by its id, or None."""
        with self._snapshot() as conn:
            row = conn.execute(f"{_ROW} WHERE p.id = ?", (paragraph_id,)).fetchone()
        return _hit(row, 0.0, "") if row else None

    def context(self, paragraph_id: str, *, before: int = 2, after: int = 2) -> list[Hit]:
        """The paragraph with its neighbours in the same document, in reading order."""
        with self._snapshot() as conn:
            row = conn.execute("SELECT document, position FROM paragraphs WHERE id = ?", (paragraph_id,)).fetchone()
            if row is None:
                return []
            rows = conn.execute(f"{_ROW} WHERE p.document = ? AND p.position BETWEEN ? AND ? ORDER BY p.position",
                                (row["document"], row["position"] - before, row["position"] + after)).fetchall()
        return [_hit(r, 0.0, "") for r in rows]

    def related(self, paragraph_id: str, *, k: int = 5,
                order: Literal["similarity", "newest"] = "similarity") -> list[Hit]:
        """The most similar paragraphs from other documents ("Lignende drøftelser")."""
        if order not in ("similarity", "newest"):
            raise InvalidInput(f"unknown order {order!r}; use similarity or newest")
        with self._snapshot() as conn:
            row = conn.execute("SELECT document, vector FROM paragraphs WHERE id = ?", (paragraph_id,)).fetchone()
            if row is None:
                return []
            vector = np.frombuffer(row["vector"], dtype=np.float32)
            scores, ids = vectors.search(self._faiss, vector, max(50, 10 * k), spec=self._spec)
            score_of = {int(i): float(s) for s, i in zip(scores[0], ids[0]) if i >= 0}
            others = [i for i in score_of]
            marks = ",".join("?" * len(others))
            rows = conn.execute(f"{_ROW} WHERE p.vec_id IN ({marks}) AND p.document != ?",
                                others + [row["document"]]).fetchall() if others else []
        hits = sorted((_hit(r, score_of[r["vec_id"]], "") for r in rows), key=lambda h: -h.score)
        seen, unique = set(), []
        for hit in hits:
            key = " ".join(hit.text.lower().split())
            if key not in seen:
                seen.add(key)
                unique.append(hit)
        unique = unique[:k]
        if order == "newest":
            unique.sort(key=lambda h: h.date or "", reverse=True)
        return unique

    def documents(self) -> list[dict]:
        """Every indexed document with its metadata, newest meeting first."""
        with self._snapshot() as conn:
            rows = conn.execute(
                "SELECT d.*, (SELECT count(*) FROM paragraphs p WHERE p.document = d.path) AS paragraphs "
                "FROM documents d ORDER BY d.meeting_date DESC, d.path").fetchall()
        return [{key: row[key] for key in row.keys() if key != "catalog"} for row in rows]

    def close(self) -> None:
        self._conn.close()


def _hit(row, score: float, query: str) -> Hit:
    return Hit(
        id=row["id"], score=float(score), text=row["text"], document=row["document"],
        title=row["title"], body=row["body"], date=row["meeting_date"], doc_type=row["doc_type"],
        page=row["page"], heading=row["heading"], speaker=row["speaker"], position=row["position"],
        matched_terms=terms.matching_words(row["text"], query) if query else [],
    )


def _paragraphs_with(conn, term: terms.Term) -> int:
    """How many paragraphs hold `term` (an upper bound for a prefix), from FTS5's own vocabulary."""
    # The vocabulary view lives in the temp schema: nothing is written to the index.
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab USING fts5vocab(main, paragraphs_fts, row)")
    if term.prefix:
        row = conn.execute("SELECT sum(doc) FROM temp.fts_vocab WHERE term >= ? AND term < ?",
                           (term.stem, term.stem + "\U0010ffff")).fetchone()
    else:
        row = conn.execute("SELECT doc FROM temp.fts_vocab WHERE term = ?", (term.stem,)).fetchone()
    return (row[0] or 0) if row else 0


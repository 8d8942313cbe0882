"""Reading what search shows: FAISS keys, paragraph ids, FTS5 expressions and `Filters` in;
`Hit`s, `Record`s, `Paragraph`s, vectors, BM25 scores, ids and counts out.
"""
from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Iterable

import numpy as np

from indexer.records import Hit, Paragraph, Record
from indexer.text.terms import fts_form, indexed_terms
from indexer.store.rows import _PARAGRAPH_PLAN, _RECORD_PLAN, _chunks, _columns, _decode, _from_values, _hit, _marks
from indexer.store.schema import _HIT_SELECT, PARAGRAPH_COLUMNS, RECORD_COLUMNS

if TYPE_CHECKING:
    from indexer.records import Filters


class Lookups:
    """The read side of `Store`: call it inside `Store.reading()` for one consistent snapshot."""

    _conn: sqlite3.Connection

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

    def case_paragraphs(self, case_number: str) -> list[Hit]:
        """Every paragraph of a case (its own agenda item's case number, else its document's), by
        meeting date (undated last), document and reading order."""
        rows = self._hit_rows(f"{_CASE} ORDER BY {_CASE_ORDER}", (case_number, case_number))
        records: dict = {}  # each document decoded once
        return [_hit(row, records) for row in rows]

    def case_texts(self, case_number: str) -> list[tuple[str, str | None, str | None, str, str]]:
        """(document, agenda item number, meeting date, text, paragraph id) of every paragraph of a case,
        as `case_paragraphs` orders them: where only an item's words are looked for (whether a later item
        is on a promise's matter, what it brings since), for every promise of a list, no result is built of
        thousands of rows."""
        return [tuple(row) for row in self._conn.execute(
            "SELECT p.document, p.item_number, d.meeting_date, p.text, p.id FROM paragraphs p "
            f"JOIN documents d ON d.path = p.document WHERE {_CASE} ORDER BY {_CASE_ORDER}",
            (case_number, case_number))]

    def case_items(self, case_number: str) -> list[Hit]:
        """Each agenda item of a case (by its own case number, else its document's) once: its first
        paragraph, by meeting date (undated last), document and reading order."""
        return self._items_first(_CASE, (case_number, case_number))

    def body_items(self, body: str, after: str) -> list[Hit]:
        """Each agenda item of a body's meetings after the day `after` once: its first paragraph, by
        meeting date and reading order."""
        return self._items_first("d.body = ? AND d.meeting_date > ? AND p.item_number IS NOT NULL", (body, after))

    def _items_first(self, where: str, params: tuple) -> list[Hit]:
        """The first paragraph of each agenda item whose paragraphs meet `where` (over `p` and `d`), by meeting
        date (undated last), document and reading order."""
        # each item's paragraph of the least position (SQLite reads a bare column of the row min() picks):
        # looked up by its key, not by (document, position) pairs
        rows = self._hit_rows(
            "p.vec_id IN (SELECT vec_id FROM (SELECT p.vec_id, min(p.position) FROM paragraphs p "
            f"JOIN documents d ON d.path = p.document WHERE {where} GROUP BY p.document, p.item_number)) "
            f"ORDER BY {_CASE_ORDER}", params)
        records: dict = {}
        return [_hit(row, records) for row in rows]

    def agenda_titles(self) -> list[tuple[str | None, str | None, str]]:
        """(body, meeting date, agenda item title) of every item title the paragraphs hold, each once."""
        return [tuple(row) for row in self._conn.execute(
            "SELECT DISTINCT d.body, d.meeting_date, p.item_title FROM paragraphs p "
            "JOIN documents d ON d.path = p.document WHERE p.item_title IS NOT NULL")]

    def busiest_cases(self, limit: int = 10) -> list[tuple[str, str | None, int]]:
        """The cases that went furthest: (case number, an agenda item title of it, meetings), those
        treated by the most bodies first, then by the most meetings (body and date; an undated
        record is one of its own; an attachment is its meeting's). A standing item (the approval of the agenda, "Underskriftsark")
        is left out: a case that is on at least four fifths of a body's meetings, of four or more.
        Only text a reader can read counts: an item heading alone (all a closed item gives) does not."""
        rows = self._conn.execute(
            "WITH cp AS (SELECT coalesce(p.case_number, d.case_number) AS c, p.item_title AS title, "
            "coalesce(m.body, d.body, '') AS body, coalesce(m.meeting_date, d.meeting_date, d.path) AS day "
            "FROM paragraphs p JOIN documents d ON d.path = p.document "
            "LEFT JOIN documents m ON m.path = d.attachment_to "  # an attachment: its meeting's
            "WHERE coalesce(p.case_number, d.case_number) IS NOT NULL AND p.searchable AND NOT p.is_heading), "
            "held AS (SELECT coalesce(body, '') AS body, count(DISTINCT coalesce(meeting_date, path)) AS n "
            "FROM documents GROUP BY 1), "
            "per AS (SELECT c, body, count(DISTINCT day) AS n FROM cp GROUP BY c, body) "
            "SELECT c, max(title), count(DISTINCT body || '|' || day) AS n, count(DISTINCT body) AS b FROM cp "
            "WHERE c NOT IN (SELECT per.c FROM per JOIN held ON held.body = per.body "
            "WHERE held.n >= 4 AND per.n * 5 >= held.n * 4) "
            "GROUP BY c ORDER BY b DESC, n DESC, c DESC LIMIT ?", (limit,))
        return [(row[0], row[1], row[2]) for row in rows]

    def opening_paragraphs(self, paths: Iterable[str], limit: int = 12) -> dict[str, list[Paragraph]]:
        """The first `limit` paragraphs of each document (where minutes list who attended), by path."""
        found: dict[str, list[Paragraph]] = {}
        for chunk in _chunks(list(paths)):
            for row in self._conn.execute(
                    f"SELECT {_columns(PARAGRAPH_COLUMNS)} FROM paragraphs WHERE document IN ({_marks(chunk)}) "
                    "AND position < ? ORDER BY document, position", chunk + [limit]):
                paragraph = _from_values(Paragraph, _PARAGRAPH_PLAN, tuple(row))
                found.setdefault(paragraph.document, []).append(paragraph)
        return found

    def searchable_paragraphs(self) -> list[Paragraph]:
        """Every searchable paragraph (closed items and contents pages are not), in document order."""
        return [_from_values(Paragraph, _PARAGRAPH_PLAN, tuple(r)) for r in self._conn.execute(
            f"SELECT {_columns(PARAGRAPH_COLUMNS)} FROM paragraphs WHERE searchable ORDER BY document, position")]

    def speakers(self) -> list[tuple]:
        """(speaker as written, party, role, body, paragraphs, first date, last date) for every speaker
        the paragraphs name."""
        return [tuple(r) for r in self._conn.execute(
            "SELECT p.speaker, p.party, p.role, d.body, count(*), min(d.meeting_date), max(d.meeting_date) "
            "FROM paragraphs p JOIN documents d ON d.path = p.document WHERE p.speaker IS NOT NULL "
            "GROUP BY p.speaker, p.party, p.role, d.body ORDER BY p.speaker")]

    def spoken_by(self, speakers: Iterable[str]) -> list[Hit]:
        """The paragraphs these speakers (as written) spoke, by meeting date (undated last), document
        and reading order."""
        names = list(speakers)
        if not names:
            return []
        return [_hit(r) for r in self._hit_rows(
            f"p.speaker IN ({_marks(names)}) ORDER BY d.meeting_date IS NULL, d.meeting_date, p.document, "
            "p.position", names)]

    def paragraphs_mentioning(self, words: Iterable[str]) -> list[Hit]:
        """The paragraphs whose text holds any of `words` (any case of their ASCII letters), in
        document order."""
        patterns = ["%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for w in words]
        if not patterns:
            return []
        where = " OR ".join("p.text LIKE ? ESCAPE '\\'" for _ in patterns)
        return [_hit(r) for r in self._hit_rows(f"({where}) ORDER BY p.document, p.position", patterns)]

    def meeting_dates(self) -> dict[str | None, list[str]]:
        """Each body's meeting dates, in order (undated records left out)."""
        found: dict[str | None, list[str]] = {}
        for body, day in self._conn.execute("SELECT DISTINCT body, meeting_date FROM documents "
                                            "WHERE meeting_date IS NOT NULL ORDER BY body, meeting_date"):
            found.setdefault(body, []).append(day)
        return found

    def counts(self) -> tuple[int, int, int]:
        """(documents, stored paragraphs, searchable paragraphs)."""
        documents = self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        stored, searchable = self._conn.execute(
            "SELECT count(*), coalesce(sum(searchable), 0) FROM paragraphs").fetchone()
        return documents, stored, searchable

    def _hit_rows(self, where: str, params) -> list[tuple]:
        cursor = self._conn.cursor()
        cursor.row_factory = None  # plain tuples: rows are split by position (see _hit)
        return cursor.execute(f"{_HIT_SELECT} WHERE {where}", params).fetchall()

    def hits(self, vec_ids: list[int]) -> dict[int, Hit]:
        """Paragraphs with their document's metadata, by FAISS key (missing ids left out)."""
        found: dict[int, Hit] = {}
        records: dict = {}
        for chunk in _chunks(list(vec_ids)):
            for row in self._hit_rows(f"p.vec_id IN ({_marks(chunk)})", chunk):
                found[row[0]] = _hit(row, records)
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
        """(document, vector) of a paragraph embedded so far, or None."""
        row = self._conn.execute("SELECT document, vector FROM paragraphs WHERE id = ? AND vector IS NOT NULL",
                                 (paragraph_id,)).fetchone()
        return (row["document"], np.frombuffer(row["vector"], dtype=np.float32)) if row else None

    def vectors(self, vec_ids: list[int]) -> dict[int, np.ndarray]:
        """Stored vectors by FAISS key (paragraphs still waiting for theirs are left out)."""
        found: dict[int, np.ndarray] = {}
        for chunk in _chunks(list(vec_ids)):
            for vec_id, blob in self._conn.execute(
                    f"SELECT vec_id, vector FROM paragraphs WHERE vector IS NOT NULL AND vec_id IN ({_marks(chunk)})",
                    chunk):
                found[vec_id] = np.frombuffer(blob, dtype=np.float32)
        return found

    def item_vectors(self, vec_ids: list[int], max_paragraphs: int) -> dict[int, np.ndarray]:
        """By FAISS key, the centroid of the paragraph's agenda item (`item_vectors`), for items of
        at most `max_paragraphs` searchable paragraphs; none on a read-only index from before them."""
        found: dict[int, np.ndarray] = {}
        try:
            for chunk in _chunks(list(vec_ids)):
                for vec_id, blob in self._conn.execute(
                        "SELECT p.vec_id, i.vector FROM paragraphs p JOIN item_vectors i "
                        "ON i.document = p.document AND i.item_number = p.item_number "
                        f"WHERE i.paragraphs <= ? AND p.vec_id IN ({_marks(chunk)})", [max_paragraphs, *chunk]):
                    found[vec_id] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.OperationalError:  # no such table: a read-only index written before it
            return {}
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
        where, params = _filter_sql(filters, per_row=True)
        keep: set[int] = set()
        for chunk in _chunks(list(vec_ids)):
            keep.update(r[0] for r in self._conn.execute(
                f"SELECT p.vec_id FROM paragraphs p JOIN documents d ON d.path = p.document "
                f"WHERE p.vec_id IN ({_marks(chunk)}) AND {where}", chunk + params))
        return [i for i in vec_ids if i in keep]

    def places(self) -> dict[int, tuple[str | None, str | None, str, str | None]]:
        """By FAISS key, each paragraph's (body, document type, document, meeting date): what
        `keep_matching` filters by (all but a kind, which `Filters.admits` cannot see), read once for a
        run of searches that each filter thousands of candidates (every follow-up's take-ups in a list)."""
        return {row[0]: tuple(row[1:]) for row in self._conn.execute(
            "SELECT p.vec_id, d.body, d.doc_type, p.document, d.meeting_date FROM paragraphs p "
            "JOIN documents d ON d.path = p.document")}

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

    def fts_count(self, expression: str, at_most: int) -> int:
        """How many paragraphs the FTS5 `expression` matches, counted up to `at_most` (FTS5 stops
        there: a common word's postings are not read to their end)."""
        return self._conn.execute("SELECT count(*) FROM (SELECT 1 FROM paragraphs_fts WHERE paragraphs_fts "
                                  "MATCH ? LIMIT ?)", (expression, at_most)).fetchone()[0]

    def terms_of(self, vec_ids: list[int]) -> dict[int, set[str]]:
        """The FTS5 terms of each of `vec_ids` that has an FTS row, read from the row itself:
        what a term's MATCH would say for these paragraphs, without FTS5 reading the term's
        postings over the whole archive."""
        found: dict[int, set[str]] = {}
        for chunk in _chunks(list(vec_ids)):
            for vec_id, lexical in self._conn.execute(
                    f"SELECT rowid, stemmed FROM paragraphs_fts WHERE rowid IN ({_marks(chunk)})", chunk):
                found[vec_id] = indexed_terms(lexical or "")
        return found

    def terms_beginning(self, start: str) -> list[str]:
        """The archive's terms (as FTS5 indexes them) that begin with `start`."""
        start = fts_form(start)
        return [row[0] for row in self._conn.execute("SELECT term FROM term_counts WHERE term >= ? AND term < ?",
                                                     (start, start + "\U0010ffff"))]

    def term_document_count(self, stem: str, prefix: bool) -> int:
        """How many paragraphs hold `stem` (for a prefix: summed over its words, an upper bound)."""
        stem = fts_form(stem)
        if prefix:
            row = self._conn.execute("SELECT sum(paragraphs) FROM term_counts WHERE term >= ? AND term < ?",
                                     (stem, stem + "\U0010ffff")).fetchone()
        else:
            row = self._conn.execute("SELECT paragraphs FROM term_counts WHERE term = ?", (stem,)).fetchone()
        return (row[0] or 0) if row else 0

    def documents(self) -> list[dict]:
        """Every indexed document with its metadata and count of searchable paragraphs (as the
        manifest and the build summary count them: a contents page is not), newest meeting first."""
        rows = self._conn.execute(
            "SELECT d.*, (SELECT count(*) FROM paragraphs p WHERE p.document = d.path AND p.searchable) "
            "AS paragraphs "
            "FROM documents d ORDER BY d.meeting_date DESC, d.path").fetchall()
        result = []
        for row in rows:
            values = {key: row[key] for key in row.keys() if key != "catalog"}
            for name, kind in RECORD_COLUMNS.items():
                values[name] = _decode(kind, values[name])
            result.append(values)
        return result


# A case's paragraphs: its own agenda item's case number, else its document's (two parameters, the same
# number; the documents looked up by theirs, not each paragraph without one joined to its document), by
# meeting date (undated last), document and reading order.
_CASE = ("(p.case_number = ? OR (p.case_number IS NULL AND "
         "p.document IN (SELECT path FROM documents WHERE case_number = ?)))")
_CASE_ORDER = "d.meeting_date IS NULL, d.meeting_date, p.document, p.position"


def _filter_sql(filters: "Filters", per_row: bool = False) -> tuple[str, list]:
    """A WHERE fragment over `p` (paragraphs) and `d` (documents), and its parameters. `per_row`: the
    query reads a few given paragraphs, so a decision / follow-up kind is looked up per paragraph
    (as the list it is, SQLite probes every decision's paragraph against every given id: 6 s for a
    decision search over Greve's 43,000 paragraphs instead of 0.1 s)."""
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
        clauses.append(f"EXISTS (SELECT 1 FROM {kind} x WHERE x.paragraph_id = p.id)" if per_row
                       else f"p.id IN (SELECT paragraph_id FROM {kind})")
    return " AND ".join(clauses), params

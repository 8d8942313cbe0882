"""The index database's layout: dataclass fields in, column layouts and DDL out.

The columns of `documents` and `paragraphs` (and of `decisions`, `follow_ups`) are derived
from the fields of `Record`, `Paragraph`, `Decision` and `FollowUp` (dict and list fields as
JSON text, bools as 0/1), so a field added there is stored without a change here. Also the
file names of an index directory and the follow-up statuses.
"""
from __future__ import annotations

import sqlite3
import types
import typing
from dataclasses import fields

from indexer.records import Decision, FollowUp, Paragraph, Record
from indexer.store.follows import FOLLOWS_SCHEMA

DB_NAME = "archive.sqlite"
REPORT_NAME = "build-report.json"
LOCK_NAME = "build.lock"


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


def _extracted_table(table: str, layout: dict[str, str]) -> str:
    """DDL of a table of things extracted from documents (decisions, follow-ups), each kept in
    document order and found by body and date or by its paragraph."""
    return f"""
CREATE TABLE IF NOT EXISTS {table} (
    id TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    {_column_defs(layout, {"id", "document"})},
    position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS {table}_document ON {table}(document, position);
CREATE INDEX IF NOT EXISTS {table}_body_date ON {table}(body, meeting_date);
CREATE INDEX IF NOT EXISTS {table}_paragraph ON {table}(paragraph_id);"""


# Created with the others, and on opening an index written before they existed.
EXTRACTION_SCHEMA = _extracted_table("decisions", DECISION_COLUMNS) + _extracted_table(
    "follow_ups", FOLLOW_UP_COLUMNS) + """
CREATE TABLE IF NOT EXISTS extracted (document TEXT PRIMARY KEY, rules TEXT);
CREATE TABLE IF NOT EXISTS follow_up_marks (
    follow_up_id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('done', 'dismissed')),
    note TEXT,
    marked_at TEXT NOT NULL,
    marked_by TEXT
);
"""
_DERIVED_TABLES = ("decisions", "follow_ups", "extracted")  # never "follow_up_marks"

# Where each follow-up was taken up again (`FollowUpLink`s as JSON), as a build found them for the
# generation it committed last with the code of `version`: a list opens at once instead of searching for
# every promise. Rows of another generation or version are never read; made on opening an index from before it.
LINKS_SCHEMA = """
CREATE TABLE IF NOT EXISTS follow_up_links (
    follow_up_id TEXT PRIMARY KEY,
    generation INTEGER NOT NULL,
    version TEXT NOT NULL,
    links TEXT NOT NULL
) WITHOUT ROWID;
"""


def links_readable(conn: sqlite3.Connection) -> bool:
    """Whether the index keeps links as `LINKS_SCHEMA` does (not: none kept yet, or kept before they
    carried their version)."""
    return "version" in {r[1] for r in conn.execute("PRAGMA table_info(follow_up_links)")}


# How many searchable paragraphs hold each FTS5 term, kept up to date by every write, so that
# a query learns which of its terms are common without FTS5 reading their postings (at 1M
# paragraphs 4 / 16 ms p50 / p95 a query that way, 0.03 / 0.07 ms from this table). Created
# with the others, and filled from FTS5's own vocabulary on opening an index from before it.
TERM_COUNTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS term_counts (term TEXT PRIMARY KEY, paragraphs INTEGER NOT NULL) WITHOUT ROWID;
"""

# Per agenda item, the centroid of its paragraphs' vectors and how many searchable paragraphs it
# has: search orders the dense side with it (`rank.ITEM_WEIGHT`). Kept with the vectors
# (`DocumentWrites.refresh_item_vectors`); made and filled on opening an index from before it.
ITEM_VECTORS_SCHEMA = """
CREATE TABLE IF NOT EXISTS item_vectors (
    document TEXT NOT NULL,
    item_number TEXT NOT NULL,
    paragraphs INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (document, item_number)
) WITHOUT ROWID;
"""

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY,
    {_column_defs(RECORD_COLUMNS, {"path"})},
    {", ".join(f"{n} {t}" for n, t in DOCUMENT_EXTRA.items())}
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE INDEX IF NOT EXISTS documents_date ON documents(meeting_date);
CREATE INDEX IF NOT EXISTS documents_case ON documents(case_number);
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
CREATE INDEX IF NOT EXISTS paragraphs_case ON paragraphs(case_number);
CREATE INDEX IF NOT EXISTS paragraphs_text_hash ON paragraphs(text_hash);
CREATE VIRTUAL TABLE IF NOT EXISTS paragraphs_fts USING fts5(
    stemmed, tokenize = 'unicode61 remove_diacritics 0'
);
""" + EXTRACTION_SCHEMA + LINKS_SCHEMA + TERM_COUNTS_SCHEMA + ITEM_VECTORS_SCHEMA + FOLLOWS_SCHEMA  # follows: never dropped by a rebuild

# Every column of both tables, in field order (rows are split by position, so names never clash).
_HIT_SELECT = ("SELECT p.vec_id, "
               + ", ".join(f'p."{n}"' for n in PARAGRAPH_COLUMNS) + ", "
               + ", ".join(f'd."{n}"' for n in RECORD_COLUMNS)
               + " FROM paragraphs p JOIN documents d ON d.path = p.document")


# The tables whose columns come from a dataclass's fields, and those fields' layouts.
_FIELD_TABLES = {"documents": RECORD_COLUMNS, "paragraphs": PARAGRAPH_COLUMNS,
                 "decisions": DECISION_COLUMNS, "follow_ups": FOLLOW_UP_COLUMNS}


def missing_columns(table_columns: dict[str, set[str]]) -> list[str]:
    """ALTER TABLE statements that add the columns a field added since an index was built needs
    (`table_columns`: each table's present columns). Old rows read NULL there: unknown, as for
    any document that does not state the value; a rebuild fills them in."""
    return [f'ALTER TABLE {table} ADD COLUMN "{name}" {_SQL_TYPE[kind]}'
            for table, layout in _FIELD_TABLES.items() if table in table_columns
            for name, kind in layout.items() if name not in table_columns[table]]

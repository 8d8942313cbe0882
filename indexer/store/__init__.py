"""The index directory and the only package that speaks SQL: records, paragraphs and vectors
in; rows, ids and counts out, through `Store` methods named after what is wanted.

One directory holds:
- `archive.sqlite`: the catalog and source of truth (documents, paragraphs with their
  vectors, an FTS5 table over a Danish-stemmed copy of each searchable paragraph, and how
  many paragraphs hold each of its terms), WAL mode;
- `vectors-<generation>.faiss`: the FAISS index for one generation;
- `manifest.json`: the `Manifest` (see manifest.py), mirrored from the `meta` table;
- `build-report.json`: what the last build indexed and skipped, and why;
- `build.lock`: held while a build runs.

Modules, by what they hold:
- schema.py: file names, column layouts derived from the dataclasses, the DDL;
- rows.py: dataclass values to SQL parameters and row tuples back to dataclasses;
- core.py: `Store`: the connection, transactions and the meta table (manifest);
- documents.py: writing documents, paragraphs, vectors, FTS rows and term counts;
- lookups.py: reading hits, paragraphs, vectors, FTS matches, a paragraph's terms and counts;
- tracking.py: decisions, follow-ups, the marks on follow-ups and the links a build found for them;
- files.py: FAISS file names, stale FAISS files, the build lock.
"""
from __future__ import annotations

from indexer.store.manifest import FORMAT_VERSION, MANIFEST_NAME, rebuild_hint, write_json
from indexer.store.core import Store
from indexer.store.documents import KnownDocument, StoredDocument, WaitingParagraph
from indexer.store.files import (DISK_FULL, build_lock, build_running, faiss_path, remove_stale_files,
                                 unwritable_message)
from indexer.store.rows import vector_id
from indexer.store.schema import (DB_NAME, DECISION_COLUMNS, DOCUMENT_EXTRA, EXTRACTION_SCHEMA, FOLLOW_UP_COLUMNS,
                     LOCK_NAME, PARAGRAPH_COLUMNS, RECORD_COLUMNS, REPORT_NAME, SCHEMA, STATUSES)
from indexer.store.tracking import Mark, TrackedFollowUp

__all__ = ["Store", "StoredDocument", "WaitingParagraph", "KnownDocument", "Mark", "TrackedFollowUp", "STATUSES", "FORMAT_VERSION", "MANIFEST_NAME", "DB_NAME",
           "REPORT_NAME", "LOCK_NAME", "rebuild_hint", "write_json", "faiss_path", "vector_id",
           "remove_stale_files", "build_lock", "build_running", "DISK_FULL", "unwritable_message", "SCHEMA", "EXTRACTION_SCHEMA",
           "RECORD_COLUMNS", "PARAGRAPH_COLUMNS", "DECISION_COLUMNS", "FOLLOW_UP_COLUMNS", "DOCUMENT_EXTRA"]

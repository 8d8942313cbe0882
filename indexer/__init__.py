"""A searchable archive of meeting records: read → clean → segment → embed → store → search.

Public names are imported lazily, so that `import indexer.ingest.clean` stays light and
the heavy libraries (torch, faiss) load only when a model or an index is used.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "Archive": "search.archive", "Filters": "records", "Query": "search.query",
    "SearchResults": "search.results", "Facets": "search.results", "TimelineRow": "search.results",
    "Manifest": "store.manifest",
    "BuildReport": "build.report", "SkippedFile": "build.report", "SourceFile": "ingest.scan",
    "Embedder": "embed.embedder",
    "Document": "records", "Hit": "records", "Page": "records", "Paragraph": "records", "Record": "records",
    "Decision": "records", "Vote": "records", "FollowUp": "records", "FollowUpLink": "records",
    "Meeting": "records", "AgendaItem": "records", "Section": "records", "Attendee": "records",
    "Attachment": "records",
    "ArchiveError": "errors", "BuildLocked": "errors", "IndexDamaged": "errors", "IndexMissing": "errors",
    "InvalidInput": "errors", "ModelMismatch": "errors", "ModelUnavailable": "errors",
    "UnreadableFile": "errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'indexer' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)

"""Ingestion: a file of the archive in, its `Record` and retrieval `Paragraph`s out.

scan (which files) → read (text per page, OCR) → clean → structure/chunk/segment → metadata
(+ the archive's catalog); `pipeline.ingest_file` runs them for one file.
"""
from __future__ import annotations

from pathlib import Path

from indexer.config import code_version

# A PDF or text file read by another version of the reading (headings, paragraphs, items) is read again on the
# next build, its text embedded again only where it changed and its OCR taken from the cache, so a reading mended
# reaches an index built before (as `sources.READER_VERSION` does for meeting exports).
READING_VERSION = code_version(Path(__file__).parent)

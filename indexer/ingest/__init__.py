"""Ingestion: a file of the archive in, its `Record` and retrieval `Paragraph`s out.

scan (which files) → read (text per page, OCR) → clean → structure/chunk/segment → metadata
(+ the archive's catalog); `pipeline.ingest_file` runs them for one file.
"""
from __future__ import annotations

import hashlib
from pathlib import Path


def _reading_version() -> str:
    """A digest of this stage's source: a PDF or text file read by another version of the reading (headings,
    paragraphs, items) is read again on the next build, its text embedded again only where it changed and its
    OCR taken from the cache, so a reading mended reaches an index built before (as `sources.READER_VERSION`
    does for meeting exports)."""
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:12]


READING_VERSION = _reading_version()

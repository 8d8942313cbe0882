"""Ingestion: a file of the archive in, its `Record` and retrieval `Paragraph`s out.

scan (which files) → read (text per page, OCR) → clean → structure/chunk/segment → metadata
(+ the archive's catalog); `pipeline.ingest_file` runs them for one file.
"""

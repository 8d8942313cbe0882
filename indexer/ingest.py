"""Ingestion: a file in, its `Record` and retrieval `Paragraph`s out.

read (`read.read_document`) → clean (`clean.clean_pages`) → segment (`segment.segment`)
→ metadata (`metadata.detect_metadata`, overridden by the archive's catalog).
`format_inspection` renders the result for `python -m indexer inspect FILE`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from indexer.clean import clean_pages
from indexer.errors import UnreadableFile
from indexer.metadata import CATALOG_FIELDS, catalog_key, detect_metadata, load_catalog
from indexer.read import read_document
from indexer.records import Paragraph, Record
from indexer.segment import segment


def ingest_file(
    path: str | Path,
    root: str | Path | None = None,
    catalog: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[Record, list[Paragraph]]:
    """Read, clean and segment one file and describe it.

    Args:
        path: the file.
        root: the archive root; paths are stored relative to it, and its catalog is
            read when `catalog` is not given.
        catalog: entries from `metadata.load_catalog`, keyed by path relative to root.

    Returns:
        The document's record and its paragraphs in reading order.

    Raises:
        UnreadableFile: the file cannot be read, or holds no text once cleaned.
        InvalidInput: the archive's catalog has a bad row (only when it is read here).
    """
    document = read_document(path, root)
    paged = document.file_type == "pdf"
    blocks = clean_pages([(page.number if paged else None, page.text) for page in document.pages])
    if not blocks:
        raise UnreadableFile(path, "no text left after removing page furniture")
    if catalog is None:
        catalog = load_catalog(root) if root is not None else {}
    fields: dict[str, str | None] = dict(detect_metadata([block.text for block in blocks]))
    fields.update({k: v for k, v in catalog.get(catalog_key(document.path), {}).items() if k in CATALOG_FIELDS})
    record = Record(
        path=document.path,
        content_hash=document.content_hash,
        file_type=document.file_type,
        pages=len(document.pages),
        **fields,
    )
    return record, segment(blocks, document.path, document.content_hash)


def format_inspection(record: Record, paragraphs: list[Paragraph]) -> str:
    """Render a document's metadata and paragraphs so a person can check the segmentation."""
    out = [f"{record.path}  ({record.file_type}, {record.pages} page{'s' if record.pages != 1 else ''})"]
    for name in ("title", "body", "meeting_date", "doc_type", "case_number"):
        out.append(f"  {name + ':':<14}{getattr(record, name) or '—'}")
    out.append(f"  {'hash:':<14}{record.content_hash[:16]}")
    sizes = sorted(len(p.text) for p in paragraphs)
    if sizes:
        out.append(
            f"  {'paragraphs:':<14}{len(paragraphs)} (chars min {sizes[0]}, median {sizes[len(sizes) // 2]}, "
            f"max {sizes[-1]}; {sum(p.is_heading for p in paragraphs)} heading rows, "
            f"{len({p.heading for p in paragraphs if p.heading})} headings, "
            f"{len({p.speaker for p in paragraphs if p.speaker})} speakers)"
        )
    out.append("")
    for p in paragraphs:
        tags = [p.id]
        if p.page is not None:
            tags.append(f"p.{p.page}")
        tags.append(f"{len(p.text)} chars")
        if p.is_heading:
            tags.append("HEADING")
        if p.is_list_item:
            tags.append("list")
        out.append("── " + " · ".join(tags))
        if p.heading and not p.is_heading:
            out.append(f"   heading: {p.heading}")
        if p.speaker:
            extra = ", ".join(x for x in (p.party, p.role) if x)
            out.append(f"   speaker: {p.speaker}" + (f" ({extra})" if extra else ""))
        out.extend("   │ " + line for line in p.text.split("\n"))
    return "\n".join(out) + "\n"
